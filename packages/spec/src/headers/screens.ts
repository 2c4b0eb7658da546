import { decodeKeyValueList } from '../codec.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import {
  addCodecProblems,
  encodedSeparator,
  isPositiveDecimal,
  isWholeNumber,
  nonEmptyList,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  pairValue,
  positive,
  result,
} from './shared.js';

/** `Gov-Client-Screens` and `Gov-Client-Window-Size`: sizes as key-value structures. */

export interface Screen {
  /** Reported width in pixels (positive whole number). */
  width: number;
  /** Reported height in pixels (positive whole number). */
  height: number;
  /** Scaling factor, e.g. 1, 1.25, 2 (positive). */
  scalingFactor: number;
  /** Colour depth in bits (positive whole number). */
  colourDepth: number;
}

export interface WindowSize {
  width: number;
  height: number;
}

/** The keys of a screen, with whether each is a decimal number (else a whole number). */
export const SCREEN_KEYS: readonly (readonly [key: string, decimal: boolean])[] = [
  ['width', false],
  ['height', false],
  ['scaling-factor', true],
  ['colour-depth', false],
];

/** Whether a decoded screen or window value is a valid number for its key. */
export function isSizeNumber(raw: string, decimal: boolean): boolean {
  return decimal ? isPositiveDecimal(raw) : isWholeNumber(raw);
}

/** 10^0 to 10^15, all exact doubles (a literal, so bundles that never read sizes drop it). */
const POWERS_OF_TEN = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/**
 * The number `raw` writes when {@link isSizeNumber} accepts it, else NaN. Up to 15 digits (a
 * decimal point aside) are added up as they are read, which is exact below 2^53; a fraction is
 * then one division by an exact power of ten, which rounds as `Number` does. The rest go through
 * `Number`.
 */
export function sizeNumber(raw: string, decimal: boolean): number {
  const n = raw.length;
  const lead = raw.charCodeAt(0) - 0x30;
  if (n <= 16 && lead >= 0 && lead <= 9) {
    let value = lead;
    let i = 1;
    for (; i < n; i++) {
      const d = raw.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (i === n) {
      // A whole number: no leading zero.
      if (lead !== 0 && n <= 15) return value;
    } else if (decimal && raw.charCodeAt(i) === 0x2e && (lead !== 0 || i === 1) && i + 1 < n) {
      // A fraction after `0` or a whole number without leading zero.
      const point = i;
      for (i++; i < n; i++) {
        const d = raw.charCodeAt(i) - 0x30;
        if (d < 0 || d > 9) break;
        value = value * 10 + d;
      }
      if (i === n) {
        const number = value / POWERS_OF_TEN[n - 1 - point]!;
        return number > 0 ? number : Number.NaN;
      }
    }
  }
  return isSizeNumber(raw, decimal) ? Number(raw) : Number.NaN;
}

/** Internal: one number of a structure, or NaN with a problem. */
export function readNumber(
  pairs: readonly (readonly [string, string])[],
  key: string,
  field: string,
  decimal: boolean,
  problems: ParseProblem[],
): number {
  const raw = pairValue(pairs, key);
  if (raw === undefined || raw === '') {
    problems.push({ code: 'MISSING_KEY', message: `${field} has no value for '${key}'`, field });
    return Number.NaN;
  }
  const value = sizeNumber(raw, decimal);
  if (!Number.isNaN(value)) return value;
  if (encodedSeparator(raw, `${field} '${key}'`, problems)) return Number.NaN;
  problems.push({
    code: 'INVALID_NUMBER',
    message: `${field} '${key}' must be a positive ${decimal ? '' : 'whole '}number, got '${raw}'`,
    field,
  });
  return Number.NaN;
}

/**
 * `width=…&height=…` of a screen or window (`field` ends with `.`). The values are decimal digits,
 * which percent-encoding leaves as they are.
 */
export function formatDimensions(value: WindowSize | undefined, field: string): string {
  return `width=${positive(value?.width, `${field}width`)}&height=${positive(value?.height, `${field}height`)}`;
}

/** `Gov-Client-Screens`: one structure per screen. */
export function formatScreens(screens: readonly Screen[]): string {
  return nonEmptyList(screens, 'screens', 'screen')
    .map((s, i) => {
      const field = `screens[${i}].`;
      return `${formatDimensions(s, field)}&scaling-factor=${positive(s?.scalingFactor, `${field}scalingFactor`, true)}&colour-depth=${positive(s?.colourDepth, `${field}colourDepth`)}`;
    })
    .join(',');
}

/** `Gov-Client-Screens`. */
export function parseScreens(text: string): ParseResult<Screen[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result([], problems);
  const decoded = decodeKeyValueList(text);
  addCodecProblems(problems, decoded.problems);
  const screens = decoded.value.map((pairs, i) => {
    const field = `screens[${i}]`;
    return {
      width: readNumber(pairs, 'width', field, false, problems),
      height: readNumber(pairs, 'height', field, false, problems),
      scalingFactor: readNumber(pairs, 'scaling-factor', field, true, problems),
      colourDepth: readNumber(pairs, 'colour-depth', field, false, problems),
    };
  });
  return result(screens, problems);
}

/** Gov-Client-Screens in the header catalogue. */
export const SCREENS_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Screens',
  'key-value-list',
  'client',
  "The originating device's screens: width, height, scaling-factor, colour-depth.",
  { requiredKeys: ['width', 'height', 'scaling-factor', 'colour-depth'] },
);
