import type { IssueCode, Rule, Severity } from './types.js';
import { wordingSource } from './wording-sources.js';

/** Building the rule catalogue: ids, default report codes, frozen rules in catalogue order. */

export const ANY = 'gov-*';

/** Rule id prefix of a header: its lower-case name without `gov-`, e.g. `client-screens`. */
export function ruleHeaderId(key: string): string {
  return key.startsWith('gov-') ? key.slice(4) : key;
}

export type RuleInput = Omit<Rule, 'id' | 'header' | 'code' | 'source'> & { code?: IssueCode };

export function make(id: string, header: string, input: RuleInput): Rule {
  const code = input.code ?? defaultCode(input.severity);
  const source = wordingSource(id, header, input.wording, input.message);
  const rule: Rule = {
    id,
    header,
    ...input,
    ...(code ? { code } : {}),
    ...(source ? { source } : {}),
  };
  return Object.freeze(rule);
}

function defaultCode(severity: Severity): IssueCode | undefined {
  if (severity === 'error') return 'INVALID_HEADER';
  if (severity === 'warning') return 'POTENTIALLY_INVALID_HEADER';
  return undefined;
}

/** The catalogue as it is built, in order. */
export const list: Rule[] = [];

export function add(header: string, problem: string, input: RuleInput): void {
  list.push(make(`${header === ANY ? 'any' : ruleHeaderId(header)}.${problem}`, header, input));
}
