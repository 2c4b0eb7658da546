import type { SystemSource } from '@fph-kit/node';
import type { Finding } from '@fph-kit/validator';
import { validate } from '@fph-kit/validator';
import { expect } from 'vitest';

/**
 * Realistic inputs for the connection-method tests: what each platform reports, with nothing
 * copied from the spec's examples. Every set is judged by the validator as HMRC's Test API would.
 */

export const NOW = new Date('2026-11-23T10:00:00.123Z');

/** The client's public address and port as the vendor's server sees them, and the server's own. */
export const CLIENT_IP = '81.2.69.160';
export const CLIENT_PORT = 51_734;
export const VENDOR_IP = '52.56.10.20';

export const MFA = [
  {
    type: 'TOTP' as const,
    timestamp: new Date('2026-11-23T09:58:00.000Z'),
    uniqueReference: '5c1f7d0c8a9e4b3f2a1d0e9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a39281706f5e',
  },
];

/** A Windows office PC (or an Electron app's host), as node:os and systeminformation report it. */
export function officePc(over: Partial<SystemSource> = {}): Partial<SystemSource> {
  return {
    platform: 'win32',
    env: { USERDOMAIN: 'ACME', LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local' },
    homedir: () => 'C:\\Users\\alice',
    networkInterfaces: () => ({
      'Loopback Pseudo-Interface 1': [
        { address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true },
      ],
      Ethernet: [
        { address: '10.32.7.54', family: 'IPv4', mac: 'f4:8e:38:c2:11:9a', internal: false },
        {
          address: 'fe80::9d3c:41ff:fe0b:7a21',
          family: 'IPv6',
          mac: 'f4:8e:38:c2:11:9a',
          internal: false,
        },
      ],
    }),
    userInfo: () => ({ username: 'alice' }),
    now: () => NOW,
    utcOffsetMinutes: () => 0,
    system: async () => ({ manufacturer: 'Dell Inc.', model: 'OptiPlex 7090' }),
    osInfo: async () => ({
      platform: 'Windows',
      distro: 'Microsoft Windows 11 Pro',
      release: '10.0.22631',
      kernel: '10.0.22631',
    }),
    graphics: async () => ({ displays: [] }),
    linkMacs: async () => [],
    ...over,
  };
}

/** A Linux build agent running a nightly job: a container with one network interface. */
export function batchHost(over: Partial<SystemSource> = {}): Partial<SystemSource> {
  return {
    platform: 'linux',
    env: {},
    homedir: () => '/home/vatjob',
    networkInterfaces: () => ({
      lo: [{ address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true }],
      eth0: [{ address: '172.18.0.5', family: 'IPv4', mac: '02:42:ac:12:00:05', internal: false }],
    }),
    userInfo: () => ({ username: 'vatjob' }),
    now: () => NOW,
    utcOffsetMinutes: () => 0,
    system: async () => ({ manufacturer: 'Amazon EC2', model: 'm6i.large' }),
    osInfo: async () => ({
      platform: 'linux',
      distro: 'Debian GNU/Linux',
      release: '12',
      kernel: '6.1.0-27-cloud-amd64',
    }),
    graphics: async () => ({ displays: [] }),
    linkMacs: async () => ['02:42:ac:12:00:05'],
    ...over,
  };
}

/** What the validator says of a set: HMRC's verdict, and the advisories about values in the set. */
export function judge(headers: Record<string, string>) {
  const { report, advisories } = validate(headers, { now: NOW });
  const sent = new Set(
    Object.entries(headers)
      .filter(([, v]) => v !== '')
      .map(([k]) => k.toLowerCase()),
  );
  const aboutValues = advisories.filter(
    (a: Finding) => a.value !== undefined || a.headers.some((h) => sent.has(h)),
  );
  return { report, aboutValues };
}

/** HMRC would answer VALID_HEADERS, and no advisory points at a value the toolkit collected. */
export function expectValid(headers: Record<string, string>): void {
  const { report, aboutValues } = judge(headers);
  expect(report, JSON.stringify(report, null, 2)).toMatchObject({ code: 'VALID_HEADERS' });
  expect(aboutValues).toEqual([]);
  expectNoPlaceholders(headers);
}

const PLACEHOLDER = /^(null|undefined|unknown|none|n\/a|nan|0\.0\.0\.0|00:00:00:00:00:00)$/i;

/** No value, list item or key-value part is a stand-in for a value that could not be read. */
export function expectNoPlaceholders(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    for (const part of decodeURIComponent(value).split(/[,&]/)) {
      const piece = part.includes('=') ? part.slice(part.indexOf('=') + 1) : part;
      expect(piece, `${name}: ${value}`).not.toMatch(PLACEHOLDER);
    }
  }
}

/** The note of a collector (or assembler problem) about `header`, with its code. */
export function noteFor(
  notes: readonly { code: string; header?: string | undefined }[],
  header: string,
  code: string,
): void {
  expect(notes.map((n) => `${n.code} ${n.header ?? ''}`)).toContain(`${code} ${header}`);
}
