import { readTimezone } from '@fph-kit/spec';
import { rule } from '../rules.js';
import { isTimezoneOffsetInUse } from '../timezones.js';
import type { Check } from './check.js';

/** Gov-Client-Timezone: `UTC±hh:mm`, an offset some zone uses. */

const TZ = 'gov-client-timezone';
const TZ_INVALID = rule('client-timezone.invalid');
const TZ_UNUSED = rule('client-timezone.unused-offset');
const TZ_MINUS_ZERO = rule('client-timezone.minus-zero');

export const timezone: Check = (value, run) => {
  const tz = readTimezone(value);
  if (!tz || tz.hours > 14 || tz.minutes > 59 || (tz.hours === 14 && tz.minutes > 0)) {
    run.hit(TZ_INVALID, TZ, value);
    return;
  }
  const offset = (tz.sign === '-' ? -1 : 1) * (tz.hours * 60 + tz.minutes);
  if (offset === 0 && tz.sign === '-') run.hit(TZ_MINUS_ZERO, TZ, value);
  else if (!isTimezoneOffsetInUse(offset)) run.hit(TZ_UNUSED, TZ, value);
};
