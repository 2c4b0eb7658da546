import { formatMultiFactor, formatUserIds, formatVendorVersion } from '@fph-kit/spec';
import { type FakeBrowserOptions, installFakeBrowser } from '@fph-kit/test-support/fake-browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CollectOptions } from './collect.js';

/** A fresh copy of the modules (their per-page caches start empty) over a fake browser. */
async function load(options: FakeBrowserOptions = {}) {
  vi.resetModules();
  const fake = installFakeBrowser(options);
  const { collect } = await import('./collect.js');
  const { isBrowserError } = await import('./errors.js');
  return { fake, collect, isBrowserError };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LAPTOP = { width: 1440, height: 900, devicePixelRatio: 2, colorDepth: 30 };
const MONITOR = { width: 2560, height: 1440, devicePixelRatio: 1.25, colorDepth: 24 };
const LAPTOP_VALUE = 'width=1440&height=900&scaling-factor=2&colour-depth=30';
const originalTz = process.env.TZ;

/** The note for a Screens header that holds the current screen only. */
function currentScreenOnly(reason: string) {
  return { header: 'Gov-Client-Screens', code: 'SCREENS_CURRENT_ONLY', message: reason };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  process.env.TZ = originalTz;
});

describe('collect', () => {
  it('reads every browser value and formats it for its header', async () => {
    process.env.TZ = 'Europe/London';
    vi.useFakeTimers({ now: new Date('2026-07-01T12:00:00Z'), toFake: ['Date'] });
    const { collect } = await load({
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
      innerWidth: 1256,
      innerHeight: 803,
      screen: LAPTOP,
    });
    const { headers } = await collect();
    expect(Object.keys(headers).sort()).toEqual([
      'Gov-Client-Browser-JS-User-Agent',
      'Gov-Client-Device-ID',
      'Gov-Client-Screens',
      'Gov-Client-Timezone',
      'Gov-Client-Window-Size',
    ]);
    expect(headers['Gov-Client-Browser-JS-User-Agent']).toBe(
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
    );
    expect(headers['Gov-Client-Device-ID']).toMatch(UUID);
    expect(headers['Gov-Client-Screens']).toBe(LAPTOP_VALUE);
    expect(headers['Gov-Client-Window-Size']).toBe('width=1256&height=803');
    expect(headers['Gov-Client-Timezone']).toBe('UTC+01:00');
  });

  it.each([
    ['America/St_Johns', '2026-07-01T12:00:00Z', 'UTC-02:30'],
    ['America/St_Johns', '2026-01-15T12:00:00Z', 'UTC-03:30'],
    ['Asia/Kolkata', '2026-01-15T12:00:00Z', 'UTC+05:30'],
    ['UTC', '2026-01-15T12:00:00Z', 'UTC+00:00'],
  ])('gives the offset in force now in %s on %s: %s', async (tz, now, expected) => {
    process.env.TZ = tz;
    vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
    const { collect } = await load();
    expect((await collect()).headers['Gov-Client-Timezone']).toBe(expected);
  });

  it('adds the formatted values the app gives, exactly as given', async () => {
    const { collect } = await load();
    const given = {
      'Gov-Client-User-IDs': formatUserIds({ 'my-app': 'alice smith' }),
      'Gov-Client-Multi-Factor': formatMultiFactor([
        {
          type: 'TOTP',
          timestamp: '2026-11-23T10:00Z',
          uniqueReference: 'fc4b5fd6816f75a7c81fc8eaa9499d6a',
        },
      ]),
      'Gov-Vendor-Version': formatVendorVersion({ 'my-web-app': '2.2.2' }),
    };
    const { headers } = await collect({ headers: given });
    expect(headers).toMatchObject({
      'Gov-Client-User-IDs': 'my-app=alice%20smith',
      'Gov-Client-Multi-Factor':
        'type=TOTP&timestamp=2026-11-23T10%3A00Z&unique-reference=fc4b5fd6816f75a7c81fc8eaa9499d6a',
      'Gov-Vendor-Version': 'my-web-app=2.2.2',
    });
    expect(Object.keys(headers)).toHaveLength(8);
  });

  it('collects afresh on every call', async () => {
    const { fake, collect } = await load({ innerWidth: 800, innerHeight: 600 });
    expect((await collect()).headers['Gov-Client-Window-Size']).toBe('width=800&height=600');
    fake.window.innerWidth = 1024;
    expect((await collect()).headers['Gov-Client-Window-Size']).toBe('width=1024&height=600');
  });

  describe('screens', () => {
    it('lists every screen when window-management is already granted', async () => {
      const { collect } = await load({
        screen: LAPTOP,
        screens: [LAPTOP, MONITOR],
        permission: 'granted',
      });
      const { headers, notes } = await collect();
      expect(headers['Gov-Client-Screens']).toBe(
        'width=1440&height=900&scaling-factor=2&colour-depth=30,' +
          'width=2560&height=1440&scaling-factor=1.25&colour-depth=24',
      );
      expect(notes).toEqual([]);
    });

    it('never asks for the permission by default: current screen only, with a note', async () => {
      const { fake, collect } = await load({
        screen: LAPTOP,
        screens: [LAPTOP, MONITOR],
        permission: 'prompt',
      });
      const { headers, notes } = await collect();
      expect(fake.calls.getScreenDetails).toBe(0);
      expect(headers['Gov-Client-Screens']).toBe(LAPTOP_VALUE);
      expect(notes).toEqual([currentScreenOnly('no window-management permission')]);
    });

    it('asks when promptForScreens is set, and falls back when refused', async () => {
      const granted = await load({ screens: [LAPTOP, MONITOR], permission: 'prompt' });
      const all = await granted.collect({ promptForScreens: true });
      expect(granted.fake.calls.getScreenDetails).toBe(1);
      expect(all.headers['Gov-Client-Screens']?.split(',')).toHaveLength(2);

      vi.unstubAllGlobals();
      const refused = await load({
        screen: LAPTOP,
        screens: [LAPTOP, MONITOR],
        permission: 'prompt',
        screenDetails: 'reject',
      });
      const one = await refused.collect({ promptForScreens: true });
      expect(one.headers['Gov-Client-Screens']).toBe(LAPTOP_VALUE);
      // Dismissed: the permission is still undecided, but the details could not be read.
      expect(one.notes).toEqual([currentScreenOnly('screen details not available')]);
    });

    it('reads the permission and the screen details once per page', async () => {
      const { fake, collect } = await load({ screens: [LAPTOP, MONITOR], permission: 'granted' });
      await collect();
      await collect();
      await collect();
      expect(fake.calls).toEqual({ getScreenDetails: 1, permissionsQuery: 1 });
    });

    it('follows the permission as it changes during the page', async () => {
      const { fake, collect } = await load({
        screen: LAPTOP,
        screens: [LAPTOP, MONITOR],
        permission: 'prompt',
      });
      expect((await collect()).headers['Gov-Client-Screens']?.split(',')).toHaveLength(1);
      fake.permission.state = 'granted';
      expect((await collect()).headers['Gov-Client-Screens']?.split(',')).toHaveLength(2);
      fake.permission.state = 'denied';
      const revoked = await collect({ promptForScreens: true });
      expect(revoked.headers['Gov-Client-Screens']).toBe(LAPTOP_VALUE);
      expect(revoked.notes.map((n) => n.code)).toEqual(['SCREENS_CURRENT_ONLY']);
      expect(fake.calls.getScreenDetails).toBe(1);
    });

    it('says so when the browser has no Window Management API', async () => {
      const { collect } = await load({ screen: MONITOR });
      const { headers, notes } = await collect();
      expect(headers['Gov-Client-Screens']).toBe(
        'width=2560&height=1440&scaling-factor=1.25&colour-depth=24',
      );
      expect(notes).toEqual([currentScreenOnly('no Window Management API')]);
    });

    it('falls back when the permission query itself fails', async () => {
      const { collect } = await load({ screens: [LAPTOP, MONITOR], permission: 'throws' });
      const { headers, notes } = await collect();
      expect(headers['Gov-Client-Screens']?.split(',')).toHaveLength(1);
      expect(notes[0]?.code).toBe('SCREENS_CURRENT_ONLY');
    });
  });

  describe('what the browser cannot give', () => {
    it('leaves a header out and explains, rather than send a placeholder', async () => {
      const { collect } = await load({
        innerWidth: 0,
        innerHeight: 0,
        screen: { width: 0, height: 0, devicePixelRatio: 1, colorDepth: 24 },
        userAgent: '',
      });
      const { headers, notes } = await collect();
      expect(headers).not.toHaveProperty('Gov-Client-Window-Size');
      expect(headers).not.toHaveProperty('Gov-Client-Screens');
      expect(headers).not.toHaveProperty('Gov-Client-Browser-JS-User-Agent');
      expect(notes.filter((n) => n.code === 'UNAVAILABLE')).toEqual([
        {
          header: 'Gov-Client-Screens',
          code: 'UNAVAILABLE',
          message: 'screens[0].width: must be a positive whole number, got 0',
        },
        {
          header: 'Gov-Client-Browser-JS-User-Agent',
          code: 'UNAVAILABLE',
          message: 'browserJsUserAgent: must be a non-empty string, got ""',
        },
        {
          header: 'Gov-Client-Window-Size',
          code: 'UNAVAILABLE',
          message: 'windowSize.width: must be a positive whole number, got 0',
        },
      ]);
      for (const value of Object.values(headers)) {
        expect(value).not.toMatch(/^(|null|undefined|unknown|N\/A)$/i);
      }
    });

    it('notes a device ID that cannot be stored, and keeps it for the page', async () => {
      const { collect } = await load({ localStorageBlocked: true, cookies: 'throws' });
      const first = await collect();
      const second = await collect();
      expect(first.headers['Gov-Client-Device-ID']).toMatch(UUID);
      expect(second.headers['Gov-Client-Device-ID']).toBe(first.headers['Gov-Client-Device-ID']);
      expect(first.notes).toContainEqual({
        header: 'Gov-Client-Device-ID',
        code: 'DEVICE_ID_NOT_STORED',
        message: 'storage blocked',
      });
    });
  });

  describe('mistakes in the options', () => {
    it.each([
      [null, 'collect options: must be an object'],
      ['yes', 'collect options: must be an object'],
      [
        { userIds: { app: 'alice' } },
        'collect options: userIds is not one of headers,promptForScreens',
      ],
      [{ headers: new Map() }, 'collect options: headers must be a plain object'],
      [
        { headers: [['Gov-Vendor-Version', 'a=1']] },
        'collect options: headers must be a plain object',
      ],
      [
        { headers: { 'Gov-Client-Screens': 'width=1&height=1&scaling-factor=1&colour-depth=24' } },
        'collect options: headers: Gov-Client-Screens is not one of Gov-Client-User-IDs,Gov-Client-Multi-Factor,Gov-Vendor-Version',
      ],
      [
        { headers: { 'gov-client-user-ids': 'app=alice' } },
        'collect options: headers: gov-client-user-ids is not one of Gov-Client-User-IDs,',
      ],
      [
        { headers: { 'Gov-Client-User-IDs': { app: 'alice' } } },
        'collect options: headers: Gov-Client-User-IDs must be a formatted value (printable ASCII)',
      ],
      [
        { headers: { 'Gov-Client-User-IDs': '' } },
        'collect options: headers: Gov-Client-User-IDs must be a formatted value (printable ASCII)',
      ],
      [
        { headers: { 'Gov-Vendor-Version': 'web=1.0\r\nX-Injected: 1' } },
        'collect options: headers: Gov-Vendor-Version must be a formatted value (printable ASCII)',
      ],
      [
        { headers: { 'Gov-Client-User-IDs': 'app=al\u00efce' } },
        'collect options: headers: Gov-Client-User-IDs must be a formatted value (printable ASCII)',
      ],
      [{ promptForScreens: 'yes' }, 'collect options: promptForScreens must be true or false'],
    ])('rejects %j with a BrowserError naming the option', async (options, message) => {
      const { collect, isBrowserError } = await load();
      const error = await collect(options as CollectOptions).catch((e: unknown) => e);
      expect(isBrowserError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
      expect((error as Error).message.startsWith(message)).toBe(true);
    });

    it('sends nothing of a set with one wrong value', async () => {
      const { fake, collect } = await load();
      await expect(
        collect({ headers: { 'Gov-Vendor-Version': 'web=1', 'Gov-Client-User-IDs': '' } }),
      ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
      expect(fake.storage.size).toBe(0);
    });
  });

  it('refuses to run without a window (server-side rendering)', async () => {
    vi.resetModules();
    const { collect } = await import('./collect.js');
    await expect(collect()).rejects.toMatchObject({
      name: 'BrowserError',
      code: 'NO_WINDOW',
      message: 'collect() needs a browser window',
    });
  });
});
