import { type ConnectionMethod, requirementsFor } from '@fph-kit/spec';

/**
 * Clean header sets for tests: realistic values (not the spec's examples) that give no finding at
 * all for any connection method, at {@link NOW}.
 */

export const NOW: Date = new Date('2026-11-23T10:00:00.000Z');

const WEB: Readonly<Record<string, string>> = {
  'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
  'Gov-Client-Browser-JS-User-Agent':
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Gov-Client-Device-ID': '3f2a6c1e-8d4b-4f7a-9c2e-5b1d7e9a0c34',
  'Gov-Client-Multi-Factor':
    'type=TOTP&timestamp=2026-11-23T09%3A58%3A12.345Z&unique-reference=5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
  'Gov-Client-Public-IP': '81.2.69.142',
  'Gov-Client-Public-IP-Timestamp': '2026-11-23T09:59:59.120Z',
  'Gov-Client-Public-Port': '53124',
  'Gov-Client-Screens':
    'width=1920&height=1080&scaling-factor=1&colour-depth=24,width=2560&height=1440&scaling-factor=1.25&colour-depth=30',
  'Gov-Client-Timezone': 'UTC+00:00',
  'Gov-Client-User-IDs': 'acme-books=j.smith%40example.co.uk',
  'Gov-Client-Window-Size': 'width=1536&height=731',
  'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142',
  'Gov-Vendor-License-IDs':
    'acme-books=3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
  'Gov-Vendor-Product-Name': 'Acme%20Books',
  'Gov-Vendor-Public-IP': '51.140.12.7',
  'Gov-Vendor-Version': 'acme-books-web=4.12.0',
};

/** What the other methods add: an installed application with its own network view. */
const INSTALLED: Readonly<Record<string, string>> = {
  'Gov-Client-Local-IPs': '192.168.1.23,fe80%3A%3A1c2b%3A3dff%3Afe4e%3A5f60',
  'Gov-Client-Local-IPs-Timestamp': '2026-11-23T09:59:58.611Z',
  'Gov-Client-MAC-Addresses': 'a4%3A83%3Ae7%3A2b%3A4c%3A19',
  'Gov-Client-User-Agent':
    'os-family=Windows&os-version=11&device-manufacturer=Lenovo&device-model=ThinkPad%20X1%20Carbon',
  'Gov-Client-User-IDs': 'os=jsmith&acme-books=j.smith%40example.co.uk',
  'Gov-Vendor-Version': 'acme-books-desktop=4.12.0&acme-books-server=2.3.1',
};

/** A clean set with exactly the headers `method` requires. */
export function cleanSet(method: ConnectionMethod = 'WEB_APP_VIA_SERVER'): Record<string, string> {
  const values: Record<string, string> =
    method === 'WEB_APP_VIA_SERVER' ? { ...WEB } : { ...WEB, ...INSTALLED };
  values['Gov-Client-Connection-Method'] = method;
  const set: Record<string, string> = {};
  for (const name of requirementsFor(method).required) set[name] = values[name]!;
  return set;
}
