import {
  type Finding,
  isPassing,
  printable,
  type RequestInfo,
  type Severity,
  type ValidationResult,
} from '@fph-kit/validator';
import {
  isNamedRequest,
  painter,
  plural,
  requestLine,
  type Style,
  verdictStyle,
} from '../style.js';

/** The text report of `fph validate`: a verdict per header, the fix under each problem, a summary. */

export interface TextSet {
  request?: RequestInfo | undefined;
  result: ValidationResult;
  /** Header names (lower case) in the order to show them. */
  order: string[];
}

export interface TextOptions {
  colour: boolean;
  strict: boolean;
}

const LABEL_WIDTH = 9;
const INDENT = ' '.repeat(2 + LABEL_WIDTH);

/** Shows a value on one line: control characters escaped, long values shortened. */
function shown(value: string): string {
  const escaped = JSON.stringify(value);
  return escaped.length > 90 ? `${escaped.slice(0, 86)}..."` : escaped;
}

function counts(findings: readonly Finding[]): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, advisory: 0, info: 0 };
  for (const f of findings) n[f.severity]++;
  return n;
}

export function renderText(sets: readonly TextSet[], options: TextOptions): string {
  const paint = painter(options.colour);
  const label = (style: Style): string => paint(style, style.padEnd(LABEL_WIDTH));
  const out: string[] = [];

  // Header names, request lines and details come from the input: printable() keeps a CR, LF or
  // terminal escape sequence in them from rewriting the report on screen.
  const problem = (f: Finding, name: string): void => {
    out.push(`  ${label(f.severity)}${printable(name)}  ${f.message}`);
    if (f.value !== undefined) out.push(`${INDENT}value: ${shown(f.value)}`);
    if (f.detail) out.push(`${INDENT}${printable(f.detail)}`);
    out.push(`${INDENT}fix: ${f.hint}`);
    out.push(`${INDENT}see: ${f.specUrl}`);
  };

  sets.forEach(({ request, result, order }, index) => {
    if (index > 0) out.push('');
    if (isNamedRequest(request) || sets.length > 1)
      out.push(paint('bold', requestLine(request, `request ${index + 1}`)));
    const byHeader = new Map<string, Finding[]>();
    const crossOrSet: Finding[] = [];
    for (const f of result.findings) {
      if (f.headers.length !== 1) {
        crossOrSet.push(f);
        continue;
      }
      const list = byHeader.get(f.header);
      if (list) list.push(f);
      else byHeader.set(f.header, [f]);
    }
    for (const name of order) {
      const found = byHeader.get(name);
      if (!found) {
        out.push(`  ${label('ok')}${printable(name)}`);
        continue;
      }
      for (const f of found) problem(f, name);
    }
    for (const f of crossOrSet) problem(f, f.headers.join(', ') || 'all headers');

    const n = counts(result.findings);
    const parts = [
      plural(n.error, 'error'),
      plural(n.warning, 'warning'),
      plural(n.advisory, 'advisory'),
    ];
    if (n.info > 0) parts.push(plural(n.info, 'note'));
    const method = result.connectionMethod ?? 'connection method unknown';
    out.push('');
    out.push(
      `${paint(verdictStyle(result.report.code), result.report.code)} (${method}): ${parts.join(', ')}`,
    );
  });

  if (sets.length > 1) {
    const failing = sets.filter(({ result }) => !isPassing(result, options)).length;
    out.push('');
    out.push(`${plural(sets.length, 'request')} validated, ${failing} failing`);
  }
  if (options.strict) out.push('--strict: warnings and advisories count as failures');
  return `${out.join('\n')}\n`;
}
