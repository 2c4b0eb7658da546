import { readUtcTime } from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';
import { isTimezoneOffsetInUse } from './timezones.js';

describe('readUtcTime', () => {
  it('reads the spec forms with and without seconds and fractions', () => {
    expect(readUtcTime('2020-09-21T14:30:05.123Z')).toEqual({
      millis: Date.UTC(2020, 8, 21, 14, 30, 5, 123),
      fraction: 3,
    });
    expect(readUtcTime('2021-11-21T13:23Z')).toEqual({
      millis: Date.UTC(2021, 10, 21, 13, 23),
      fraction: -1,
    });
    expect(readUtcTime('2021-01-07T09:51:03.03Z')).toEqual({
      millis: Date.UTC(2021, 0, 7, 9, 51, 3, 30),
      fraction: 2,
    });
    expect(readUtcTime('0099-01-01T00:00:00.000Z')?.millis).toBe(
      Date.parse('0099-01-01T00:00:00.000Z'),
    );
  });

  it('refuses dates that do not exist and other forms', () => {
    for (const text of [
      '2021-02-29T10:00Z',
      '2020-02-30T10:00Z',
      '2021-11-21T24:00Z',
      '2021-13-01T10:00Z',
      '2021-11-21 13:23Z',
      '2021-11-21T13:23:00+00:00',
      '2021-11-21T13:23:00.Z',
      '2021-11-21T13%3A23Z',
      '2021-11-21T13:23:00.1234567890Z',
    ]) {
      expect(readUtcTime(text), text).toBeUndefined();
    }
    expect(readUtcTime('2020-02-29T10:00Z')).toBeDefined();
  });
});

describe('isTimezoneOffsetInUse', () => {
  it('knows whole hours from -12 to +14 and the fractional offsets zones use', () => {
    expect(isTimezoneOffsetInUse(0)).toBe(true);
    expect(isTimezoneOffsetInUse(14 * 60)).toBe(true);
    expect(isTimezoneOffsetInUse(-13 * 60)).toBe(false);
    expect(isTimezoneOffsetInUse(330)).toBe(true); // India
    expect(isTimezoneOffsetInUse(345)).toBe(true); // Nepal
    expect(isTimezoneOffsetInUse(-210)).toBe(true); // Newfoundland
    expect(isTimezoneOffsetInUse(-75)).toBe(false); // the spec's UTC-01:15
  });
});
