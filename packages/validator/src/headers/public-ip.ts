import {
  type AddressInfo,
  isNotPublic,
  isNotRoutable,
  parseAddress,
  percentDecode,
} from '@fph-kit/spec';
import { headerRule } from '../rules.js';
import type { Run } from '../run.js';
import type { Check } from './check.js';

/** Gov-Client-Public-IP and Gov-Vendor-Public-IP: one public address, not percent-encoded. */

/**
 * The advisories of an address HMRC accepts as public: documentation or not routable. A hop of
 * Gov-Vendor-Forwarded (its index, key and raw value) is named in the detail, written only when
 * an advisory fires: most addresses draw none.
 */
export function ipAdvisories(
  info: AddressInfo,
  key: string,
  value: string,
  run: Run,
  hop?: number,
  hopKey?: string,
  raw?: string,
): void {
  if (info.kind === 'documentation') {
    run.hit(headerRule(key, 'documentation-address'), key, value, hopDetail(hop, hopKey, raw));
  } else if (isNotRoutable(info.kind)) {
    const what = hopDetail(hop, hopKey, raw) ?? info.canonical;
    run.hit(headerRule(key, 'not-routable'), key, value, `${what}: ${info.kind}`);
  }
}

function hopDetail(hop?: number, key?: string, raw?: string): string | undefined {
  return hop === undefined ? undefined : `hop ${hop + 1} ${key}=${raw}`;
}

export function publicIp(which: 'clientIp' | 'vendorIp'): Check {
  return (value, run, key) => {
    const info = parseAddress(value);
    if (!info) {
      const decoded = value.includes('%') ? percentDecode(value).value : value;
      const encodedV6 = decoded !== value && parseAddress(decoded) !== undefined;
      run.hit(
        headerRule(key, 'not-ip'),
        key,
        value,
        encodedV6 ? 'an IPv6 address here is sent without percent-encoding' : undefined,
      );
      return;
    }
    if (isNotPublic(info.kind)) {
      run.hit(headerRule(key, 'not-public'), key, value, `${info.canonical} is ${info.kind}`);
      return;
    }
    ipAdvisories(info, key, value, run);
    run[which] = info;
  };
}
