import { type ConnectionMethod, HEADERS, SPEC_BASE_URL, specUrl } from '@fph-kit/spec';
import type { Rule } from './types.js';

const ANCHORS = new Map(HEADERS.map((h) => [h.key, h.anchor]));

/**
 * The spec section that defines a rule: the header's section on the connection method's page, the
 * connection-method index for rules about the set, or the getting-it-right page. Without a method,
 * the index with the header's anchor (each method has its own page, and the section is on each).
 */
export function ruleSpecUrl(
  rule: Pick<Rule, 'header' | 'page'>,
  method?: ConnectionMethod,
): string {
  if (rule.page === 'getting-it-right') return `${SPEC_BASE_URL}/getting-it-right/`;
  const anchor = ANCHORS.get(rule.header);
  if (rule.page === 'connection-method-index' || anchor === undefined)
    return specUrl(undefined, method);
  return specUrl(anchor, method);
}
