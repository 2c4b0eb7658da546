import { DateTime } from 'luxon';

/**
 * Which UTC offsets real timezones use, from the IANA database the runtime ships (through luxon).
 * Whole hours from UTC-12:00 to UTC+14:00 are all in use; the table of other offsets is built
 * once, the first time such an offset is seen, from every zone in January and July.
 */

let fractional: ReadonlySet<number> | undefined;

function fractionalOffsets(): ReadonlySet<number> {
  if (fractional) return fractional;
  const found = new Set<number>();
  const year = DateTime.utc().year;
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  for (const month of [1, 7]) {
    const instant = DateTime.utc(year, month, 1);
    for (const zone of zones) {
      const offset = instant.setZone(zone).offset;
      if (offset % 60 !== 0) found.add(offset);
    }
  }
  fractional = found;
  return found;
}

/** True when some timezone uses this offset (minutes east of UTC) in January or July. */
export function isTimezoneOffsetInUse(offsetMinutes: number): boolean {
  if (offsetMinutes % 60 === 0) return offsetMinutes >= -12 * 60 && offsetMinutes <= 14 * 60;
  return fractionalOffsets().has(offsetMinutes);
}
