import { formatTimezone } from '@fph-kit/spec';
import type { Entry } from '../collector-types.js';

/** Gov-Client-Timezone: the offset in effect at the request's moment; encoded once per offset. */
export class TimezoneHeader {
  private offset = Number.NaN;
  private value = '';

  entry(offsetMinutes: number): Entry {
    if (offsetMinutes !== this.offset) {
      this.value = formatTimezone(offsetMinutes);
      this.offset = offsetMinutes;
    }
    return {
      value: this.value,
      status: 'collected',
      source: 'the UTC offset in effect now (daylight saving included), read for this request',
    };
  }
}
