import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import {
  isWholeNumber,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  result,
} from './shared.js';

/** `Gov-Client-Public-Port`: 1 to 65535. */

/** The port a value names (decimal digits, no leading zero), or 0 when it is not one from 1 to 65535. */
export function readPort(text: string): number {
  if (text.length > 5 || !isWholeNumber(text)) return 0;
  const n = Number(text);
  return n <= 65535 ? n : 0;
}

export function formatPort(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    refuse('publicPort', 'a whole number from 1 to 65535', port);
  }
  return String(port);
}

export function parsePort(text: string): ParseResult<number> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result(0, problems);
  const n = readPort(text);
  if (n === 0) {
    problems.push({
      code: 'INVALID_PORT',
      message: `'${text}' is not a port number from 1 to 65535`,
    });
    return result(isWholeNumber(text) ? Number(text) : Number.NaN, problems);
  }
  return result(n, problems);
}

/** Gov-Client-Public-Port in the header catalogue. */
export const PUBLIC_PORT_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Public-Port',
  'plain',
  'server',
  'The public TCP port the originating device used for the request (1-65535, not a server port).',
);
