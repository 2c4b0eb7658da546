import { readUtcTime } from '@fph-kit/spec';
import { headerRule } from '../rules.js';
import type { Run } from '../run.js';
import { DAY, FUTURE_SKEW, HOUR } from './check.js';

/** Gov-Client-Local-IPs-Timestamp and Gov-Client-Public-IP-Timestamp. */

export function timestamp(value: string, run: Run, key: string): void {
  const time = readUtcTime(value);
  if (!time) {
    run.hit(headerRule(key, 'invalid'), key, value);
    return;
  }
  if (time.fraction !== 3) {
    run.hit(
      headerRule(key, 'no-milliseconds'),
      key,
      value,
      time.fraction < 1 ? 'no milliseconds' : `${time.fraction} digits of milliseconds`,
    );
  }
  timeAdvisories(time.millis, key, value, run, HOUR);
}

function timeAdvisories(millis: number, key: string, value: string, run: Run, stale: number): void {
  if (millis - run.now > FUTURE_SKEW) {
    run.hit(headerRule(key, 'future'), key, value, `${describeAge(millis - run.now)} ahead`);
  } else if (run.now - millis > stale) {
    run.hit(headerRule(key, 'stale'), key, value, `${describeAge(run.now - millis)} old`);
  }
}

/** A duration in the largest whole unit, e.g. `3 days`. */
export function describeAge(ms: number): string {
  const units: [number, string][] = [
    [365 * DAY, 'year'],
    [DAY, 'day'],
    [HOUR, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}
