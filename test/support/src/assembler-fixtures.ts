import type { AssemblerOptions } from '@fph-kit/server';

/** The vendor that tests, the bench and the fuzz target configure: Acme Tax, a web app. */
export const ACME: AssemblerOptions = {
  connectionMethod: 'WEB_APP_VIA_SERVER',
  productName: 'Acme Tax',
  versions: { 'acme-api': '3.8.0' },
  licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
  vendorPublicIp: '52.56.10.20',
  clientVersions: ['acme-web'],
};

/** What a browser on a laptop sends: values of the kind @fph-kit/browser collects, not spec examples. */
export const BROWSER_VALUES: Readonly<Record<string, string>> = {
  'Gov-Client-Browser-JS-User-Agent':
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Gov-Client-Device-ID': 'eb6e4a76-99d9-4373-b8f6-db32ab08ac9b',
  'Gov-Client-Multi-Factor':
    'type=TOTP&timestamp=2026-11-23T09%3A58Z&unique-reference=5c1f7d0c8a9e4b3f2a1d0e9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e',
  'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1.25&colour-depth=24',
  'Gov-Client-Timezone': 'UTC+00:00',
  'Gov-Client-User-IDs': 'acme-tax=taxpayer-7f3a',
  'Gov-Client-Window-Size': 'width=1280&height=720',
  'Gov-Vendor-Version': 'acme-web=2.4.1',
};

/** Values as request headers arrive in Node: lower-case names. */
export function asRequestHeaders(values: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
}
