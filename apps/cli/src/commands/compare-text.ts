import type { HmrcResponseWarning } from '@fph-kit/hmrc';
import { printable } from '@fph-kit/validator';
import { isNamedRequest, painter, plural, requestLine, verdictStyle } from '../style.js';
import type { Compared } from './compare.js';

/** The text report of `fph compare`: both verdicts one above the other, then every difference. */

interface Counts {
  code: unknown;
  errors: number;
  warnings: number;
  specVersion: unknown;
}

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

function countsOf(body: unknown): Counts {
  const b = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  return {
    code: b.code,
    errors: listLength(b.errors),
    warnings: listLength(b.warnings),
    specVersion: b.specVersion,
  };
}

function shownCode(code: unknown): string {
  return typeof code === 'string'
    ? printable(code)
    : `(no code: ${JSON.stringify(code) ?? 'none'})`;
}

function deprecation(warning: HmrcResponseWarning): string {
  return `HMRC says: ${printable(warning.message)}`;
}

export function renderComparisons(
  results: readonly Compared[],
  options: { colour: boolean },
): string {
  const paint = painter(options.colour);
  const out: string[] = [];
  results.forEach((compared, index) => {
    if (index > 0) out.push('');
    if (isNamedRequest(compared.request) || results.length > 1)
      out.push(paint('bold', requestLine(compared.request, `set ${index + 1}`)));
    const sides = [
      ['fph-kit', countsOf(compared.local.report)],
      ['HMRC', countsOf(compared.hmrc.body)],
    ] as const;
    const codeWidth = Math.max(...sides.map(([, c]) => shownCode(c.code).length));
    for (const [who, c] of sides) {
      const code = shownCode(c.code);
      out.push(
        `  ${who.padEnd(8)}${paint(verdictStyle(c.code), code)}${' '.repeat(codeWidth - code.length)}  ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}  (spec ${typeof c.specVersion === 'string' ? printable(c.specVersion) : '?'})`,
      );
    }
    if (compared.agree) {
      out.push(`  ${paint('ok', 'agree')}: the same code, message and issues, in the same order`);
    } else {
      out.push(
        `  ${paint('error', 'disagree')}: ${plural(compared.disagreements.length, 'difference')}`,
      );
      // Details quote HMRC's answer and the input's header names: printable() keeps their
      // control characters from acting on the terminal.
      for (const d of compared.disagreements) out.push(`    - ${printable(d.detail)}`);
    }
    for (const warning of compared.hmrc.warnings) out.push(`  ${deprecation(warning)}`);
    if (compared.ignored.length > 0)
      out.push(
        `  not sent to HMRC (not Gov-* headers): ${compared.ignored.map(printable).join(', ')}`,
      );
  });
  const agreeing = results.filter((c) => c.agree).length;
  out.push('');
  out.push(
    results.length === 1
      ? agreeing === 1
        ? 'fph-kit and HMRC agree'
        : 'fph-kit and HMRC disagree'
      : `fph-kit and HMRC agree on ${agreeing} of ${plural(results.length, 'set')}`,
  );
  return `${out.join('\n')}\n`;
}
