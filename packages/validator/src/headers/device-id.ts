import { isUuid } from '@fph-kit/spec';
import { rule } from '../rules.js';
import type { Check } from './check.js';

/** Gov-Client-Device-ID: a UUID, not a constant one, not an email address. */

const DID = 'gov-client-device-id';
const DID_NOT_UUID = rule('client-device-id.not-uuid');
const DID_SHORT = rule('client-device-id.too-short');
const DID_EMAIL = rule('client-device-id.email');
const DID_NIL = rule('client-device-id.nil-uuid');
const SPACE = /\s/;
const CONSTANT_UUID = /^([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}$/i;

/**
 * Whether `value` contains something shaped like an email address (`local@domain.tld`, no white
 * space or second `@` in it). A scan from each `@` rather than a regular expression: the obvious
 * pattern backtracks quadratically, which took seconds on a long value without an `@`.
 */
function containsEmail(value: string): boolean {
  const stop = (c: string | undefined): boolean => c === undefined || c === '@' || SPACE.test(c);
  for (let at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
    if (stop(value[at - 1])) continue;
    // The domain runs to the next white space or '@'; it needs a '.' with text on both sides.
    let dot = -1;
    let end = at + 1;
    for (; !stop(value[end]); end++) if (dot < 0 && end > at + 1 && value[end] === '.') dot = end;
    if (dot >= 0 && dot < end - 1) return true;
  }
  return false;
}

export const deviceId: Check = (value, run) => {
  if (isUuid(value)) {
    if (CONSTANT_UUID.test(value)) run.hit(DID_NIL, DID, value);
    return;
  }
  run.hit(DID_NOT_UUID, DID, value);
  let hexDigits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))
      hexDigits++;
  }
  if (hexDigits < 32) run.hit(DID_SHORT, DID, value, `${hexDigits} hexadecimal digits`);
  if (containsEmail(value)) run.hit(DID_EMAIL, DID, value);
};
