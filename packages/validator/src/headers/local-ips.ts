import { isMacAddress, parseAddress } from '@fph-kit/spec';
import { rule } from '../rules.js';
import { readList } from '../structure.js';
import type { Check } from './check.js';

/** Gov-Client-Local-IPs and Gov-Client-MAC-Addresses: encoded lists of the device's addresses. */

const LIP = 'gov-client-local-ips';
const LIP_NOT_IP = rule('client-local-ips.not-ip');
const LIP_NOT_LOCAL = rule('client-local-ips.not-local');
const LIP_LOOPBACK = rule('client-local-ips.loopback-only');
const LIP_NOT_INTERFACE = rule('client-local-ips.not-interface-address');

export const localIps: Check = (value, run) => {
  const items = readList(value, LIP, run);
  if (!items) return;
  let loopbackOnly = items.length > 0;
  for (const item of items) {
    const info = parseAddress(item, true);
    if (!info) {
      run.hit(LIP_NOT_IP, LIP, value, `'${item}'`);
      loopbackOnly = false;
      continue;
    }
    if (info.kind !== 'loopback' && info.kind !== 'link-local') loopbackOnly = false;
    if (info.family === 4 && (info.kind === 'public' || info.kind === 'documentation')) {
      run.hit(LIP_NOT_LOCAL, LIP, value, `${item} is a public address`);
    }
    if (info.kind === 'unspecified' || info.kind === 'multicast' || info.kind === 'broadcast') {
      run.hit(LIP_NOT_INTERFACE, LIP, value, `${item} is ${info.kind}`);
    }
  }
  if (loopbackOnly) run.hit(LIP_LOOPBACK, LIP, value);
};

const MAC = 'gov-client-mac-addresses';
const MAC_NOT_MAC = rule('client-mac-addresses.not-mac');
const MAC_ZERO = rule('client-mac-addresses.zero');
const ZERO_MAC = /^(00[:-]){5}00$|^(ff[:-]){5}ff$/i;

export const macAddresses: Check = (value, run) => {
  const items = readList(value, MAC, run);
  if (!items) return;
  for (const item of items) {
    if (!isMacAddress(item)) run.hit(MAC_NOT_MAC, MAC, value, `'${item}'`);
    else if (ZERO_MAC.test(item)) run.hit(MAC_ZERO, MAC, value, item);
  }
};
