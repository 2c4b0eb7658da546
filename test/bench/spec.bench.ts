import {
  formatBrowserJsUserAgent,
  formatDeviceId,
  formatLicenseIds,
  formatMultiFactor,
  formatPort,
  formatProductName,
  formatPublicIp,
  formatScreens,
  formatTimestamp,
  formatTimezone,
  formatUserIds,
  formatVendorForwarded,
  formatVendorVersion,
  formatWindowSize,
  parseBrowserJsUserAgent,
  parseDeviceId,
  parseLicenseIds,
  parseMultiFactor,
  parsePort,
  parseProductName,
  parsePublicIp,
  parseScreens,
  parseTimestamp,
  parseTimezone,
  parseUserIds,
  parseVendorForwarded,
  parseVendorVersion,
  parseWindowSize,
} from '@fph-kit/spec';
import { type Benchmark, medianOpsPerSecond } from './harness.ts';

const now = new Date('2026-11-23T10:00:00.000Z');

/** Encode a full WEB_APP_VIA_SERVER header set from typed values, then parse every header back. */
function encodeThenParse(): number {
  const set = {
    'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
    'Gov-Client-Browser-JS-User-Agent': formatBrowserJsUserAgent(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    ),
    'Gov-Client-Device-ID': formatDeviceId('beec798b-b366-47fa-b1f8-92cede14a1ce'),
    'Gov-Client-Multi-Factor': formatMultiFactor([
      {
        type: 'TOTP',
        timestamp: now,
        uniqueReference: 'fc4b5fd6816f75a7c81fc8eaa9499d6a299bd803397166e8c4cf9280b801d62c',
      },
    ]),
    'Gov-Client-Public-IP': formatPublicIp('198.51.100.0'),
    'Gov-Client-Public-IP-Timestamp': formatTimestamp(now),
    'Gov-Client-Public-Port': formatPort(12345),
    'Gov-Client-Screens': formatScreens([
      { width: 1920, height: 1080, scalingFactor: 1, colourDepth: 24 },
      { width: 3000, height: 2000, scalingFactor: 1.25, colourDepth: 24 },
    ]),
    'Gov-Client-Timezone': formatTimezone(60),
    'Gov-Client-User-IDs': formatUserIds({ 'my-application': 'alice123' }),
    'Gov-Client-Window-Size': formatWindowSize({ width: 1256, height: 803 }),
    'Gov-Vendor-Forwarded': formatVendorForwarded([{ by: '203.0.113.6', for: '198.51.100.0' }]),
    'Gov-Vendor-License-IDs': formatLicenseIds({
      'my-licensed-software': '8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1',
    }),
    'Gov-Vendor-Product-Name': formatProductName('Product Name'),
    'Gov-Vendor-Public-IP': formatPublicIp('203.0.113.6'),
    'Gov-Vendor-Version': formatVendorVersion({ 'my-web-app': '2.2.2' }),
  };
  const results = [
    parseBrowserJsUserAgent(set['Gov-Client-Browser-JS-User-Agent']),
    parseDeviceId(set['Gov-Client-Device-ID']),
    parseMultiFactor(set['Gov-Client-Multi-Factor']),
    parsePublicIp(set['Gov-Client-Public-IP']),
    parseTimestamp(set['Gov-Client-Public-IP-Timestamp']),
    parsePort(set['Gov-Client-Public-Port']),
    parseScreens(set['Gov-Client-Screens']),
    parseTimezone(set['Gov-Client-Timezone']),
    parseUserIds(set['Gov-Client-User-IDs']),
    parseWindowSize(set['Gov-Client-Window-Size']),
    parseVendorForwarded(set['Gov-Vendor-Forwarded']),
    parseLicenseIds(set['Gov-Vendor-License-IDs']),
    parseProductName(set['Gov-Vendor-Product-Name']),
    parsePublicIp(set['Gov-Vendor-Public-IP']),
    parseVendorVersion(set['Gov-Vendor-Version']),
  ];
  let ok = 0;
  for (const r of results) if (r.ok) ok++;
  if (ok !== results.length) throw new Error('the bench header set no longer parses cleanly');
  return ok;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'spec',
    async run() {
      return [
        {
          name: 'spec.encodeDecodeOpsPerSec',
          value: medianOpsPerSecond(encodeThenParse),
          unit: 'sets/s',
          target: { op: '>=', value: 100_000 },
          note: 'format all 16 WEB_APP_VIA_SERVER headers from typed values, parse each back; median of 5 rounds, one core',
        },
      ];
    },
  },
];
