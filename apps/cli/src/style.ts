import { printable, type RequestInfo } from '@fph-kit/validator';

/** How the text reports look: colours on a terminal, counted words. */

const COLOURS = {
  ok: '32',
  error: '31',
  warning: '33',
  advisory: '36',
  info: '2',
  bold: '1',
} as const;

export type Style = keyof typeof COLOURS;

export type Paint = (style: Style, text: string) => string;

/** Paints with ANSI colours when `colour` is true, leaves text alone otherwise. */
export function painter(colour: boolean): Paint {
  return (style, text) => (colour ? `\u001b[${COLOURS[style]}m${text}\u001b[0m` : text);
}

/** `1 error`, `2 errors`, `2 advisories`. */
export function plural(n: number, word: string): string {
  if (n === 1) return `${n} ${word}`;
  return `${n} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

/** The style of an overall verdict code (HMRC's or fph-kit's). */
export function verdictStyle(code: unknown): Style {
  return code === 'VALID_HEADERS'
    ? 'ok'
    : code === 'INVALID_HEADERS'
      ? 'error'
      : code === 'POTENTIALLY_INVALID_HEADERS'
        ? 'warning'
        : 'info';
}

/** Whether the input says which request a header set came from (HAR, a raw block's request line). */
export function isNamedRequest(request: RequestInfo | undefined): boolean {
  return Boolean(request?.method || request?.url);
}

/** The line naming a request: method, URL and time, or `fallback` when the input does not say. */
export function requestLine(request: RequestInfo | undefined, fallback: string): string {
  const where = printable([request?.method, request?.url].filter(Boolean).join(' '));
  const when = request?.startedDateTime ? ` (${printable(request.startedDateTime)})` : '';
  return `${where || fallback}${when}`;
}
