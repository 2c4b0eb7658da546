import { isNotPublic, pairValue, parseAddress } from '@fph-kit/spec';
import { rule } from '../rules.js';
import type { Hop } from '../run.js';
import { readKeyValue } from '../structure.js';
import type { Check } from './check.js';
import { ipAdvisories } from './public-ip.js';

/** Gov-Vendor-Forwarded: `by` and `for`, both public addresses, per hop. */

const FWD = 'gov-vendor-forwarded';
const FWD_BY = rule('vendor-forwarded.by-missing');
const FWD_FOR = rule('vendor-forwarded.for-missing');
const FWD_NOT_IP = rule('vendor-forwarded.not-ip');
const FWD_NOT_PUBLIC = rule('vendor-forwarded.not-public');
const HOP_KEYS = ['by', 'for'] as const;

export const forwarded: Check = (value, run) => {
  const structures = readKeyValue(value, FWD, true, run);
  if (!structures) return;
  const hops: Hop[] = [];
  for (let i = 0; i < structures.length; i++) {
    const pairs = structures[i]!;
    const hop: Hop = {};
    for (const key of HOP_KEYS) {
      const raw = pairValue(pairs, key);
      if (!raw) {
        run.hit(key === 'by' ? FWD_BY : FWD_FOR, FWD, value, `hop ${i + 1}`);
        continue;
      }
      const info = parseAddress(raw);
      if (!info) {
        run.hit(FWD_NOT_IP, FWD, value, `hop ${i + 1} ${key}=${raw}`);
      } else if (isNotPublic(info.kind)) {
        run.hit(FWD_NOT_PUBLIC, FWD, value, `hop ${i + 1} ${key}=${raw} is ${info.kind}`);
      } else {
        ipAdvisories(info, FWD, value, run, i, key, raw);
        hop[key] = info;
      }
    }
    hops.push(hop);
  }
  run.hops = hops;
};
