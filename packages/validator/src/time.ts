/** Calendar checks for the spec's UTC timestamps (Date.parse accepts 30 February and 24:00). */

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(text: string, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Epoch milliseconds of a real calendar instant, or NaN. */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): number {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const leap = month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0);
  if (day > DAYS[month - 1]! + (leap ? 1 : 0)) return NaN;
  // Date.UTC reads years 0-99 as 1900-1999; 400 Gregorian years are exactly 146097 days.
  if (year < 100) {
    return Date.UTC(year + 400, month - 1, day, hour, minute, second, millis) - 146097 * 86400000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/**
 * Reads `yyyy-MM-ddTHH:mm[:ss[.f...]]Z`. Returns the instant and how many fraction digits it had
 * (-1 without seconds, 0 with seconds but no fraction), or undefined when it is not such a time.
 */
export function readUtcTime(text: string): { millis: number; fraction: number } | undefined {
  const n = text.length;
  if (n < 17 || text.charCodeAt(n - 1) !== 0x5a /* Z */) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return undefined;
  let second = 0;
  let millis = 0;
  let fraction = -1;
  if (n > 17) {
    if (text[16] !== ':' || n < 20) return undefined;
    second = digits(text, 17, 2);
    if (second < 0) return undefined;
    fraction = 0;
    if (n > 20) {
      if (text[19] !== '.' || n < 22) return undefined;
      fraction = n - 21;
      if (fraction > 9) return undefined;
      const frac = digits(text, 20, fraction);
      if (frac < 0) return undefined;
      millis = Math.floor(frac / 10 ** Math.max(0, fraction - 3)) * 10 ** Math.max(0, 3 - fraction);
    }
  }
  const value = utcMillis(year, month, day, hour, minute, second, millis);
  return Number.isNaN(value) ? undefined : { millis: value, fraction };
}
