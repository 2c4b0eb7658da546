import {
  type CollectorOptions,
  createCollector,
  type DisplayAdapter,
  isCollectorError,
  type SystemSource,
} from '@fph-kit/node';
import { HEADER_NAMES } from '@fph-kit/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyValue, HEADER_SAFE, keyValueInput, nastyNumber, nastyString } from './adversarial.ts';

/**
 * The Node collector reads strings the machine reports (user names, device models, OS names,
 * interface addresses): a machine that reports CR/LF, NUL or non-ASCII in any of them must still
 * give header values of printable US-ASCII, and never make `collect` fail. Values from the
 * calling app are refused with a CollectorError or encoded, never passed through.
 */

const DEVICE_ID = '3f2a6c1e-8d4b-4f7a-9c2e-5b1d7e9a0c34';
const RUNS = 400;

const address = fc.record({
  address: fc.oneof(
    nastyString,
    fc.constantFrom('192.168.1.20', 'fe80::1c2b:3dff:fe4e:5f60', 'fe80::1%eth0\r\n', '127.0.0.1'),
  ),
  family: fc.oneof(fc.constantFrom('IPv4', 'IPv6', 4, 6), nastyString),
  mac: fc.oneof(nastyString, fc.constantFrom('a4:83:e7:2b:4c:19', '00:00:00:00:00:00')),
  internal: fc.boolean(),
});

/** A machine whose every reported string may be hostile. */
const hostileMachine = fc.record({
  platform: fc.constantFrom('linux', 'darwin', 'win32', 'freebsd'),
  domain: nastyString,
  username: nastyString,
  userInfoThrows: fc.boolean(),
  manufacturer: nastyString,
  model: nastyString,
  distro: nastyString,
  release: nastyString,
  kernel: nastyString,
  osPlatform: nastyString,
  interfaces: fc.dictionary(nastyString, fc.array(address, { maxLength: 3 }), { maxKeys: 3 }),
  linkMacs: fc.array(nastyString, { maxLength: 3 }),
  displays: fc.array(
    fc.record({
      resolutionX: nastyNumber,
      resolutionY: nastyNumber,
      currentResX: nastyNumber,
      currentResY: nastyNumber,
      pixelDepth: nastyNumber,
    }),
    { maxLength: 2 },
  ),
  // What Date#getTimezoneOffset can give: whole minutes (V8 rounds historical offsets).
  offset: fc.integer({ min: -18 * 60, max: 18 * 60 }),
  screens: fc.option(
    fc.array(
      fc.record({
        width: nastyNumber,
        height: nastyNumber,
        scalingFactor: nastyNumber,
        colourDepth: nastyNumber,
      }),
      { maxLength: 2 },
    ),
  ),
  window: fc.option(fc.record({ width: nastyNumber, height: nastyNumber })),
  method: fc.constantFrom(
    'DESKTOP_APP_DIRECT' as const,
    'DESKTOP_APP_VIA_SERVER' as const,
    'BATCH_PROCESS_DIRECT' as const,
    'OTHER_DIRECT' as const,
    'OTHER_VIA_SERVER' as const,
  ),
});

type Machine = typeof hostileMachine extends fc.Arbitrary<infer T> ? T : never;

function sourceOf(m: Machine): Partial<SystemSource> {
  return {
    platform: m.platform,
    env: { USERDOMAIN: m.domain },
    homedir: () => '/nonexistent',
    networkInterfaces: () =>
      m.interfaces as SystemSource['networkInterfaces'] extends () => infer T ? T : never,
    userInfo: () => {
      if (m.userInfoThrows) throw new Error('no passwd entry');
      return { username: m.username };
    },
    now: () => new Date('2026-11-23T10:00:00.123Z'),
    utcOffsetMinutes: () => m.offset,
    system: async () => ({ manufacturer: m.manufacturer, model: m.model }),
    osInfo: async () => ({
      platform: m.osPlatform,
      distro: m.distro,
      release: m.release,
      kernel: m.kernel,
    }),
    graphics: async () => ({ displays: m.displays }),
    linkMacs: async () => m.linkMacs,
  };
}

function displayOf(m: Machine): DisplayAdapter | undefined {
  if (m.screens === null) return undefined;
  const screens = m.screens;
  return {
    description: 'a display adapter reporting hostile values',
    screens: () => screens,
    windowSize: () => m.window ?? undefined,
  };
}

const CANONICAL = new Set<string>(HEADER_NAMES);

function expectSafe(headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) {
    expect(CANONICAL.has(name), name).toBe(true);
    expect(typeof value).toBe('string');
    expect(value, name).toMatch(HEADER_SAFE);
  }
}

describe('the Node collector on a machine reporting hostile strings', () => {
  it('gives printable US-ASCII headers and never fails', async () => {
    let collected = 0;
    await fc.assert(
      fc.asyncProperty(hostileMachine, async (m) => {
        const display = displayOf(m);
        const collector = createCollector({
          connectionMethod: m.method,
          // Direct methods only: via the vendor's server, the server names the product.
          ...(m.method.endsWith('_DIRECT') ? { productName: 'Acme Tax' } : {}),
          versions: { 'acme-desktop': '3.1.0' },
          deviceId: DEVICE_ID,
          source: sourceOf(m),
          ...(display ? { display } : {}),
        });
        const { headers } = await collector.collect();
        expectSafe(headers);
        if (m.method.endsWith('_VIA_SERVER')) expectSafe((await collector.clientPayload()).headers);
        collected++;
      }),
      { numRuns: RUNS },
    );
    expect(collected).toBe(RUNS);
  });
});

describe('the Node collector given hostile values by the app', () => {
  /**
   * Hostile values for any subset of the fields, or (one run in five) none at all: hostile values
   * alone are refused so often that a run could otherwise pass without encoding anything.
   */
  function orPlain<T extends Record<string, fc.Arbitrary<unknown>>>(fields: T) {
    return fc.oneof(
      { arbitrary: fc.constant({}), weight: 1 },
      { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 4 },
    );
  }

  it('encodes them or refuses them with a CollectorError', async () => {
    let encoded = 0;
    await fc.assert(
      fc.asyncProperty(
        orPlain({
          productName: nastyString,
          versions: keyValueInput,
          licenseKeys: keyValueInput,
          userIds: keyValueInput,
          multiFactor: fc.array(
            fc.record({ type: anyValue, timestamp: anyValue, uniqueReference: nastyString }),
            { maxLength: 2 },
          ),
        }),
        orPlain({
          userIds: keyValueInput,
          windowSize: fc.record({ width: anyValue, height: anyValue }),
        }),
        async (options, perRequest) => {
          let collector: ReturnType<typeof createCollector>;
          try {
            collector = createCollector({
              ...(options as CollectorOptions),
              deviceId: DEVICE_ID,
              source: sourceOf({
                platform: 'linux',
                domain: '',
                username: 'alice',
                userInfoThrows: false,
                manufacturer: 'Dell Inc.',
                model: 'XPS 13',
                distro: 'Ubuntu',
                release: '24.04',
                kernel: '6.8.0',
                osPlatform: 'linux',
                interfaces: {},
                linkMacs: [],
                displays: [],
                offset: 0,
                screens: null,
                window: null,
                method: 'DESKTOP_APP_DIRECT',
              }),
            });
          } catch (error) {
            expect(isCollectorError(error) && error.code, String(error)).toBe('INVALID_OPTIONS');
            return;
          }
          try {
            expectSafe(
              await collector.headers(perRequest as Parameters<typeof collector.headers>[0]),
            );
            encoded++;
          } catch (error) {
            expect(isCollectorError(error) && error.code, String(error)).toBe('INVALID_ARGUMENT');
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(encoded).toBeGreaterThan(0);
  });
});
