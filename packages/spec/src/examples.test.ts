import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HeaderName } from './headers.js';
import {
  formatBrowserJsUserAgent,
  formatConnectionMethod,
  formatDeviceId,
  formatLicenseIds,
  formatLocalIps,
  formatMacAddresses,
  formatMultiFactor,
  formatPort,
  formatProductName,
  formatPublicIp,
  formatScreens,
  formatTimestamp,
  formatTimezone,
  formatUserAgent,
  formatUserIds,
  formatVendorForwarded,
  formatVendorVersion,
  formatWindowSize,
  type ParseResult,
  parseBrowserJsUserAgent,
  parseConnectionMethod,
  parseDeviceId,
  parseLicenseIds,
  parseLocalIps,
  parseMacAddresses,
  parseMultiFactor,
  parsePort,
  parseProductName,
  parsePublicIp,
  parseScreens,
  parseTimestamp,
  parseTimezone,
  parseUserAgent,
  parseUserIds,
  parseVendorForwarded,
  parseVendorVersion,
  parseWindowSize,
} from './index.js';

/** Parser and formatter of each header, so `format(parse(x))` can be compared with `x`. */
// biome-ignore lint/suspicious/noExplicitAny: the table pairs each parser with its own formatter
const CODECS: Partial<Record<HeaderName, [(t: string) => ParseResult<any>, (v: any) => string]>> = {
  'Gov-Client-Connection-Method': [parseConnectionMethod, formatConnectionMethod],
  'Gov-Client-Browser-JS-User-Agent': [parseBrowserJsUserAgent, formatBrowserJsUserAgent],
  'Gov-Client-Device-ID': [parseDeviceId, formatDeviceId],
  'Gov-Client-Local-IPs': [parseLocalIps, formatLocalIps],
  'Gov-Client-Local-IPs-Timestamp': [parseTimestamp, formatTimestamp],
  'Gov-Client-MAC-Addresses': [parseMacAddresses, formatMacAddresses],
  'Gov-Client-Multi-Factor': [parseMultiFactor, formatMultiFactor],
  'Gov-Client-Public-IP': [parsePublicIp, formatPublicIp],
  'Gov-Client-Public-IP-Timestamp': [parseTimestamp, formatTimestamp],
  'Gov-Client-Public-Port': [parsePort, formatPort],
  'Gov-Client-Screens': [parseScreens, formatScreens],
  'Gov-Client-Timezone': [parseTimezone, formatTimezone],
  'Gov-Client-User-Agent': [parseUserAgent, formatUserAgent],
  'Gov-Client-User-IDs': [parseUserIds, formatUserIds],
  'Gov-Client-Window-Size': [parseWindowSize, formatWindowSize],
  'Gov-Vendor-Forwarded': [parseVendorForwarded, formatVendorForwarded],
  'Gov-Vendor-License-IDs': [parseLicenseIds, formatLicenseIds],
  'Gov-Vendor-Product-Name': [parseProductName, formatProductName],
  'Gov-Vendor-Public-IP': [parsePublicIp, formatPublicIp],
  'Gov-Vendor-Version': [parseVendorVersion, formatVendorVersion],
};

/**
 * Every example value in spec v3.3's partials (including each ERB branch and the eight connection
 * method values). The test below checks this table against the partials so none is left out.
 */
const EXAMPLES: [HeaderName, string][] = [
  ...(
    [
      'WEB_APP_VIA_SERVER',
      'DESKTOP_APP_DIRECT',
      'DESKTOP_APP_VIA_SERVER',
      'MOBILE_APP_DIRECT',
      'MOBILE_APP_VIA_SERVER',
      'BATCH_PROCESS_DIRECT',
      'OTHER_DIRECT',
      'OTHER_VIA_SERVER',
    ] as const
  ).map((m): [HeaderName, string] => ['Gov-Client-Connection-Method', m]),
  [
    'Gov-Client-Browser-JS-User-Agent',
    'Mozilla/5.0 (iPad; U; CPU OS 3_2_1 like Mac OS X; en-us) AppleWebKit/531.21.10 (KHTML, like Gecko) Mobile/7B405',
  ],
  ['Gov-Client-Device-ID', 'beec798b-b366-47fa-b1f8-92cede14a1ce'],
  ['Gov-Client-Local-IPs-Timestamp', '2020-09-21T14:30:05.123Z'],
  ['Gov-Client-Local-IPs', 'fc00%3A%3A,10.1.2.3'],
  ['Gov-Client-Local-IPs', '10.1.2.3,10.3.4.2'],
  ['Gov-Client-MAC-Addresses', 'ea%3A43%3A1a%3A5d%3A21%3A45,10%3A12%3Acc%3Afa%3Aaa%3A32'],
  [
    'Gov-Client-Multi-Factor',
    'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6816f75a7c81fc8eaa9499d6a299bd803397166e8c4cf9280b801d62c,type=TOTP&timestamp=2021-11-21T13%3A20Z&unique-reference=0283da60063abfb3a87f1aed845d17fe2d9ba8c780b478dc4ae048f5ee97a6d5',
  ],
  ['Gov-Client-Public-IP-Timestamp', '2020-09-21T14:30:05.123Z'],
  ['Gov-Client-Public-IP', '198.51.100.0'],
  ['Gov-Client-Public-IP', 'ABCD:EF01:2345:6789:ABCD:EF01:2345:6789'],
  ['Gov-Client-Public-Port', '12345'],
  ['Gov-Client-Screens', 'width=375&height=812&scaling-factor=2&colour-depth=32'],
  [
    'Gov-Client-Screens',
    'width=1920&height=1080&scaling-factor=1&colour-depth=16,width=3000&height=2000&scaling-factor=1.25&colour-depth=16',
  ],
  ['Gov-Client-Timezone', 'UTC+00:00'],
  ['Gov-Client-Timezone', 'UTC+01:00'],
  ['Gov-Client-Timezone', 'UTC-01:15'],
  [
    'Gov-Client-User-Agent',
    'os-family=iOS&os-version=13.3.1&device-manufacturer=Apple&device-model=iPhone12%2C3',
  ],
  [
    'Gov-Client-User-Agent',
    'os-family=Windows&os-version=Server%202012&device-manufacturer=Dell%20Inc.&device-model=OptiPlex%20980',
  ],
  ['Gov-Client-User-IDs', 'os=domain%5Calice&my-application=alice123'],
  [
    'Gov-Client-User-IDs',
    'os=domain%5Calice&my-application=alice123&my-secondary-application=alice_secondary',
  ],
  ['Gov-Client-User-IDs', 'os=domain%5Calice'],
  ['Gov-Client-User-IDs', 'my-application=alice123'],
  ['Gov-Client-User-IDs', 'os=alice&my-application=alice123'],
  ['Gov-Client-Window-Size', 'width=375&height=812'],
  ['Gov-Client-Window-Size', 'width=1256&height=803'],
  ['Gov-Vendor-Forwarded', 'by=203.0.113.6&for=198.51.100.0'],
  [
    'Gov-Vendor-Forwarded',
    'by=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334&for=198.51.100.0,by=203.0.113.6&for=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334,by=176.30.57.118&for=203.0.113.6',
  ],
  [
    'Gov-Vendor-License-IDs',
    'my-licensed-software=8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1',
  ],
  ['Gov-Vendor-Product-Name', 'Product%20Name'],
  ['Gov-Vendor-Product-Name', 'Company%20Name'],
  ['Gov-Vendor-Public-IP', '203.0.113.6'],
  ['Gov-Vendor-Version', 'my-application=1.6.0'],
  ['Gov-Vendor-Version', 'my-web-app=2.2.2'],
  ['Gov-Vendor-Version', 'my-mobile-app=2.2.2&my-serverside-code=v3.8'],
  ['Gov-Vendor-Version', 'my-desktop-app=2.2.2&my-serverside-code=v3.8'],
  ['Gov-Vendor-Version', 'my-frontend-app=2.2.2&my-serverside-code=v3.8'],
];

const SPEC_DIR = join(
  import.meta.dirname,
  '../../../../shared/spec/hmrc-fph-v3.3/connection-method',
);

function unescapeHtml(text: string): string {
  return text.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
}

/** Every `Name: value` inside <pre><code> in the partials, ERB branches included. */
function examplesInPartials(): [string, string][] {
  const dir = join(SPEC_DIR, 'partials');
  const found: [string, string][] = [];
  for (const file of readdirSync(dir).sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/<pre><code>(Gov-[A-Za-z-]+): ([^<]*)<\/code><\/pre>/g)) {
      found.push([m[1]!, unescapeHtml(m[2]!)]);
    }
  }
  return found;
}

describe('spec v3.3 examples', () => {
  it('the table holds every example of the partials', () => {
    const inPartials = examplesInPartials().filter(
      ([name]) => name !== 'Gov-Client-Connection-Method',
    );
    expect(inPartials.length).toBeGreaterThan(30);
    for (const example of inPartials) expect(EXAMPLES).toContainEqual(example);
    const connectionMethods = readdirSync(SPEC_DIR).filter(
      (d) => !d.includes('.') && d !== 'partials',
    );
    expect(connectionMethods).toHaveLength(8);
    for (const dir of connectionMethods) {
      expect(EXAMPLES).toContainEqual([
        'Gov-Client-Connection-Method',
        dir.toUpperCase().replaceAll('-', '_'),
      ]);
    }
  });

  for (const [header, example] of EXAMPLES) {
    it(`${header}: ${example.length > 60 ? `${example.slice(0, 60)}...` : example} parses and re-formats identically`, () => {
      const [parse, format] = CODECS[header]!;
      const parsed = parse(example);
      expect(parsed).toMatchObject({ ok: true });
      if (parsed.ok) expect(format(parsed.value)).toBe(example);
    });
  }
});
