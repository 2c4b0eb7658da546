import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CLIENT_HEADER_NAMES,
  CLIENT_PAYLOAD_FIELD,
  type HeaderNote,
  isSpecError,
  parseConnectionMethod,
  parseDeviceId,
  parseLicenseIds,
  parseLocalIps,
  parseMacAddresses,
  parseMultiFactor,
  parseProductName,
  parseScreens,
  parseTimestamp,
  parseTimezone,
  parseUserAgent,
  parseUserIds,
  parseVendorVersion,
  parseWindowSize,
  requirementsFor,
  sha256Hex,
} from '@fph-kit/spec';
import { electronDisplayOf } from '@fph-kit/test-support/electron-display';
import type { Display } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from './collector.js';
import type { CollectorOptions } from './collector-options.js';
import type { CollectorWarningCode } from './collector-types.js';
import { electronDisplay } from './display.js';
import { isCollectorError } from './errors.js';
import {
  type InterfaceAddress,
  type InterfaceTable,
  nodeSystemSource,
  type SystemSource,
} from './source.js';

const DEVICE_ID = 'beec798b-b366-47fa-b1f8-92cede14a1ce';

const addr = (
  address: string,
  family: 'IPv4' | 'IPv6',
  mac: string,
  internal = false,
): InterfaceAddress => ({ address, family, mac, internal });

const LOOPBACK: InterfaceAddress[] = [
  addr('127.0.0.1', 'IPv4', '00:00:00:00:00:00', true),
  addr('::1', 'IPv6', '00:00:00:00:00:00', true),
];

const OFFICE_NETWORK: InterfaceTable = {
  lo: LOOPBACK,
  eth0: [
    addr('192.168.1.20', 'IPv4', 'ea:43:1a:5d:21:45'),
    addr('fe80::e843:1aff:fe5d:2145', 'IPv6', 'ea:43:1a:5d:21:45'),
  ],
};

/** A laptop as systeminformation and node:os describe it; each test changes what it is about. */
function fakeSource(over: Partial<SystemSource> = {}): Partial<SystemSource> {
  return {
    platform: 'linux',
    env: {},
    homedir: () => '/home/alice',
    networkInterfaces: () => OFFICE_NETWORK,
    userInfo: () => ({ username: 'alice' }),
    now: () => new Date('2026-11-23T10:00:00.123Z'),
    utcOffsetMinutes: () => 0,
    system: async () => ({ manufacturer: 'Dell Inc.', model: 'XPS 13 9310' }),
    osInfo: async () => ({
      platform: 'linux',
      distro: 'Ubuntu',
      release: '24.04.1 LTS',
      kernel: '6.8.0-45-generic',
    }),
    graphics: async () => ({ displays: [] }),
    linkMacs: async () => [],
    ...over,
  };
}

const display = electronDisplayOf;

const electron = (displays: Display[], contentSize: number[] | null = [1256, 803]) =>
  electronDisplay({
    screen: { getAllDisplays: () => displays },
    BrowserWindow: {
      getFocusedWindow: () => (contentSize ? { getContentSize: () => contentSize } : null),
    },
  });

function collector(options: CollectorOptions = {}, source: Partial<SystemSource> = {}) {
  const warnings: HeaderNote<CollectorWarningCode>[] = [];
  const c = createCollector({
    deviceId: DEVICE_ID,
    productName: 'Acme Tax',
    versions: { 'acme-desktop': '3.1.0' },
    userIds: { 'acme-account': 'alice123' },
    onWarning: (w) => warnings.push(w),
    ...options,
    source: fakeSource(source),
  });
  return { c, warnings };
}

const PLACEHOLDERS = /^(null|undefined|unknown|n\/a|none|-)$/i;

/** Parses every header with the spec's parser; returns the problems found. */
function problemsOf(headers: Record<string, string>): string[] {
  const parsers: Record<string, (text: string) => { ok: boolean }> = {
    'Gov-Client-Connection-Method': parseConnectionMethod,
    'Gov-Client-Device-ID': parseDeviceId,
    'Gov-Client-Local-IPs': parseLocalIps,
    'Gov-Client-Local-IPs-Timestamp': parseTimestamp,
    'Gov-Client-MAC-Addresses': parseMacAddresses,
    'Gov-Client-Multi-Factor': parseMultiFactor,
    'Gov-Client-Screens': parseScreens,
    'Gov-Client-Timezone': parseTimezone,
    'Gov-Client-User-Agent': parseUserAgent,
    'Gov-Client-User-IDs': parseUserIds,
    'Gov-Client-Window-Size': parseWindowSize,
    'Gov-Vendor-License-IDs': parseLicenseIds,
    'Gov-Vendor-Product-Name': parseProductName,
    'Gov-Vendor-Version': parseVendorVersion,
  };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const parse = parsers[name];
    if (!parse) problems.push(`${name}: no parser (unexpected header)`);
    else if (!parse(value).ok) problems.push(`${name}: ${JSON.stringify(parse(value))}`);
    if (PLACEHOLDERS.test(value)) problems.push(`${name}: placeholder value ${value}`);
  }
  return problems;
}

describe('DESKTOP_APP_DIRECT with Electron', () => {
  it('sends every header of the method, each conforming to the spec', async () => {
    const { c, warnings } = collector({
      display: electron([display(1920, 1080, 1, 24), display(1280, 800, 2, 30)]),
      licenseKeys: { 'acme-desktop': 'LICENCE-1234' },
      multiFactor: [{ type: 'TOTP', timestamp: '2026-11-23T09:58Z', uniqueReference: 'a1b2c3' }],
    });
    const headers = await c.headers();
    expect(Object.keys(headers)).toEqual([...requirementsFor('DESKTOP_APP_DIRECT').required]);
    expect(problemsOf(headers)).toEqual([]);
    expect(headers).toMatchObject({
      'Gov-Client-Connection-Method': 'DESKTOP_APP_DIRECT',
      'Gov-Client-Device-ID': DEVICE_ID,
      'Gov-Client-Local-IPs': '192.168.1.20,fe80%3A%3Ae843%3A1aff%3Afe5d%3A2145',
      'Gov-Client-Local-IPs-Timestamp': '2026-11-23T10:00:00.123Z',
      'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45',
      'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2026-11-23T09%3A58Z&unique-reference=a1b2c3',
      'Gov-Client-Timezone': 'UTC+00:00',
      'Gov-Client-User-Agent':
        'os-family=Linux&os-version=Ubuntu%2024.04.1%20LTS&device-manufacturer=Dell%20Inc.&device-model=XPS%2013%209310',
      'Gov-Client-User-IDs': 'os=alice&acme-account=alice123',
      'Gov-Client-Window-Size': 'width=1256&height=803',
      'Gov-Vendor-Product-Name': 'Acme%20Tax',
      'Gov-Vendor-Version': 'acme-desktop=3.1.0',
    });
    expect(warnings).toEqual([]);
  });

  it('reports several displays with mixed scale factors, each with its own', async () => {
    const { c } = collector({
      display: electron([
        display(1920, 1080, 1, 24),
        display(1280, 800, 2, 30),
        display(1536, 864, 1.25, 24),
      ]),
    });
    expect((await c.headers())['Gov-Client-Screens']).toBe(
      'width=1920&height=1080&scaling-factor=1&colour-depth=24,' +
        'width=1280&height=800&scaling-factor=2&colour-depth=30,' +
        'width=1536&height=864&scaling-factor=1.25&colour-depth=24',
    );
  });

  it('hashes licence keys; the key itself never appears', async () => {
    const { c } = collector({ licenseKeys: { 'acme-desktop': 'LICENCE-1234' } });
    const headers = await c.headers();
    const hash = await sha256Hex('LICENCE-1234', true);
    expect(headers['Gov-Vendor-License-IDs']).toBe(`acme-desktop=${hash}`);
    expect(JSON.stringify(headers)).not.toContain('LICENCE-1234');
  });

  it('omits the window size, explained, when no window has focus', async () => {
    const { c, warnings } = collector({ display: electron([display(1920, 1080, 1, 24)], null) });
    const { headers, explanations } = await c.collect();
    expect(headers['Gov-Client-Window-Size']).toBeUndefined();
    expect(explanations.find((e) => e.header === 'Gov-Client-Window-Size')).toMatchObject({
      status: 'missing',
      source: expect.stringContaining('no window to measure'),
    });
    expect(warnings.map((w) => w.code)).toEqual(['NO_WINDOW']);
  });
});

describe('the machine, case by case', () => {
  it('missing manufacturer: sent as an empty value, explained, never invented', async () => {
    const { c, warnings } = collector(
      {},
      {
        system: async () => ({ manufacturer: '', model: 'OptiPlex 980' }),
      },
    );
    const { headers, explanations } = await c.collect();
    expect(headers['Gov-Client-User-Agent']).toBe(
      'os-family=Linux&os-version=Ubuntu%2024.04.1%20LTS&device-manufacturer=&device-model=OptiPlex%20980',
    );
    expect(explanations.find((e) => e.header === 'Gov-Client-User-Agent')?.status).toBe('partial');
    expect(warnings.filter((w) => w.header === 'Gov-Client-User-Agent')).toEqual([
      expect.objectContaining({
        code: 'USER_AGENT_INCOMPLETE',
        message: expect.stringContaining('device-manufacturer is sent empty'),
      }),
    ]);
  });

  it("does not pass on firmware placeholders or systeminformation's stand-in models", async () => {
    const { c } = collector(
      {},
      {
        system: async () => ({ manufacturer: 'To Be Filled By O.E.M.', model: 'Docker Container' }),
      },
    );
    expect((await c.headers())['Gov-Client-User-Agent']).toContain(
      'device-manufacturer=&device-model=',
    );
  });

  it('IPv6-only machine: IPv6 addresses percent-encoded', async () => {
    const { c } = collector(
      {},
      {
        networkInterfaces: () => ({
          lo: [addr('::1', 'IPv6', '00:00:00:00:00:00', true)],
          eth0: [
            addr('2001:db8::5', 'IPv6', '10:12:cc:fa:aa:32'),
            addr('fe80::1', 'IPv6', '10:12:cc:fa:aa:32'),
          ],
        }),
      },
    );
    const headers = await c.headers();
    expect(headers['Gov-Client-Local-IPs']).toBe('2001%3Adb8%3A%3A5,fe80%3A%3A1');
    expect(headers['Gov-Client-MAC-Addresses']).toBe('10%3A12%3Acc%3Afa%3Aaa%3A32');
  });

  it('no network: loopback only, with warnings; no MAC header', async () => {
    const { c, warnings } = collector({}, { networkInterfaces: () => ({ lo: LOOPBACK }) });
    const { headers, explanations } = await c.collect();
    expect(headers['Gov-Client-Local-IPs']).toBe('127.0.0.1,%3A%3A1');
    expect(headers['Gov-Client-Local-IPs-Timestamp']).toBe('2026-11-23T10:00:00.123Z');
    expect(headers['Gov-Client-MAC-Addresses']).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(
      expect.arrayContaining(['LOCAL_IPS_LOOPBACK_ONLY', 'NO_MAC_ADDRESSES']),
    );
    expect(explanations.find((e) => e.header === 'Gov-Client-Local-IPs')?.status).toBe('partial');
  });

  it('no interfaces at all: no Local-IPs and no timestamp, both explained', async () => {
    const { c } = collector({}, { networkInterfaces: () => ({}) });
    const { headers, explanations } = await c.collect();
    expect(headers['Gov-Client-Local-IPs']).toBeUndefined();
    expect(headers['Gov-Client-Local-IPs-Timestamp']).toBeUndefined();
    expect(
      explanations.filter((e) => e.header.startsWith('Gov-Client-Local-IPs')).map((e) => e.status),
    ).toEqual(['missing', 'missing']);
  });

  it('MACs of interfaces without an IP address are included', async () => {
    const { c } = collector(
      {},
      { linkMacs: async () => ['ca:28:b0:81:78:ec', 'EA:43:1A:5D:21:45'] },
    );
    expect((await c.headers())['Gov-Client-MAC-Addresses']).toBe(
      'ea%3A43%3A1a%3A5d%3A21%3A45,ca%3A28%3Ab0%3A81%3A78%3Aec',
    );
  });

  it('Windows DOMAIN\\user names are percent-encoded (%5C)', async () => {
    const { c } = collector(
      {},
      {
        platform: 'win32',
        env: { USERDOMAIN: 'ACME' },
        userInfo: () => ({ username: 'alice' }),
        osInfo: async () => ({
          platform: 'Windows',
          distro: 'Microsoft Windows 11 Pro',
          release: '10.0.22631',
          kernel: '10.0.22631',
        }),
      },
    );
    const headers = await c.headers();
    expect(headers['Gov-Client-User-IDs']).toBe('os=ACME%5Calice&acme-account=alice123');
    expect(headers['Gov-Client-User-Agent']).toMatch(/^os-family=Windows&os-version=11%20Pro&/);
  });

  it('macOS: family MacOS and the release as version', async () => {
    const { c } = collector(
      {},
      {
        platform: 'darwin',
        system: async () => ({ manufacturer: 'Apple Inc.', model: 'MacBookPro15,2' }),
        osInfo: async () => ({
          platform: 'darwin',
          distro: 'macOS',
          release: '14.2.1',
          kernel: '23.2.0',
        }),
      },
    );
    expect((await c.headers())['Gov-Client-User-Agent']).toBe(
      'os-family=MacOS&os-version=14.2.1&device-manufacturer=Apple%20Inc.&device-model=MacBookPro15%2C2',
    );
  });

  it('headless: no screens and no window size, both explained', async () => {
    const { c, warnings } = collector();
    const { headers, explanations } = await c.collect();
    expect(headers['Gov-Client-Screens']).toBeUndefined();
    expect(headers['Gov-Client-Window-Size']).toBeUndefined();
    const missing = explanations.filter((e) => e.status === 'missing').map((e) => e.header);
    expect(missing).toEqual(
      expect.arrayContaining(['Gov-Client-Screens', 'Gov-Client-Window-Size']),
    );
    expect(explanations.find((e) => e.header === 'Gov-Client-Screens')?.source).toContain(
      'headless',
    );
    expect(warnings.map((w) => w.code)).toEqual(['NO_SCREENS', 'NO_WINDOW']);
  });

  it('without Electron: screens from systeminformation, scaling factor 1, with a warning', async () => {
    const { c, warnings } = collector(
      {},
      {
        graphics: async () => ({
          displays: [
            {
              resolutionX: 3840,
              resolutionY: 2160,
              currentResX: 2560,
              currentResY: 1440,
              pixelDepth: 30,
            },
          ],
        }),
      },
    );
    expect((await c.headers())['Gov-Client-Screens']).toBe(
      'width=2560&height=1440&scaling-factor=1&colour-depth=30',
    );
    expect(warnings.map((w) => w.code)).toContain('SCREENS_WITHOUT_SCALING');
  });

  it('systeminformation failing is a warning, not a failure', async () => {
    const { c, warnings } = collector(
      {},
      {
        system: async () => {
          throw new Error('dmidecode not found');
        },
      },
    );
    await expect(c.ready()).resolves.toBeUndefined();
    const headers = await c.headers();
    expect(headers['Gov-Client-User-Agent']).toBe(
      'os-family=Linux&os-version=Ubuntu%2024.04.1%20LTS&device-manufacturer=&device-model=',
    );
    expect(warnings[0]?.message).toContain('dmidecode not found');
  });

  it('no account entry for the user: the USER variable, else no os key and a warning', async () => {
    const noEntry = () => {
      throw new Error('ENOENT: no such file or directory, uv_os_get_passwd');
    };
    const fromEnv = collector({}, { userInfo: noEntry, env: { USER: 'builder' } });
    expect((await fromEnv.c.headers())['Gov-Client-User-IDs']).toBe(
      'os=builder&acme-account=alice123',
    );
    const none = collector({ userIds: {} }, { userInfo: noEntry });
    const { headers, explanations } = await none.c.collect();
    expect(headers['Gov-Client-User-IDs']).toBeUndefined();
    expect(none.warnings.map((w) => w.code)).toContain('OS_USER_UNKNOWN');
    expect(explanations.find((e) => e.header === 'Gov-Client-User-IDs')?.source).toContain(
      'uv_os_get_passwd',
    );
  });

  it("keeps the app's own 'os' identifier instead of the collected one", async () => {
    const { c } = collector({ userIds: { os: 'CORP\\alice', app: 'a1' } });
    expect((await c.headers())['Gov-Client-User-IDs']).toBe('os=CORP%5Calice&app=a1');
  });
});

describe('values read for every request', () => {
  it('reads the interfaces on every call and takes the timestamp right after', async () => {
    const calls: string[] = [];
    let tick = 0;
    let table: InterfaceTable = OFFICE_NETWORK;
    const { c } = collector(
      {},
      {
        networkInterfaces: () => {
          calls.push('interfaces');
          return table;
        },
        now: () => {
          calls.push('clock');
          return new Date(Date.UTC(2026, 10, 23, 10, 0, 0, ++tick));
        },
      },
    );
    const first = await c.headers();
    table = { eth0: [addr('10.1.2.3', 'IPv4', '02:00:00:00:00:07')] };
    const second = await c.headers();
    expect(first['Gov-Client-Local-IPs']).toBe('192.168.1.20,fe80%3A%3Ae843%3A1aff%3Afe5d%3A2145');
    expect(second['Gov-Client-Local-IPs']).toBe('10.1.2.3');
    expect(second['Gov-Client-MAC-Addresses']).toBe('02%3A00%3A00%3A00%3A00%3A07');
    expect(first['Gov-Client-Local-IPs-Timestamp']).toBe('2026-11-23T10:00:00.001Z');
    expect(second['Gov-Client-Local-IPs-Timestamp']).toBe('2026-11-23T10:00:00.002Z');
    expect(calls).toEqual(['interfaces', 'clock', 'interfaces', 'clock']);
  });

  it('timezone: the offset in effect at the moment (UTC-01:15 and friends)', async () => {
    let offset = -75;
    const { c } = collector({}, { utcOffsetMinutes: () => offset });
    expect((await c.headers())['Gov-Client-Timezone']).toBe('UTC-01:15');
    offset = 330;
    expect((await c.headers())['Gov-Client-Timezone']).toBe('UTC+05:30');
  });

  it('timezone follows daylight saving (Europe/London, winter and summer)', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Europe/London';
    try {
      let now = new Date('2026-01-15T12:00:00.000Z');
      const c = createCollector({
        deviceId: DEVICE_ID,
        // The real machine's offset function, at a moment the test chooses.
        source: {
          ...fakeSource(),
          utcOffsetMinutes: nodeSystemSource().utcOffsetMinutes,
          now: () => now,
        },
      });
      expect((await c.headers())['Gov-Client-Timezone']).toBe('UTC+00:00');
      now = new Date('2026-07-15T12:00:00.000Z');
      expect((await c.headers())['Gov-Client-Timezone']).toBe('UTC+01:00');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('per-request user IDs, MFA and window size', async () => {
    const { c } = collector({
      display: electron([display(1920, 1080, 1, 24)]),
      multiFactor: [{ type: 'OTHER', timestamp: '2026-11-01T08:00Z', uniqueReference: 'default' }],
    });
    const headers = await c.headers({
      userIds: { 'acme-account': 'bob456', 'acme-internal': '9912' },
      multiFactor: [
        {
          type: 'AUTH_CODE',
          timestamp: new Date('2026-11-23T09:59:00.000Z'),
          uniqueReference: 'sms-ref',
        },
      ],
      windowSize: { width: 1024, height: 700 },
    });
    expect(headers['Gov-Client-User-IDs']).toBe('os=alice&acme-account=bob456&acme-internal=9912');
    expect(headers['Gov-Client-Multi-Factor']).toBe(
      'type=AUTH_CODE&timestamp=2026-11-23T09%3A59%3A00.000Z&unique-reference=sms-ref',
    );
    expect(headers['Gov-Client-Window-Size']).toBe('width=1024&height=700');
    // The defaults are back for the next request.
    const next = await c.headers();
    expect(next['Gov-Client-User-IDs']).toBe('os=alice&acme-account=alice123');
    expect(next['Gov-Client-Multi-Factor']).toContain('unique-reference=default');
  });

  it('warns once for a lasting condition, however many requests', async () => {
    const { c, warnings } = collector();
    for (let i = 0; i < 5; i++) await c.headers();
    expect(warnings.map((w) => w.code)).toEqual(['NO_SCREENS', 'NO_WINDOW']);
    expect(c.warnings).toHaveLength(2);
    // ...while each collection still lists what applies to it.
    expect((await c.collect()).warnings.map((w) => w.code)).toEqual(['NO_SCREENS', 'NO_WINDOW']);
  });
});

describe('other connection methods', () => {
  it('BATCH_PROCESS_DIRECT: only its headers, and no display lookups', async () => {
    let graphicsCalls = 0;
    const { c } = collector(
      { connectionMethod: 'BATCH_PROCESS_DIRECT' },
      {
        graphics: async () => {
          graphicsCalls++;
          return { displays: [] };
        },
      },
    );
    const headers = await c.headers();
    expect(Object.keys(headers)).toEqual(
      requirementsFor('BATCH_PROCESS_DIRECT').required.filter(
        (h) => h !== 'Gov-Vendor-License-IDs',
      ),
    );
    expect(graphicsCalls).toBe(0);
  });

  it('DESKTOP_APP_VIA_SERVER: the client payload, as headers and as the fph_client JSON', async () => {
    const c = createCollector({
      connectionMethod: 'DESKTOP_APP_VIA_SERVER',
      deviceId: DEVICE_ID,
      versions: { 'acme-desktop': '3.1.0' },
      userIds: { 'acme-account': 'alice123' },
      display: electron([display(1920, 1080, 1, 24)]),
      source: fakeSource(),
    });
    const headers = await c.headers();
    expect(Object.keys(headers)).toEqual([
      'Gov-Client-Device-ID',
      'Gov-Client-Local-IPs',
      'Gov-Client-Local-IPs-Timestamp',
      'Gov-Client-MAC-Addresses',
      'Gov-Client-Screens',
      'Gov-Client-Timezone',
      'Gov-Client-User-Agent',
      'Gov-Client-User-IDs',
      'Gov-Client-Window-Size',
      'Gov-Vendor-Version',
    ]);
    expect(headers['Gov-Vendor-Version']).toBe('acme-desktop=3.1.0');
    const payload = await c.clientPayload();
    expect(payload.field).toBe(CLIENT_PAYLOAD_FIELD);
    expect(payload.headers).toEqual({
      ...headers,
      'Gov-Client-Local-IPs-Timestamp': payload.headers['Gov-Client-Local-IPs-Timestamp'],
    });
    expect(JSON.parse(payload.json)).toEqual(payload.headers);
    for (const name of Object.keys(payload.headers)) expect(CLIENT_HEADER_NAMES).toContain(name);
  });

  it('a direct method has no client payload', async () => {
    const { c } = collector();
    await expect(c.clientPayload()).rejects.toMatchObject({ code: 'NOT_VIA_SERVER' });
  });
});

describe('bad input', () => {
  const thrown = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('refuses web and mobile methods, and unknown ones', () => {
    const web = thrown(() => createCollector({ connectionMethod: 'WEB_APP_VIA_SERVER' }));
    expect(isCollectorError(web) && web.code).toBe('UNSUPPORTED_METHOD');
    expect((web as Error).message).toContain('@fph-kit/browser');
    const bogus = thrown(() => createCollector({ connectionMethod: 'DESKTOP' as 'OTHER_DIRECT' }));
    expect(isCollectorError(bogus) && bogus.code).toBe('INVALID_OPTIONS');
  });

  it('names the option and keeps the spec error as cause', () => {
    const error = thrown(() => createCollector({ productName: 'bad \ud800', deviceId: DEVICE_ID }));
    expect(isCollectorError(error) && error.code).toBe('INVALID_OPTIONS');
    expect((error as Error).message).toMatch(/^productName: /);
    expect(isSpecError((error as Error).cause)).toBe(true);
  });

  it('refuses an empty licence key, a bad device ID and vendor values a via-server client does not send', () => {
    expect(
      (thrown(() => createCollector({ licenseKeys: { app: '' }, deviceId: DEVICE_ID })) as Error)
        .message,
    ).toContain('licenseKeys.app');
    expect((thrown(() => createCollector({ deviceId: 'not-a-uuid' })) as Error).message).toContain(
      'deviceId',
    );
    const via = thrown(() =>
      createCollector({
        connectionMethod: 'OTHER_VIA_SERVER',
        productName: 'X',
        deviceId: DEVICE_ID,
      }),
    );
    expect((via as Error).message).toContain("the vendor's server adds Gov-Vendor-Product-Name");
  });

  it('refuses a bad per-request value with INVALID_ARGUMENT', async () => {
    const { c } = collector();
    await expect(c.headers({ windowSize: { width: 0, height: 700 } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('windowSize.width'),
    });
    await expect(
      c.headers({
        multiFactor: [{ type: 'SMS' as 'OTHER', timestamp: new Date(), uniqueReference: 'x' }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('explanations', () => {
  it('cover every header the method asks of the client, in the spec order', async () => {
    const { c } = collector();
    const { explanations, headers } = await c.collect();
    expect(explanations.map((e) => e.header)).toEqual([
      ...requirementsFor('DESKTOP_APP_DIRECT').required,
    ]);
    for (const e of explanations) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(e.value).toBe(headers[e.header]);
    }
  });
});

describe('device ID file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fph-collector-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is created at the configured path and reused by the next collector', async () => {
    const path = join(dir, 'Acme', '.fph-device-id');
    const first = createCollector({ deviceId: { path }, source: fakeSource() });
    const id = (await first.headers())['Gov-Client-Device-ID'];
    expect(await readFile(path, 'utf8')).toBe(`${id}\n`);
    expect(first.warnings.map((w) => w.code)).toContain('DEVICE_ID_CREATED');
    const second = createCollector({ deviceId: { path }, source: fakeSource() });
    expect((await second.headers())['Gov-Client-Device-ID']).toBe(id);
    expect(second.warnings.map((w) => w.code)).not.toContain('DEVICE_ID_CREATED');
  });

  it('lives by default under the app data folder, in a folder named after the product', async () => {
    const c = createCollector({
      productName: 'Acme Tax',
      source: fakeSource({ env: { XDG_DATA_HOME: dir } }),
    });
    const id = (await c.headers())['Gov-Client-Device-ID'];
    expect(await readFile(join(dir, 'Acme Tax', '.fph-device-id'), 'utf8')).toBe(`${id}\n`);
  });
});

describe('onWarning', () => {
  it('a callback that throws does not cost the request its headers', async () => {
    const emitted: string[] = [];
    const listener = (w: Error) => emitted.push(w.message);
    process.on('warning', listener);
    try {
      const c = createCollector({
        deviceId: DEVICE_ID,
        source: fakeSource(),
        onWarning: () => {
          throw new Error('logger down');
        },
      });
      const headers = await c.headers();
      expect(headers['Gov-Client-Device-ID']).toBe(DEVICE_ID);
      await new Promise((resolve) => setImmediate(resolve));
      expect(emitted.some((m) => m.includes('logger down'))).toBe(true);
    } finally {
      process.off('warning', listener);
    }
  });
});
