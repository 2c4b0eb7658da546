import { type FphBridge, registerFph } from '@fph-kit/electron';
import { exposeFph } from '@fph-kit/electron/preload';
import { createMobileCollector, fromDeviceInfo, fromExpoDevice } from '@fph-kit/mobile';
import { createCollector, startBatchRun } from '@fph-kit/node';
import { type AssemblerOptions, createAssembler, type ViaServerMethod } from '@fph-kit/server';
import {
  type ConnectionMethod,
  formatMultiFactor,
  formatUserIds,
  formatVendorVersion,
} from '@fph-kit/spec';
import { electronDisplayOf } from '@fph-kit/test-support/electron-display';
import { installFakeBrowser } from '@fph-kit/test-support/fake-browser';
import { createFakeElectron } from '@fph-kit/test-support/fake-electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  batchHost,
  CLIENT_IP,
  CLIENT_PORT,
  expectNoPlaceholders,
  expectValid,
  MFA,
  NOW,
  noteFor,
  officePc,
  VENDOR_IP,
} from './inputs.ts';

/** The vendor's server: Acme Tax behind one load balancer at VENDOR_IP. */
function server(method: ViaServerMethod, clientSoftware: string): AssemblerOptions {
  return {
    connectionMethod: method,
    productName: 'Acme Tax',
    versions: { 'acme-api': '3.8.0' },
    licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
    vendorPublicIp: VENDOR_IP,
    clientVersions: [clientSoftware],
  };
}

/** The client's payload arriving at the vendor's server as request headers from CLIENT_IP. */
async function assemble(
  method: ViaServerMethod,
  clientSoftware: string,
  payload: Readonly<Record<string, string>>,
  port: number | 'none' = CLIENT_PORT,
) {
  const headers = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k.toLowerCase(), v]));
  return createAssembler(server(method, clientSoftware)).assemble({
    remoteAddress: CLIENT_IP,
    remotePort: port === 'none' ? undefined : port,
    headers,
    receivedAt: NOW,
  });
}

/** Both displays of a laptop docked to a monitor: the built-in one at 2x, the monitor at 1x. */
const DOCKED = [electronDisplayOf(1512, 982, 2, 30), electronDisplayOf(2560, 1440, 1, 24)];

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** An Electron app: registerFph in main, exposeFph in preload; returns the renderer's window.fph. */
function electronApp(method: 'DESKTOP_APP_DIRECT' | 'DESKTOP_APP_VIA_SERVER', size: number[]) {
  const pair = createFakeElectron({ displays: DOCKED, contentSize: size });
  const main = registerFph({
    connectionMethod: method,
    ipcMain: pair.ipcMain,
    screen: pair.screen,
    BrowserWindow: pair.BrowserWindow,
    deviceId: 'c3a1f0b2-8d4e-4f6a-9b7c-1e2d3f4a5b6c',
    versions: { 'acme-tax-desktop': '5.0.2' },
    ...(method === 'DESKTOP_APP_DIRECT'
      ? { productName: 'Acme Tax', licenseKeys: { 'acme-tax-desktop': 'ACME-DESK-7781' } }
      : {}),
    source: officePc(),
  });
  cleanups.push(main.dispose);
  exposeFph({
    contextBridge: pair.contextBridge,
    ipcRenderer: pair.ipcRenderer,
    contextIsolated: true,
  });
  return { fph: pair.world.fph as FphBridge, main };
}

/** A React Native app on an iPhone 13 (react-native-device-info's answers). */
const IPHONE = fromDeviceInfo({
  systemName: 'iOS',
  systemVersion: '18.1.1',
  manufacturer: 'Apple',
  deviceId: 'iPhone14,5',
  model: 'iPhone 13',
});

/** An Expo app on a Samsung Galaxy S23 (expo-device's constants; Android has no modelId). */
const GALAXY = fromExpoDevice({
  osName: 'Android',
  osVersion: '14',
  manufacturer: 'samsung',
  modelId: null,
  modelName: 'SM-S911B',
});

describe('WEB_APP_VIA_SERVER: the browser collector, then the server assembler', () => {
  async function browser(options: Parameters<typeof installFakeBrowser>[0]) {
    vi.resetModules();
    installFakeBrowser(options);
    const { collect } = await import('@fph-kit/browser');
    return collect({
      headers: {
        'Gov-Client-User-IDs': formatUserIds({ 'acme-tax': 'alice123' }),
        'Gov-Client-Multi-Factor': formatMultiFactor(MFA),
        'Gov-Vendor-Version': formatVendorVersion({ 'acme-web': '2.4.1' }),
      },
    });
  }

  it('gives a set HMRC accepts', async () => {
    const { headers, notes } = await browser({
      userAgent:
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      innerWidth: 1536,
      innerHeight: 730,
      screen: { width: 1536, height: 864, devicePixelRatio: 1.25, colorDepth: 24 },
    });
    expect(notes.filter((n) => n.code === 'UNAVAILABLE')).toEqual([]);
    const assembled = await assemble('WEB_APP_VIA_SERVER', 'acme-web', headers);
    expect(assembled.problems).toEqual([]);
    expectValid(assembled.headers);
  });

  it('leaves out what the browser cannot give, with a note', async () => {
    const { headers, notes } = await browser({
      userAgent: '',
      innerWidth: 0,
      innerHeight: 0,
    });
    expect(headers).not.toHaveProperty('Gov-Client-Window-Size');
    expect(headers).not.toHaveProperty('Gov-Client-Browser-JS-User-Agent');
    noteFor(notes, 'Gov-Client-Window-Size', 'UNAVAILABLE');
    noteFor(notes, 'Gov-Client-Browser-JS-User-Agent', 'UNAVAILABLE');
    expectNoPlaceholders(headers);
  });
});

describe('DESKTOP_APP_DIRECT: an Electron app on two displays of mixed scale', () => {
  it('gives a set HMRC accepts, with both displays and the calling window', async () => {
    const { fph } = electronApp('DESKTOP_APP_DIRECT', [1280, 800]);
    const headers = await fph.headers({ userIds: { 'acme-tax': 'alice123' }, multiFactor: MFA });
    expect(headers['Gov-Client-Screens']).toBe(
      'width=1512&height=982&scaling-factor=2&colour-depth=30,width=2560&height=1440&scaling-factor=1&colour-depth=24',
    );
    expect(headers['Gov-Client-Window-Size']).toBe('width=1280&height=800');
    expectValid(headers);
  });

  it('leaves the window size out with a warning when the window cannot be measured', async () => {
    const { fph, main } = electronApp('DESKTOP_APP_DIRECT', [0, 0]);
    const headers = await fph.headers({ userIds: { 'acme-tax': 'alice123' }, multiFactor: MFA });
    expect(headers).not.toHaveProperty('Gov-Client-Window-Size');
    noteFor(main.collector.warnings, 'Gov-Client-Window-Size', 'NO_WINDOW');
    expectNoPlaceholders(headers);
  });
});

describe('DESKTOP_APP_VIA_SERVER: window.fph.payload(), then the server assembler', () => {
  it('gives a set HMRC accepts', async () => {
    const { fph } = electronApp('DESKTOP_APP_VIA_SERVER', [1440, 900]);
    const payload = await fph.payload({ userIds: { 'acme-tax': 'alice123' }, multiFactor: MFA });
    const assembled = await assemble('DESKTOP_APP_VIA_SERVER', 'acme-tax-desktop', payload.headers);
    expect(assembled.problems).toEqual([]);
    expectValid(assembled.headers);
  });

  it('says why the public port is missing when the connection gives none', async () => {
    const { fph } = electronApp('DESKTOP_APP_VIA_SERVER', [1440, 900]);
    const payload = await fph.payload({ userIds: { 'acme-tax': 'alice123' }, multiFactor: MFA });
    const assembled = await assemble(
      'DESKTOP_APP_VIA_SERVER',
      'acme-tax-desktop',
      payload.headers,
      'none',
    );
    expect(assembled.headers).not.toHaveProperty('Gov-Client-Public-Port');
    noteFor(assembled.problems, 'Gov-Client-Public-Port', 'PUBLIC_PORT_UNAVAILABLE');
    expectNoPlaceholders(assembled.headers);
  });
});

describe('MOBILE_APP_DIRECT: an iPhone app', () => {
  const iphone = (over: Partial<Parameters<typeof createMobileCollector>[0]> = {}) =>
    createMobileCollector({
      connectionMethod: 'MOBILE_APP_DIRECT',
      device: IPHONE,
      deviceId: '6f2b9c1e-3d4a-4b8f-a7e6-0c5d2e1f9a83',
      display: () => ({
        screen: { width: 390, height: 844, scale: 3, fontScale: 1 },
        window: { width: 390, height: 844, scale: 3, fontScale: 1 },
        colourDepth: 24,
      }),
      localIps: () => '192.168.1.87',
      productName: 'Acme Tax',
      versions: { 'acme-tax-ios': '4.2.0' },
      licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
      userIds: { 'acme-tax': 'alice123' },
      multiFactor: MFA,
      now: () => NOW,
      utcOffsetMinutes: () => 0,
      ...over,
    });

  it('gives a set HMRC accepts', async () => {
    const { headers, notes } = await iphone().collect();
    expect(notes).toEqual([]);
    expectValid(headers);
  });

  it('notes the colour depth and local address the platform cannot give, never a stand-in', async () => {
    const { headers, notes } = await iphone({
      display: () => ({
        screen: { width: 390, height: 844, scale: 3 },
        window: { width: 390, height: 844, scale: 3 },
      }),
      localIps: () => '0.0.0.0',
    }).collect();
    expect(headers).not.toHaveProperty('Gov-Client-Screens');
    expect(headers).not.toHaveProperty('Gov-Client-Local-IPs');
    noteFor(notes, 'Gov-Client-Screens', 'NO_COLOUR_DEPTH');
    noteFor(notes, 'Gov-Client-Local-IPs', 'NO_LOCAL_IPS');
    expectNoPlaceholders(headers);
  });
});

describe('MOBILE_APP_VIA_SERVER: an Android app, then the server assembler', () => {
  const galaxy = (device = GALAXY) =>
    createMobileCollector({
      connectionMethod: 'MOBILE_APP_VIA_SERVER',
      device,
      deviceId: 'a8d3e5f1-2b4c-4d6e-8f0a-1b3c5d7e9f20',
      display: () => ({
        screen: { width: 360, height: 780, scale: 3, fontScale: 1 },
        window: { width: 360, height: 756, scale: 3, fontScale: 1 },
        colourDepth: 24,
      }),
      localIps: () => ['10.161.42.7', 'fe80::2c1a:8bff:fe3d:4e61'],
      versions: { 'acme-tax-android': '4.2.0' },
      userIds: { 'acme-tax': 'alice123' },
      multiFactor: MFA,
      now: () => NOW,
      utcOffsetMinutes: () => 0,
    });

  it('gives a payload the server accepts as it is, and a set HMRC accepts', async () => {
    const payload = await galaxy().clientPayload();
    const assembled = await assemble('MOBILE_APP_VIA_SERVER', 'acme-tax-android', payload.headers);
    expect(assembled.problems).toEqual([]);
    for (const [name, value] of Object.entries(payload.headers)) {
      if (name !== 'Gov-Vendor-Version') expect(assembled.headers[name]).toBe(value);
    }
    expectValid(assembled.headers);
  });

  it('sends an unknown model empty with a note, and the server passes it on as it is', async () => {
    const device = fromExpoDevice({
      osName: 'Android',
      osVersion: '14',
      manufacturer: 'samsung',
      modelId: null,
      modelName: null,
    });
    const { headers, notes } = await galaxy(device).collect();
    expect(headers['Gov-Client-User-Agent']).toBe(
      'os-family=Android&os-version=14&device-manufacturer=samsung&device-model=',
    );
    noteFor(notes, 'Gov-Client-User-Agent', 'USER_AGENT_INCOMPLETE');
    const assembled = await assemble('MOBILE_APP_VIA_SERVER', 'acme-tax-android', headers);
    expectNoPlaceholders(assembled.headers);
  });
});

/** A Node process of a direct method (no screens, no window): the node collector. */
function nodeProcess(method: ConnectionMethod, source = batchHost()) {
  return createCollector({
    connectionMethod: method,
    deviceId: '0e7b4c2a-5f1d-4a9e-b3c8-7d6e5f4a3b21',
    productName: 'Acme Tax Bulk',
    versions: { 'acme-vat-batch': '1.9.0' },
    licenseKeys: { 'acme-vat-batch': 'ACME-BATCH-0310' },
    userIds: { 'acme-tax': 'finance-team' },
    source,
  });
}

describe('BATCH_PROCESS_DIRECT: a nightly VAT submission job (startBatchRun)', () => {
  const run = (source = batchHost()) =>
    startBatchRun({
      deviceId: '0e7b4c2a-5f1d-4a9e-b3c8-7d6e5f4a3b21',
      productName: 'Acme Tax Bulk',
      versions: { 'acme-vat-batch': '1.9.0' },
      licenseKeys: { 'acme-vat-batch': 'ACME-BATCH-0310' },
      userIds: { 'acme-tax': 'finance-team' },
      source,
    });

  it('gives a set HMRC accepts for each request of one run, with the account per request', async () => {
    const job = await run();
    for (const client of ['client-1041', 'client-2287']) {
      const headers = await job.headers({ userIds: { 'acme-client': client } });
      expect(headers['Gov-Client-User-IDs']).toBe(
        `os=vatjob&acme-tax=finance-team&acme-client=${client}`,
      );
      expect(headers).not.toHaveProperty('Gov-Client-Screens');
      expectValid(headers);
    }
  });

  it('notes an OS user and addresses a container cannot give', async () => {
    const job = await run(
      batchHost({
        userInfo: () => {
          throw Object.assign(new Error('ENOENT: no such file or directory, uv_os_get_passwd'), {
            code: 'ENOENT',
          });
        },
        networkInterfaces: () => ({
          lo: [{ address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true }],
        }),
        linkMacs: async () => [],
      }),
    );
    const { headers, notes } = await job.collect();
    expect(headers['Gov-Client-User-IDs']).toBe('acme-tax=finance-team');
    noteFor(notes, 'Gov-Client-User-IDs', 'OS_USER_UNKNOWN');
    noteFor(notes, 'Gov-Client-MAC-Addresses', 'NO_MAC_ADDRESSES');
    expectNoPlaceholders(headers);
  });
});

describe('OTHER_DIRECT: an in-house tool on an office PC', () => {
  it('gives a set HMRC accepts', async () => {
    const tool = nodeProcess('OTHER_DIRECT', officePc());
    expectValid(await tool.headers({ multiFactor: MFA }));
  });

  it('sends a model the firmware does not report empty, with a note', async () => {
    const tool = nodeProcess(
      'OTHER_DIRECT',
      officePc({
        system: async () => ({
          manufacturer: 'To Be Filled By O.E.M.',
          model: 'To Be Filled By O.E.M.',
        }),
      }),
    );
    const { headers, warnings } = await tool.collect({ multiFactor: MFA });
    expect(headers['Gov-Client-User-Agent']).toMatch(/device-manufacturer=&device-model=$/);
    noteFor(warnings, 'Gov-Client-User-Agent', 'USER_AGENT_INCOMPLETE');
    expectNoPlaceholders(headers);
  });
});

describe('OTHER_VIA_SERVER: a thin client through the vendor server', () => {
  const thinClient = (source = officePc()) =>
    createCollector({
      connectionMethod: 'OTHER_VIA_SERVER',
      deviceId: '4b9e2d7c-1a3f-4e5b-8c6d-9f0a1b2c3d4e',
      versions: { 'acme-thin-client': '2.0.1' },
      userIds: { 'acme-tax': 'alice123' },
      multiFactor: MFA,
      source,
    });

  it('gives a set HMRC accepts', async () => {
    const payload = await thinClient().clientPayload();
    const assembled = await assemble('OTHER_VIA_SERVER', 'acme-thin-client', payload.headers);
    expect(assembled.problems).toEqual([]);
    expectValid(assembled.headers);
  });

  it('leaves the local addresses out with a note when the session has none', async () => {
    const client = thinClient(
      officePc({ networkInterfaces: () => ({}), linkMacs: async () => [] }),
    );
    const { headers, warnings } = await client.collect();
    expect(headers).not.toHaveProperty('Gov-Client-Local-IPs');
    noteFor(warnings, 'Gov-Client-Local-IPs', 'NO_LOCAL_IPS');
    expectNoPlaceholders(headers);
  });
});
