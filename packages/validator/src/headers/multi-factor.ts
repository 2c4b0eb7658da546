import { isMultiFactorType, pairValue, readUtcTime } from '@fph-kit/spec';
import { rule } from '../rules.js';
import { readKeyValue } from '../structure.js';
import { type Check, FUTURE_SKEW } from './check.js';

/** Gov-Client-Multi-Factor: type, timestamp and a hashed unique reference per factor. */

const MFA = 'gov-client-multi-factor';
const MFA_MISSING = {
  type: rule('client-multi-factor.type-missing'),
  timestamp: rule('client-multi-factor.timestamp-missing'),
  'unique-reference': rule('client-multi-factor.unique-reference-missing'),
};
const MFA_TYPE = rule('client-multi-factor.type-invalid');
const MFA_TIMESTAMP = rule('client-multi-factor.timestamp-invalid');
const MFA_FUTURE = rule('client-multi-factor.timestamp-future');
const MFA_UNHASHED = rule('client-multi-factor.unhashed-reference');
/** A reference that is a phone number (digits, spaces, brackets, dashes) or holds an `@`. */
const PHONE = /^\+?[\d ()-]{7,}$/;

export const multiFactor: Check = (value, run) => {
  const structures = readKeyValue(value, MFA, true, run);
  if (!structures) return;
  const times: number[] = [];
  for (let i = 0; i < structures.length; i++) {
    const pairs = structures[i]!;
    const type = pairValue(pairs, 'type');
    const stamp = pairValue(pairs, 'timestamp');
    const reference = pairValue(pairs, 'unique-reference');
    if (!type) run.hit(MFA_MISSING.type, MFA, value, `factor ${i + 1}`);
    if (!stamp) run.hit(MFA_MISSING.timestamp, MFA, value, `factor ${i + 1}`);
    if (!reference) run.hit(MFA_MISSING['unique-reference'], MFA, value, `factor ${i + 1}`);
    if (type && !isMultiFactorType(type)) {
      run.hit(MFA_TYPE, MFA, value, `factor ${i + 1} has type '${type}'`);
    }
    if (stamp) {
      const time = readUtcTime(stamp);
      if (!time || time.fraction > 3) {
        run.hit(MFA_TIMESTAMP, MFA, value, `factor ${i + 1} has timestamp '${stamp}'`);
      } else {
        times.push(time.millis);
        if (time.millis - run.now > FUTURE_SKEW) {
          run.hit(MFA_FUTURE, MFA, value, `factor ${i + 1}: ${stamp}`);
        }
      }
    }
    if (reference && (reference.includes('@') || PHONE.test(reference))) {
      run.hit(MFA_UNHASHED, MFA, value, `factor ${i + 1}`);
    }
  }
  run.mfaTimes = times;
};
