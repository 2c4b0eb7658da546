import {
  type Finding,
  isPassing,
  printable,
  type RequestInfo,
  type Severity,
  type ValidationResult,
} from '@fph-kit/validator';

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

const COLOURS = {
  ok: '32',
  error: '31',
  warning: '33',
  advisory: '36',
  info: '2',
  bold: '1',
} as const;

type Style = keyof typeof COLOURS;

const LABEL_WIDTH = 9;
const INDENT = ' '.repeat(2 + LABEL_WIDTH);

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

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
  const paint = (style: Style, text: string): string =>
    options.colour ? `\u001b[${COLOURS[style]}m${text}\u001b[0m` : text;
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
    const where = printable([request?.method, request?.url].filter(Boolean).join(' '));
    const when = request?.startedDateTime ? ` (${printable(request.startedDateTime)})` : '';
    if (where || sets.length > 1) {
      out.push(paint('bold', `${where || `request ${index + 1}`}${when}`));
    }
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
      plural(n.advisory, 'advisory').replace('advisorys', 'advisories'),
    ];
    if (n.info > 0) parts.push(plural(n.info, 'note'));
    const method = result.connectionMethod ?? 'connection method unknown';
    const verdict =
      result.report.code === 'VALID_HEADERS'
        ? 'ok'
        : result.report.code === 'INVALID_HEADERS'
          ? 'error'
          : 'warning';
    out.push('');
    out.push(`${paint(verdict, result.report.code)} (${method}): ${parts.join(', ')}`);
  });

  if (sets.length > 1) {
    const failing = sets.filter(({ result }) => !isPassing(result, options)).length;
    out.push('');
    out.push(`${plural(sets.length, 'request')} validated, ${failing} failing`);
  }
  if (options.strict) out.push('--strict: warnings and advisories count as failures');
  return `${out.join('\n')}\n`;
}
