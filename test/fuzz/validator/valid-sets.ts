import {
  CONNECTION_METHODS,
  type ConnectionMethod,
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
  type HeaderName,
  MULTI_FACTOR_TYPES,
  requirementsFor,
} from '@fph-kit/spec';
import fc from 'fast-check';

/**
 * Valid header sets for every connection method, each value written by the spec's formatters from
 * realistic, randomly generated input. A set from here must be judged VALID_HEADERS: the
 * generators stay inside what the spec allows and away from what HMRC warns about (public local
 * IPv4 addresses, ports below 1024, unhashed references, a single Vendor-Version pair on a
 * client-server method).
 */

/** A generated set: the headers in the order sent, and the moment they were collected. */
export interface GeneratedSet {
  method: ConnectionMethod;
  headers: [string, string][];
  /** Epoch milliseconds the set is judged at. */
  now: number;
}

const byte = fc.integer({ min: 0, max: 255 });
const hex16 = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));

/** First octets of unicast IPv4 space that no special-purpose range starts in. */
const PUBLIC_FIRST_OCTETS = Array.from({ length: 223 }, (_, i) => i + 1).filter(
  (o) => ![10, 100, 127, 169, 172, 192, 198, 203].includes(o),
);

const publicIpv4 = fc
  .tuple(fc.constantFrom(...PUBLIC_FIRST_OCTETS), byte, byte, byte)
  .map((o) => o.join('.'));

/** Global unicast IPv6 in 2a00::/12 (RIPE space), compressed or written out in full. */
const publicIpv6 = fc
  .tuple(fc.integer({ min: 0x2a00, max: 0x2a0f }), fc.array(hex16, { minLength: 7, maxLength: 7 }))
  .chain(([first, rest]) =>
    fc.constantFrom(
      [first.toString(16), ...rest].join(':'),
      `${first.toString(16)}:${rest[0]}::${rest[6]}`,
      [first.toString(16).toUpperCase(), ...rest.map((h) => h.toUpperCase())].join(':'),
    ),
  );

export const publicIp: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: publicIpv4 },
  { weight: 1, arbitrary: publicIpv6 },
);

const privateIpv4 = fc.oneof(
  fc.tuple(byte, byte, byte).map(([b, c, d]) => `10.${b}.${c}.${d}`),
  fc.tuple(fc.integer({ min: 16, max: 31 }), byte, byte).map(([b, c, d]) => `172.${b}.${c}.${d}`),
  fc.tuple(byte, byte).map(([c, d]) => `192.168.${c}.${d}`),
);
const localIpv6 = fc.oneof(
  fc.array(hex16, { minLength: 4, maxLength: 4 }).map((g) => `fe80::${g.join(':')}`),
  fc.array(hex16, { minLength: 7, maxLength: 7 }).map((g) => `fd${g[0]!.slice(-2)}:${g.join(':')}`),
);
const localIps = fc.array(fc.oneof(privateIpv4, localIpv6), { minLength: 1, maxLength: 5 });

/** A MAC address whose first byte is neither 00 nor ff, so it is never all-zero or broadcast. */
const mac = fc
  .tuple(fc.integer({ min: 1, max: 254 }), fc.array(byte, { minLength: 5, maxLength: 5 }))
  .chain(([first, rest]) =>
    fc
      .constantFrom(':', '-')
      .map((sep) => [first, ...rest].map((b) => b.toString(16).padStart(2, '0')).join(sep)),
  );

/** Offsets (minutes east of UTC) that real timezones use. */
const OFFSETS = [
  0, 60, 120, 180, 210, 240, 270, 300, 330, 345, 360, 390, 420, 480, 540, 570, 600, 660, 720, 765,
  780, 840, -60, -120, -180, -210, -240, -300, -360, -420, -480, -540, -570, -600, -660, -720,
];

const screen = fc.record({
  width: fc.integer({ min: 320, max: 7680 }),
  height: fc.integer({ min: 240, max: 4320 }),
  scalingFactor: fc.constantFrom(1, 1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 0.75),
  colourDepth: fc.constantFrom(8, 16, 24, 30, 32, 48),
});

/** Text as people type it: any Unicode (no lone surrogates), never blank. */
const text = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength }),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ._-]{0,20}$/),
    )
    .filter((s) => s.trim() !== '');

const hexDigest = fc.stringMatching(/^[0-9a-f]{64}$/);

const browserUserAgent = fc.oneof(
  fc
    .integer({ min: 90, max: 140 })
    .map(
      (v) =>
        `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${v}.0.0.0 Safari/537.36`,
    ),
  fc
    .integer({ min: 100, max: 140 })
    .map((v) => `Mozilla/5.0 (X11; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`),
  fc
    .tuple(fc.integer({ min: 13, max: 18 }), fc.integer({ min: 0, max: 6 }))
    .map(
      ([major, minor]) =>
        `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${major}.${minor} Safari/605.1.15`,
    ),
  fc
    .integer({ min: 15, max: 18 })
    .map(
      (v) =>
        `Mozilla/5.0 (iPhone; CPU iPhone OS ${v}_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v}.1 Mobile/15E148 Safari/604.1`,
    ),
);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Everything a set needs, drawn once; each method takes the headers it requires. */
const ingredients = fc.record({
  now: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }),
  browserUserAgent,
  deviceId: fc.uuid({ version: 4 }),
  localIps,
  localIpsAge: fc.integer({ min: 0, max: 50 * MINUTE }),
  macs: fc.uniqueArray(mac, { minLength: 1, maxLength: 4, selector: (m) => m.toLowerCase() }),
  factors: fc.array(
    fc.record({
      type: fc.constantFrom(...MULTI_FACTOR_TYPES),
      age: fc.integer({ min: 0, max: 29 * DAY }),
      precision: fc.constantFrom('date', 'minutes', 'seconds', 'millis'),
      uniqueReference: hexDigest,
    }),
    { minLength: 1, maxLength: 3 },
  ),
  clientIp: publicIp,
  vendorIp: publicIp,
  extraHops: fc.array(fc.tuple(publicIp, publicIp), { maxLength: 2 }),
  publicIpAge: fc.integer({ min: 0, max: 50 * MINUTE }),
  port: fc.integer({ min: 1024, max: 65535 }),
  screens: fc.array(screen, { minLength: 1, maxLength: 3 }),
  windowShare: fc.tuple(
    fc.double({ min: 0.2, max: 1, noNaN: true }),
    fc.double({ min: 0.2, max: 1, noNaN: true }),
  ),
  offset: fc.constantFrom(...OFFSETS),
  osFamily: fc.constantFrom('Windows', 'MacOS', 'Linux', 'iOS', 'Android', 'ChromeOS'),
  osVersion: fc.oneof(fc.stringMatching(/^\d{1,2}(\.\d{1,4}){0,2}$/), text(20)),
  manufacturer: text(24),
  model: text(24),
  osUser: text(20),
  appIds: fc.dictionary(text(12), text(20), { minKeys: 1, maxKeys: 3 }),
  licences: fc.dictionary(text(16), fc.stringMatching(/^[0-9A-F]{64}$/), {
    minKeys: 1,
    maxKeys: 2,
  }),
  productName: text(30),
  versions: fc.array(fc.tuple(text(16), fc.stringMatching(/^v?\d{1,2}\.\d{1,2}(\.\d{1,3})?$/)), {
    minLength: 2,
    maxLength: 3,
  }),
  order: fc.constantFrom('spec', 'reversed', 'shuffled'),
  seed: fc.nat(),
});

type Ingredients = typeof ingredients extends fc.Arbitrary<infer T> ? T : never;

function mfaTimestamp(at: number, precision: string): Date | string {
  const iso = new Date(at).toISOString();
  if (precision === 'minutes') return `${iso.slice(0, 16)}Z`;
  if (precision === 'seconds') return `${iso.slice(0, 19)}Z`;
  return precision === 'millis' ? iso : new Date(at);
}

/** A software=version map with unique names, keeping at least `min` pairs. */
function versionPairs(pairs: [string, string][], min: number): [string, string][] {
  const unique = new Map<string, string>();
  for (const [name, version] of pairs) if (!unique.has(name)) unique.set(name, version);
  let n = 0;
  while (unique.size < min) unique.set(`component-${++n}`, '1.0.0');
  return [...unique];
}

function valueFor(name: HeaderName, method: ConnectionMethod, g: Ingredients): string {
  switch (name) {
    case 'Gov-Client-Connection-Method':
      return formatConnectionMethod(method);
    case 'Gov-Client-Browser-JS-User-Agent':
      return formatBrowserJsUserAgent(g.browserUserAgent);
    case 'Gov-Client-Device-ID':
      return formatDeviceId(g.deviceId);
    case 'Gov-Client-Local-IPs':
      return formatLocalIps(g.localIps);
    case 'Gov-Client-Local-IPs-Timestamp':
      return formatTimestamp(g.now - g.localIpsAge);
    case 'Gov-Client-MAC-Addresses':
      return formatMacAddresses(g.macs);
    case 'Gov-Client-Multi-Factor':
      return formatMultiFactor(
        g.factors.map((f) => ({
          type: f.type,
          timestamp: mfaTimestamp(g.now - f.age, f.precision),
          uniqueReference: f.uniqueReference,
        })),
      );
    case 'Gov-Client-Public-IP':
      return formatPublicIp(g.clientIp);
    case 'Gov-Client-Public-IP-Timestamp':
      return formatTimestamp(g.now - g.publicIpAge);
    case 'Gov-Client-Public-Port':
      return formatPort(g.port);
    case 'Gov-Client-Screens':
      return formatScreens(g.screens);
    case 'Gov-Client-Timezone':
      return formatTimezone(g.offset);
    case 'Gov-Client-User-Agent':
      return formatUserAgent({
        osFamily: g.osFamily,
        osVersion: g.osVersion,
        deviceManufacturer: g.manufacturer,
        deviceModel: g.model,
      });
    case 'Gov-Client-User-IDs': {
      const ids = Object.entries(g.appIds).filter(([k]) => k !== 'os');
      if (requirementsFor(method).userIdsOs === 'expected') ids.unshift(['os', g.osUser]);
      if (ids.length === 0) ids.push(['acme-account', g.osUser]);
      return formatUserIds(ids);
    }
    case 'Gov-Client-Window-Size': {
      const first = g.screens[0]!;
      return formatWindowSize({
        width: Math.max(1, Math.floor(first.width * g.windowShare[0])),
        height: Math.max(1, Math.floor(first.height * g.windowShare[1])),
      });
    }
    case 'Gov-Vendor-Forwarded':
      // The first hop is the client's; further hops (load balancers) follow it.
      return formatVendorForwarded([
        { by: g.vendorIp, for: g.clientIp },
        ...g.extraHops.map(([by, sender]) => ({ by, for: sender })),
      ]);
    case 'Gov-Vendor-License-IDs':
      return formatLicenseIds(g.licences);
    case 'Gov-Vendor-Product-Name':
      return formatProductName(g.productName);
    case 'Gov-Vendor-Public-IP':
      return formatPublicIp(g.vendorIp, 'vendorPublicIp');
    case 'Gov-Vendor-Version':
      return formatVendorVersion(
        versionPairs(g.versions, requirementsFor(method).minVendorVersionPairs),
      );
    default:
      throw new Error(`no generator for ${name}`);
  }
}

function arrange<T>(items: T[], order: string, seed: number): T[] {
  if (order === 'reversed') return items.reverse();
  if (order === 'spec') return items;
  // A small deterministic shuffle driven by the drawn seed.
  let s = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A valid set of exactly the headers `method` requires. */
export function validSetFor(method: ConnectionMethod): fc.Arbitrary<GeneratedSet> {
  return ingredients.map((g) => ({
    method,
    now: g.now,
    headers: arrange(
      requirementsFor(method).required.map((name): [string, string] => [
        name,
        valueFor(name, method, g),
      ]),
      g.order,
      g.seed,
    ),
  }));
}

/** A valid set for any of the eight methods, each equally likely. */
export const validSet: fc.Arbitrary<GeneratedSet> = fc.oneof(
  ...CONNECTION_METHODS.map((m) => validSetFor(m)),
);
