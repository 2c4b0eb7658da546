import type { SystemSource } from '@fph-kit/node';
import { electronDisplayOf } from '@fph-kit/test-support/electron-display';
import { createFakeElectron } from '@fph-kit/test-support/fake-electron';
import { validate } from '@fph-kit/validator';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FPH_CHANNEL,
  type FphBridge,
  type FphMainOptions,
  fphWebPreferences,
  registerFph,
} from './index.js';
import { createFphBridge, exposeFph } from './preload.js';

const DEVICE_ID = '9d1c4f2a-6e3b-4c8d-a1f0-2b7e5d9c3a64';
const NOW = new Date('2026-11-23T10:00:00.123Z');

/** A laptop on an office network: what node:os and systeminformation would report. */
const MACHINE: Partial<SystemSource> = {
  platform: 'darwin',
  env: {},
  homedir: () => '/Users/alice',
  networkInterfaces: () => ({
    lo0: [{ address: '127.0.0.1', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true }],
    en0: [
      { address: '10.20.4.17', family: 'IPv4', mac: '3c:22:fb:91:4e:07', internal: false },
      {
        address: 'fe80::1c2b:3ff:fe4a:9b1',
        family: 'IPv6',
        mac: '3c:22:fb:91:4e:07',
        internal: false,
      },
    ],
  }),
  userInfo: () => ({ username: 'alice' }),
  now: () => NOW,
  utcOffsetMinutes: () => 0,
  system: async () => ({ manufacturer: 'Apple Inc.', model: 'MacBookPro18,3' }),
  osInfo: async () => ({
    platform: 'darwin',
    distro: 'macOS',
    release: '14.6.1',
    kernel: '23.6.0',
  }),
  graphics: async () => ({ displays: [] }),
  linkMacs: async () => [],
};

/** A MacBook Pro's built-in display at 2x beside a 27" 1440p monitor at 1x, as Electron reports them. */
const TWO_DISPLAYS = [electronDisplayOf(1512, 982, 2, 30), electronDisplayOf(2560, 1440, 1, 24)];

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

function setUp(method: FphMainOptions['connectionMethod'], extra: Partial<FphMainOptions> = {}) {
  const pair = createFakeElectron({ displays: TWO_DISPLAYS, contentSize: [1200, 760] });
  const main = registerFph({
    connectionMethod: method,
    ipcMain: pair.ipcMain,
    screen: pair.screen,
    BrowserWindow: pair.BrowserWindow,
    deviceId: DEVICE_ID,
    ...(method === 'DESKTOP_APP_DIRECT'
      ? { productName: 'Acme Tax', licenseKeys: { 'acme-tax-desktop': 'ACME-DESK-7781' } }
      : {}),
    versions: { 'acme-tax-desktop': '5.0.2' },
    source: MACHINE,
    ...extra,
  });
  dispose = main.dispose;
  exposeFph({
    contextBridge: pair.contextBridge,
    ipcRenderer: pair.ipcRenderer,
    contextIsolated: true,
  });
  return { ...pair, main, fph: pair.world.fph as FphBridge };
}

describe('preload bridge', () => {
  it('exposes window.fph with exactly headers() and payload(), frozen, and nothing of Node or IPC', () => {
    const { world, fph } = setUp('DESKTOP_APP_DIRECT');
    expect(Object.keys(world)).toEqual(['fph']);
    expect(Object.keys(fph).sort()).toEqual(['headers', 'payload']);
    expect(Object.values(fph).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.isFrozen(fph)).toBe(true);
    expect(() => {
      (fph as unknown as Record<string, unknown>).invoke = () => undefined;
    }).toThrow(TypeError);
  });

  it('refuses to expose the bridge in a window without context isolation', () => {
    const { contextBridge, ipcRenderer, world } = createFakeElectron();
    expect(() => exposeFph({ contextBridge, ipcRenderer, contextIsolated: false })).toThrow(
      /INSECURE_WINDOW/,
    );
    expect(world).toEqual({});
  });

  it('only ever calls the one channel', async () => {
    const calls: string[] = [];
    const bridge = createFphBridge({
      invoke: async (channel: string) => {
        calls.push(channel);
        return { ok: true, headers: {} };
      },
    });
    await bridge.headers();
    await bridge.payload();
    expect(calls).toEqual([FPH_CHANNEL, FPH_CHANNEL]);
  });

  it('gives secure web preferences for windows that use it', () => {
    expect(fphWebPreferences('/app/preload.js')).toEqual({
      preload: '/app/preload.js',
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
    });
  });
});

describe('DESKTOP_APP_DIRECT through window.fph', () => {
  it('sends both displays and the calling window, and HMRC would accept the set', async () => {
    const { fph, resize } = setUp('DESKTOP_APP_DIRECT');
    resize([1180.4, 742.6]);
    const headers = await fph.headers({
      userIds: { 'acme-tax': 'alice123' },
      multiFactor: [
        {
          type: 'TOTP',
          timestamp: new Date('2026-11-23T09:58:00Z'),
          uniqueReference: 'c'.repeat(64),
        },
      ],
    });
    expect(headers['Gov-Client-Screens']).toBe(
      'width=1512&height=982&scaling-factor=2&colour-depth=30,width=2560&height=1440&scaling-factor=1&colour-depth=24',
    );
    expect(headers['Gov-Client-Window-Size']).toBe('width=1180&height=743');
    expect(headers['Gov-Client-User-IDs']).toBe('os=alice&acme-tax=alice123');
    expect(headers['Gov-Client-Device-ID']).toBe(DEVICE_ID);
    expect(headers['Gov-Client-MAC-Addresses']).toBe('3c%3A22%3Afb%3A91%3A4e%3A07');
    const { report, advisories } = validate(headers, { now: NOW });
    expect(report).toMatchObject({ code: 'VALID_HEADERS' });
    expect(advisories.filter((a) => a.value !== undefined)).toEqual([]);
  });

  it('refuses payload() on a direct app', async () => {
    const { fph } = setUp('DESKTOP_APP_DIRECT');
    await expect(fph.payload()).rejects.toThrow(
      /^fph: WRONG_METHOD: payload\(\) is for DESKTOP_APP_VIA_SERVER/,
    );
  });
});

describe('DESKTOP_APP_VIA_SERVER through window.fph', () => {
  it('gives the client payload for the vendor server', async () => {
    const { fph } = setUp('DESKTOP_APP_VIA_SERVER');
    const payload = await fph.payload({
      multiFactor: [
        {
          type: 'AUTH_CODE',
          timestamp: new Date('2026-11-23T09:59:00Z'),
          uniqueReference: 'b'.repeat(64),
        },
      ],
    });
    expect(payload.field).toBe('fph_client');
    expect(JSON.parse(payload.json)).toEqual(payload.headers);
    expect(payload.headers['Gov-Client-Multi-Factor']).toBe(
      `type=AUTH_CODE&timestamp=2026-11-23T09%3A59%3A00.000Z&unique-reference=${'b'.repeat(64)}`,
    );
    expect(payload.headers).not.toHaveProperty('Gov-Vendor-Product-Name');
    expect(payload.headers['Gov-Client-Window-Size']).toBe('width=1200&height=760');
    await expect(fph.headers()).rejects.toThrow(/WRONG_METHOD/);
  });
});

describe('the main process refuses what the renderer may not say', () => {
  const claims: [string, unknown, RegExp][] = [
    [
      'a server-side header',
      { 'Gov-Client-Public-IP': '203.0.113.9' },
      /Gov-Client-Public-IP.*never the renderer/,
    ],
    ['the vendor IP', { 'Gov-Vendor-Public-IP': '198.51.100.1' }, /Gov-Vendor-Public-IP/],
    [
      'a device ID',
      { deviceId: '00000000-0000-4000-8000-000000000000' },
      /"deviceId" is not a field/,
    ],
    ['a window size', { windowSize: { width: 1, height: 1 } }, /"windowSize" is not a field/],
    ['the OS user', { userIds: { os: 'root' } }, /userIds\.os/],
    ['a non-string ID', { userIds: { 'acme-tax': 7 } }, /must be a string/],
    [
      'an extra MFA field',
      { multiFactor: [{ type: 'TOTP', timestamp: 'x', uniqueReference: 'r', secret: 's' }] },
      /"secret"/,
    ],
    ['a list', [], /plain object/],
  ];
  for (const [what, request, message] of claims) {
    it(`refuses ${what}`, async () => {
      const { fph } = setUp('DESKTOP_APP_DIRECT');
      await expect(fph.headers(request as never)).rejects.toThrow(message);
    });
  }

  it('refuses raw invokes with another call, extra arguments, or from a web contents of no window', async () => {
    const { ipcRenderer, strangerRenderer } = setUp('DESKTOP_APP_DIRECT');
    expect(await ipcRenderer.invoke(FPH_CHANNEL, 'vendorValues', {})).toMatchObject({
      ok: false,
      code: 'REQUEST_REFUSED',
    });
    expect(
      await ipcRenderer.invoke(FPH_CHANNEL, 'headers', {}, { 'Gov-Vendor-Forwarded': 'x' }),
    ).toMatchObject({
      ok: false,
      code: 'REQUEST_REFUSED',
    });
    expect(await strangerRenderer.invoke(FPH_CHANNEL, 'headers', {})).toMatchObject({
      ok: false,
      code: 'SENDER_REFUSED',
    });
  });

  it("passes the collector's refusal of a bad value on as INVALID_ARGUMENT", async () => {
    const { fph } = setUp('DESKTOP_APP_DIRECT');
    await expect(
      fph.headers({
        multiFactor: [{ type: 'TOTP', timestamp: 'yesterday', uniqueReference: 'r' }],
      }),
    ).rejects.toThrow(/^fph: INVALID_ARGUMENT: /);
  });

  it('lets allowSender turn a page away, and refuses when allowSender fails', async () => {
    const { fph } = setUp('DESKTOP_APP_DIRECT', { allowSender: () => false });
    await expect(fph.headers()).rejects.toThrow(/SENDER_REFUSED: allowSender turned/);
    dispose?.();
    const failing = setUp('DESKTOP_APP_DIRECT', {
      allowSender: (event) => new URL(event.senderFrame!.url).origin === 'app://acme',
    });
    await expect(failing.fph.headers()).rejects.toThrow(/SENDER_REFUSED: allowSender failed/);
  });

  it('removes its handler on dispose', () => {
    const { handlers, main } = setUp('DESKTOP_APP_DIRECT');
    expect(handlers.has(FPH_CHANNEL)).toBe(true);
    main.dispose();
    expect(handlers.has(FPH_CHANNEL)).toBe(false);
  });

  it("refuses a connection method that is not an Electron app's", () => {
    expect(() => setUp('OTHER_DIRECT' as never)).toThrow(
      /DESKTOP_APP_DIRECT or DESKTOP_APP_VIA_SERVER/,
    );
  });
});
