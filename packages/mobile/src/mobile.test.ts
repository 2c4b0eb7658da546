import { validate } from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';
import {
  createMobileCollector,
  type DeviceIdStorage,
  fromDeviceInfo,
  fromExpoDevice,
  isMobileError,
  loadDeviceId,
  type MobileCollectorOptions,
  readDisplay,
  readLocalIps,
} from './index.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const ID = '3f0c2f4e-6b1d-4d8a-9a2e-5c7b1e0d9f42';

/** What react-native-device-info reports on an iPhone 11 Pro on iOS 17.5.1. */
const IPHONE = {
  systemName: 'iOS',
  systemVersion: '17.5.1',
  manufacturer: 'Apple',
  deviceId: 'iPhone12,3',
  model: 'iPhone 11 Pro',
};

/** What expo-device reports on a Pixel 7 on Android 14. */
const PIXEL = {
  osName: 'Android',
  osVersion: '14',
  manufacturer: 'Google',
  modelId: null,
  modelName: 'Pixel 7',
};

function memoryStorage(initial: Record<string, string> = {}): DeviceIdStorage & {
  data: Record<string, string>;
} {
  const data = { ...initial };
  return {
    data,
    getItem: async (key) => data[key] ?? null,
    setItem: async (key, value) => {
      data[key] = value;
    },
  };
}

/** Options of an iOS app; `extra` replaces some (an undefined value removes the option). */
function iosOptions(
  extra: { [K in keyof MobileCollectorOptions]?: MobileCollectorOptions[K] | undefined } = {},
): MobileCollectorOptions {
  return {
    connectionMethod: 'MOBILE_APP_DIRECT',
    device: fromDeviceInfo(IPHONE),
    deviceId: ID,
    display: () => ({
      screen: { width: 375, height: 812, scale: 3, fontScale: 1 },
      window: { width: 375, height: 812, scale: 3, fontScale: 1 },
      colourDepth: 24,
    }),
    localIps: () => '192.168.1.23',
    productName: 'Acme Tax',
    versions: { 'acme-tax-ios': '4.2.0' },
    licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
    userIds: { 'acme-tax': 'alice123' },
    multiFactor: [
      {
        type: 'TOTP',
        timestamp: new Date('2026-11-23T09:58:00Z'),
        uniqueReference: 'a'.repeat(64),
      },
    ],
    now: () => NOW,
    utcOffsetMinutes: () => 0,
    ...extra,
  } as MobileCollectorOptions;
}

describe('user agent adapters', () => {
  it('takes the iOS machine identifier as the model from react-native-device-info', () => {
    expect(fromDeviceInfo(IPHONE)).toEqual({
      userAgent: {
        osFamily: 'iOS',
        osVersion: '17.5.1',
        deviceManufacturer: 'Apple',
        deviceModel: 'iPhone12,3',
      },
      source: 'react-native-device-info',
      notes: [],
    });
  });

  it('takes the model name on Android from expo-device, where modelId is null', () => {
    expect(fromExpoDevice(PIXEL).userAgent).toEqual({
      osFamily: 'Android',
      osVersion: '14',
      deviceManufacturer: 'Google',
      deviceModel: 'Pixel 7',
    });
  });

  it('sends an unknown field empty and notes it, never a stand-in', () => {
    const device = fromDeviceInfo({ ...IPHONE, manufacturer: 'unknown' });
    expect(device.userAgent.deviceManufacturer).toBe('');
    expect(device.notes).toEqual([
      expect.objectContaining({
        code: 'USER_AGENT_INCOMPLETE',
        header: 'Gov-Client-User-Agent',
        value: 'unknown',
      }),
    ]);
    const expo = fromExpoDevice({ ...PIXEL, modelName: null });
    expect(expo.userAgent.deviceModel).toBe('');
    expect(expo.notes[0]?.message).toContain('Device.modelName');
  });
});

describe('display', () => {
  it('sends sizes in points with the pixel ratio beside them', () => {
    const out = readDisplay({
      screen: { width: 411.43, height: 914.29, scale: 2.625 },
      window: { width: 411.43, height: 867.43, scale: 2.625 },
      colourDepth: 24,
    });
    expect(out).toEqual({
      screens: [{ width: 411, height: 914, scalingFactor: 2.625, colourDepth: 24 }],
      windowSize: { width: 411, height: 867 },
      notes: [],
    });
  });

  it('leaves Screens out with a note when no colour depth is given', () => {
    const out = readDisplay({ screen: { width: 375, height: 812, scale: 3 }, window: null });
    expect(out.screens).toBeUndefined();
    expect(out.windowSize).toBeUndefined();
    expect(out.notes.map((n) => n.code)).toEqual(['NO_COLOUR_DEPTH', 'NO_WINDOW']);
  });
});

describe('local IPs', () => {
  it('counts expo-network "0.0.0.0" and device-info "unknown" as no address', async () => {
    for (const given of ['0.0.0.0', 'unknown', [], null]) {
      const out = await readLocalIps(() => given);
      expect(out.addresses).toEqual([]);
      expect(out.notes.map((n) => n.code)).toEqual(['NO_LOCAL_IPS']);
    }
  });

  it('keeps real addresses, deduplicated, and says why none when the reader fails', async () => {
    const out = await readLocalIps(
      () => ['10.0.0.7', 'fe80::1c2b:3ff:fe4a:1', '10.0.0.7'],
      () => NOW,
    );
    expect(out).toEqual({
      addresses: ['10.0.0.7', 'fe80::1c2b:3ff:fe4a:1'],
      readAt: NOW,
      notes: [],
    });
    const failed = await readLocalIps(() => Promise.reject(new Error('permission denied')));
    expect(failed.notes[0]?.message).toContain('permission denied');
  });
});

describe('device ID', () => {
  it('generates one, stores it, and reads it back on the next launch', async () => {
    const storage = memoryStorage();
    const first = await loadDeviceId({ storage, randomUUID: () => ID });
    expect(first.id).toBe(ID);
    expect(first.notes.map((n) => n.code)).toEqual(['DEVICE_ID_CREATED']);
    const second = await loadDeviceId({ storage, randomUUID: () => 'unused' });
    expect(second).toMatchObject({ id: ID, notes: [] });
  });

  it('replaces a stored value that is not a UUID and notes a failed write', async () => {
    const storage = memoryStorage({ 'fph-device-id': 'not-a-uuid' });
    storage.setItem = async () => {
      throw new Error('disk full');
    };
    const out = await loadDeviceId({ storage, randomUUID: () => ID });
    expect(out.id).toBe(ID);
    expect(out.notes.map((n) => n.code)).toEqual(['DEVICE_ID_CORRUPT', 'DEVICE_ID_NOT_PERSISTED']);
  });

  it('leaves the ID out with a note when there is no UUID source', async () => {
    const out = await loadDeviceId({ storage: memoryStorage(), randomUUID: () => 'abc' });
    expect(out.id).toBeUndefined();
    expect(out.notes.map((n) => n.code)).toEqual(['NO_DEVICE_ID']);
  });
});

describe('createMobileCollector', () => {
  it('builds a MOBILE_APP_DIRECT set from an iPhone that HMRC would accept', async () => {
    const { headers, notes } = await createMobileCollector(iosOptions()).collect();
    expect(notes).toEqual([]);
    expect(headers).toMatchObject({
      'Gov-Client-Connection-Method': 'MOBILE_APP_DIRECT',
      'Gov-Client-Device-ID': ID,
      'Gov-Client-Local-IPs': '192.168.1.23',
      'Gov-Client-Local-IPs-Timestamp': '2026-11-23T10:00:00.000Z',
      'Gov-Client-Screens': 'width=375&height=812&scaling-factor=3&colour-depth=24',
      'Gov-Client-Timezone': 'UTC+00:00',
      'Gov-Client-User-Agent':
        'os-family=iOS&os-version=17.5.1&device-manufacturer=Apple&device-model=iPhone12%2C3',
      'Gov-Client-User-IDs': 'acme-tax=alice123',
      'Gov-Client-Window-Size': 'width=375&height=812',
      'Gov-Vendor-Product-Name': 'Acme%20Tax',
      'Gov-Vendor-Version': 'acme-tax-ios=4.2.0',
    });
    expect(headers['Gov-Vendor-License-IDs']).toMatch(/^acme-tax=[0-9A-F]{64}$/);
    const { report } = validate(headers, { now: NOW });
    expect(report.code).toBe('VALID_HEADERS');
  });

  it('gives the client payload for MOBILE_APP_VIA_SERVER without vendor-side headers', async () => {
    const collector = createMobileCollector(
      iosOptions({
        connectionMethod: 'MOBILE_APP_VIA_SERVER',
        device: fromExpoDevice(PIXEL),
        localIps: undefined,
      }),
    );
    const payload = await collector.clientPayload({ userIds: { 'acme-tax': 'bob' } });
    expect(payload.field).toBe('fph_client');
    expect(Object.keys(payload.headers).sort()).toEqual([
      'Gov-Client-Device-ID',
      'Gov-Client-Multi-Factor',
      'Gov-Client-Screens',
      'Gov-Client-Timezone',
      'Gov-Client-User-Agent',
      'Gov-Client-User-IDs',
      'Gov-Client-Window-Size',
      'Gov-Vendor-Version',
    ]);
    expect(payload.headers['Gov-Client-User-IDs']).toBe('acme-tax=bob');
    expect(JSON.parse(payload.json)).toEqual(payload.headers);
    const { notes } = await collector.collect();
    expect(notes.map((n) => n.code)).toEqual(['NO_LOCAL_IPS']);
  });

  it('refuses bad options with a MobileError naming the field', () => {
    const bad: [Parameters<typeof iosOptions>[0], string, RegExp][] = [
      [
        { connectionMethod: 'WEB_APP_VIA_SERVER' as never },
        'UNSUPPORTED_METHOD',
        /connectionMethod/,
      ],
      [{ productName: undefined }, 'INVALID_OPTIONS', /productName/],
      [{ deviceId: 'not-a-uuid' }, 'INVALID_OPTIONS', /deviceId/],
      [{ versions: 42 as never }, 'INVALID_OPTIONS', /versions/],
    ];
    for (const [extra, code, field] of bad) {
      let caught: unknown;
      try {
        createMobileCollector(iosOptions(extra));
      } catch (error) {
        caught = error;
      }
      expect(isMobileError(caught), JSON.stringify(extra)).toBe(true);
      expect((caught as { code: string }).code).toBe(code);
      expect((caught as Error).message).toMatch(field);
    }
  });

  it('refuses clientPayload() for MOBILE_APP_DIRECT', async () => {
    await expect(createMobileCollector(iosOptions()).clientPayload()).rejects.toMatchObject({
      code: 'NOT_VIA_SERVER',
    });
  });
});
