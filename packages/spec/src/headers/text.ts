import { encodeUtf8, percentDecode, percentEncode } from '../codec.js';
import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { type ConnectionMethod, isConnectionMethod } from '../methods.js';
import { def } from './catalogue-entry.js';
import {
  addCodecProblems,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  requireString,
  result,
} from './shared.js';

/**
 * The headers of a single text value: `Gov-Client-Connection-Method` (a token),
 * `Gov-Client-Browser-JS-User-Agent` (as the browser reports it) and `Gov-Vendor-Product-Name`
 * (percent-encoded).
 */

/** `Gov-Client-Connection-Method`. */
export function formatConnectionMethod(method: ConnectionMethod): string {
  if (!isConnectionMethod(method)) {
    refuse('connectionMethod', 'one of the eight spec connection methods', method);
  }
  return method;
}

/** `Gov-Client-Connection-Method`. */
export function parseConnectionMethod(text: string): ParseResult<ConnectionMethod> {
  const problems: ParseProblem[] = [];
  if (nonEmptyText(text, problems) && !isConnectionMethod(text)) {
    problems.push({
      code: 'INVALID_ENUM',
      message: `'${text}' is not a connection method of the spec`,
    });
  }
  return result(text as ConnectionMethod, problems);
}

/**
 * `Gov-Client-Browser-JS-User-Agent`: passed as the browser reports it. A character outside
 * printable US-ASCII (which no mainstream browser sends) is percent-encoded so the header stays legal.
 */
export function formatBrowserJsUserAgent(userAgent: string): string {
  const field = 'browserJsUserAgent';
  return requireString(userAgent, field).replace(/[^ -~]+/g, (run) => encodeUtf8(run, field));
}

/** `Gov-Client-Browser-JS-User-Agent`: the string as sent. */
export function parseBrowserJsUserAgent(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  nonEmptyText(text, problems);
  return result(text, problems);
}

/** `Gov-Vendor-Product-Name`: percent-encoded (`Product Name` becomes `Product%20Name`). */
export function formatProductName(name: string): string {
  return percentEncode(requireString(name, 'productName'), 'productName');
}

/** `Gov-Vendor-Product-Name`: the decoded name. */
export function parseProductName(text: string): ParseResult<string> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result('', problems);
  const decoded = percentDecode(text);
  addCodecProblems(problems, decoded.problems);
  return result(decoded.value, problems);
}

/** Gov-Client-Connection-Method in the header catalogue. */
export const CONNECTION_METHOD_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Connection-Method',
  'enum',
  'server',
  'The connection method of the request.',
);

/** Gov-Client-Browser-JS-User-Agent in the header catalogue. */
export const BROWSER_JS_USER_AGENT_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Browser-JS-User-Agent',
  'plain',
  'client',
  'The user agent string JavaScript reports on the originating device, passed as reported.',
);

/** Gov-Vendor-Product-Name in the header catalogue. */
export const VENDOR_PRODUCT_NAME_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Vendor-Product-Name',
  'encoded',
  'server',
  'The name of the product marketed to end users, percent-encoded.',
);
