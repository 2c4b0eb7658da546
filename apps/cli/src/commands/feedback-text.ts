import type { HmrcFeedbackRequest, HmrcFeedbackResponse } from '@fph-kit/hmrc';
import { printable } from '@fph-kit/validator';
import { painter, plural, type Style, verdictStyle } from '../style.js';

/**
 * The text report of `fph feedback`: each endpoint's latest request with its verdict, the headers
 * with errors or warnings under it, and a count per verdict.
 */

const LABEL_WIDTH = 9;
const INDENT = ' '.repeat(2 + LABEL_WIDTH);

/** Verdicts that make `fph feedback` exit 1. */
export function isFailing(request: HmrcFeedbackRequest): boolean {
  return request.code === 'INVALID_HEADERS' || request.code === 'NO_HEADERS';
}

function requestStyle(code: string): Style {
  return code === 'NO_HEADERS' ? 'error' : verdictStyle(code);
}

export function renderFeedback(
  body: HmrcFeedbackResponse,
  options: { colour: boolean; api: string; source: string; noRequests: string },
): string {
  const paint = painter(options.colour);
  const label = (style: Style): string => paint(style, style.padEnd(LABEL_WIDTH));
  const out = [`${options.api}: validation feedback from ${options.source}`];
  if (body.requests.length === 0) {
    out.push('', options.noRequests);
    return `${out.join('\n')}\n`;
  }
  const tally = new Map<string, number>();
  for (const request of body.requests) {
    tally.set(request.code, (tally.get(request.code) ?? 0) + 1);
    out.push(
      '',
      `${paint('bold', `${printable(request.method)} ${printable(request.path)}`)} (${printable(request.requestTimestamp)})  ${paint(requestStyle(request.code), request.code)}`,
    );
    let shown = 0;
    for (const header of request.headers ?? []) {
      const issues = [
        ...(header.errors ?? []).map((m) => ['error', m] as const),
        ...(header.warnings ?? []).map((m) => ['warning', m] as const),
      ];
      for (const [severity, message] of issues) {
        out.push(`  ${label(severity)}${printable(header.header)}  ${printable(message)}`);
        shown++;
      }
      if (issues.length > 0 && header.value !== undefined)
        out.push(`${INDENT}value: ${printable(JSON.stringify(header.value))}`);
    }
    for (const cross of request.crossValidation ?? []) {
      for (const message of cross.errors ?? []) {
        out.push(
          `  ${label('error')}${printable((cross.headers ?? []).join(', ') || 'all headers')}  ${printable(message)}`,
        );
        shown++;
      }
    }
    const headers = request.headers?.length ?? 0;
    if (shown === 0)
      out.push(`  ${label('ok')}${plural(headers, 'header')}, no errors or warnings`);
  }
  out.push(
    '',
    `${plural(body.requests.length, 'request')}: ${[...tally]
      .map(([code, n]) => `${n} ${paint(requestStyle(code), code)}`)
      .join(', ')}`,
  );
  return `${out.join('\n')}\n`;
}
