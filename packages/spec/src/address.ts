/**
 * IP and MAC address literals: syntax, parsing and the kind of network an address belongs to. The
 * one table of address ranges in fph-kit; no dependencies.
 */

/**
 * What kind of address an IP literal is. HMRC rejects `private`, `loopback`, `link-local`,
 * `unique-local` and `unspecified` where a public address is required; documentation ranges
 * (RFC 5737, RFC 3849, RFC 9637) pass as public, as HMRC accepts them; the rest pass too but are
 * not a single host on the internet.
 */
export type AddressKind =
  | 'public'
  | 'documentation'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unique-local'
  | 'unspecified'
  | 'shared'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export interface AddressInfo {
  family: 4 | 6;
  kind: AddressKind;
  /**
   * A normalised form for comparing addresses: IPv4 as sent; an IPv4-mapped IPv6 address as its
   * IPv4; other IPv6 as eight lower-case hex groups without leading zeros (`2001:db8:0:0:0:0:0:1`),
   * with its zone index when it had one.
   */
  canonical: string;
}

// --- IPv4 -----------------------------------------------------------------------------------------

/** A dotted quad (four decimal octets 0-255, no leading zeros) as a 32-bit number, or -1. */
export function ipv4Number(text: string): number {
  const n = text.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      if (++dots > 3) return -1;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return -1; // leading zero
      octet = octet * 10 + (c - 0x30);
      digits++;
      if (octet > 255) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/** Dotted-quad IPv4, four decimal octets 0-255 without leading zeros. */
export function isIPv4(text: string): boolean {
  return ipv4Number(text) >= 0;
}

const ip4 = (a: number, b: number, c: number, d: number): number =>
  ((a * 256 + b) * 256 + c) * 256 + d;

/** IPv4 ranges in the order they are tried, as [first, prefix length, kind]. */
const V4_PREFIXES: readonly [number, number, AddressKind][] = [
  [ip4(0, 0, 0, 0), 8, 'unspecified'],
  [ip4(10, 0, 0, 0), 8, 'private'],
  [ip4(100, 64, 0, 0), 10, 'shared'],
  [ip4(127, 0, 0, 0), 8, 'loopback'],
  [ip4(169, 254, 0, 0), 16, 'link-local'],
  [ip4(172, 16, 0, 0), 12, 'private'],
  [ip4(192, 0, 0, 0), 24, 'reserved'],
  [ip4(192, 0, 2, 0), 24, 'documentation'],
  [ip4(192, 168, 0, 0), 16, 'private'],
  [ip4(198, 18, 0, 0), 15, 'reserved'],
  [ip4(198, 51, 100, 0), 24, 'documentation'],
  [ip4(203, 0, 113, 0), 24, 'documentation'],
  [ip4(255, 255, 255, 255), 32, 'broadcast'],
  [ip4(224, 0, 0, 0), 4, 'multicast'],
  [ip4(240, 0, 0, 0), 4, 'reserved'],
];

const V4_RANGES: readonly (readonly [number, number, AddressKind])[] = V4_PREFIXES.map(
  ([base, bits, kind]) => [base, base + 2 ** (32 - bits), kind] as const,
);

/** Per first octet, whether any range above covers part of it: when none does, the address is public. */
const V4_SPECIAL_OCTET = new Uint8Array(256);
for (const [first, end] of V4_RANGES) {
  for (let octet = Math.floor(first / 2 ** 24); octet <= Math.floor((end - 1) / 2 ** 24); octet++) {
    V4_SPECIAL_OCTET[octet] = 1;
  }
}

function kindOfV4(address: number): AddressKind {
  if (V4_SPECIAL_OCTET[Math.floor(address / 2 ** 24)] === 0) return 'public';
  for (let i = 0; i < V4_RANGES.length; i++) {
    const range = V4_RANGES[i]!;
    if (address >= range[0] && address < range[1]) return range[2];
  }
  return 'public';
}

// --- IPv6 -----------------------------------------------------------------------------------------

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** Groups of one to four hex digits separated by `:` (none when empty), or undefined. */
function hexGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 0x3a) {
      if (digits === 0) return undefined;
      groups.push(value);
      value = 0;
      digits = 0;
      continue;
    }
    const h = hexValue(text.charCodeAt(i));
    if (h < 0 || ++digits > 4) return undefined;
    value = value * 16 + h;
  }
  return groups;
}

/**
 * The eight 16-bit groups of an IPv6 address without zone: full, `::`-compressed, or with a
 * trailing dotted-quad IPv4 standing for the last two groups. Undefined when it is not one.
 */
function ipv6Groups(address: string): number[] | undefined {
  if (address.length < 2 || address.length > 45) return undefined;
  const lastColon = address.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  let body = address;
  let tail: number[] = [];
  if (address.indexOf('.', lastColon) >= 0) {
    const v4 = ipv4Number(address.slice(lastColon + 1));
    if (v4 < 0) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    body = address.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const dc = body.indexOf('::');
  if (dc < 0) {
    const groups = hexGroups(body);
    if (groups === undefined || groups.length + tail.length !== 8) return undefined;
    return groups.concat(tail);
  }
  if (body.indexOf('::', dc + 1) >= 0) return undefined;
  const left = hexGroups(body.slice(0, dc));
  const right = hexGroups(body.slice(dc + 2));
  if (left === undefined || right === undefined) return undefined;
  const missing = 8 - left.length - right.length - tail.length;
  if (missing < 1) return undefined;
  return left.concat(new Array<number>(missing).fill(0), right, tail);
}

/**
 * IPv6 in any RFC 4291 text form: full, `::`-compressed, or with a trailing dotted-quad IPv4.
 * A zone index (`fe80::1%eth0`) is accepted only when `allowZone` is set.
 */
export function isIPv6(text: string, allowZone = false): boolean {
  const pct = text.indexOf('%');
  if (pct >= 0 && (!allowZone || pct === text.length - 1)) return false;
  return ipv6Groups(pct >= 0 ? text.slice(0, pct) : text) !== undefined;
}

/** Either IP version. */
export function isIP(text: string, allowZone = false): boolean {
  return isIPv4(text) || isIPv6(text, allowZone);
}

/** An IPv6 range: the first groups to compare and the prefix length. */
type V6Range = readonly [readonly number[], number, AddressKind | 'mapped'];

/** IPv6 ranges in the order they are tried; the first that holds the address decides. */
const V6_RANGES: readonly V6Range[] = [
  [[0, 0, 0, 0, 0, 0, 0, 0], 128, 'unspecified'],
  [[0xfe80], 10, 'link-local'],
  [[0xff00], 8, 'multicast'],
  [[0, 0, 0, 0, 0, 0, 0, 1], 128, 'loopback'],
  [[0xfc00], 7, 'unique-local'],
  [[0, 0, 0, 0, 0, 0xffff], 96, 'mapped'],
  [[0xfec0], 10, 'private'], // deprecated site-local (RFC 3879)
  [[0x100, 0, 0, 0], 64, 'reserved'], // discard (RFC 6666)
  [[0, 0, 0, 0, 0xffff, 0], 96, 'reserved'], // RFC 6145
  [[0x64, 0xff9b], 96, 'public'], // NAT64 (RFC 6052)
  [[0x64, 0xff9b, 1], 48, 'public'], // local NAT64 (RFC 8215)
  [[0x2002], 16, 'public'], // 6to4
  [[0x2001, 0], 32, 'public'], // Teredo
  [[0x2001, 2, 0], 48, 'reserved'], // benchmarking (RFC 5180)
  [[0x2001, 3], 32, 'public'], // AMT (RFC 7450)
  [[0x2001, 4, 0x112], 48, 'public'], // AS112 (RFC 7535)
  [[0x2620, 0x4f, 0x8000], 48, 'public'], // AS112 (RFC 7534)
  [[0x2001, 0x10], 28, 'public'], // ORCHID (RFC 4843)
  [[0x2001, 0x20], 28, 'public'], // ORCHIDv2 (RFC 7343)
  [[0x2001, 0x30], 28, 'public'], // DRIP (RFC 9374)
  [[0x5f00], 16, 'reserved'], // segment routing (RFC 9602)
  [[0x2001, 0], 23, 'reserved'], // IETF protocol assignments
  [[0x2001, 0xdb8], 32, 'documentation'], // RFC 3849
  [[0x3fff, 0], 20, 'documentation'], // RFC 9637
  [[0], 8, 'reserved'], // ::/8 other than the above
];

function inRange(groups: readonly number[], [prefix, bits]: V6Range): boolean {
  for (let i = 0; bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((groups[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function mappedV4(groups: readonly number[]): AddressInfo {
  const v4 = groups[6]! * 65536 + groups[7]!;
  const canonical = `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  return { family: 4, kind: kindOfV4(v4), canonical };
}

const ZONE = /^[0-9a-z]+$/i;
const DEPRECATED_COMPATIBLE = /^::\d+\.\d+\.\d+\.\d+$/;

/**
 * Parses and classifies an IP literal: IPv4 dotted quad (no leading zeros) or any RFC 4291 IPv6
 * form; a zone index of letters and digits (`fe80::1%eth0`) only when `allowZone`. An IPv4-mapped
 * address (`::ffff:192.0.2.1`), and the deprecated IPv4-compatible form `::192.0.2.1`, are read as
 * their IPv4. Undefined when it is not an address.
 */
export function parseAddress(text: string, allowZone = false): AddressInfo | undefined {
  const v4 = ipv4Number(text);
  if (v4 >= 0) return { family: 4, kind: kindOfV4(v4), canonical: text };
  const pct = text.indexOf('%');
  let address = text;
  let zone = '';
  if (pct >= 0) {
    if (!allowZone) return undefined;
    zone = text.slice(pct + 1);
    if (!ZONE.test(zone)) return undefined;
    address = text.slice(0, pct);
  }
  const groups = ipv6Groups(address);
  if (groups === undefined) return undefined;
  if (DEPRECATED_COMPATIBLE.test(address)) return mappedV4(groups);
  let kind: AddressKind = 'public';
  for (const range of V6_RANGES) {
    if (!inRange(groups, range)) continue;
    if (range[2] === 'mapped') return mappedV4(groups);
    kind = range[2];
    break;
  }
  let canonical = '';
  for (let i = 0; i < 8; i++) canonical += (i === 0 ? '' : ':') + groups[i]!.toString(16);
  return { family: 6, kind, canonical: zone === '' ? canonical : `${canonical}%${zone}` };
}

/** The kind of an address, or undefined when the text is not an IP address. */
export function addressKind(text: string, allowZone = false): AddressKind | undefined {
  return parseAddress(text, allowZone)?.kind;
}

/** The kinds HMRC rejects where a public address is required ("Value is not a public IP address"). */
export function isNotPublic(kind: AddressKind): boolean {
  return (
    kind === 'private' ||
    kind === 'loopback' ||
    kind === 'link-local' ||
    kind === 'unique-local' ||
    kind === 'unspecified'
  );
}

/** Accepted by HMRC as public but not a single host on the internet. */
export function isNotRoutable(kind: AddressKind): boolean {
  return kind === 'shared' || kind === 'multicast' || kind === 'broadcast' || kind === 'reserved';
}

/** An internet host's address, or one of the documentation ranges that stand for one. */
export function isPublicKind(kind: AddressKind): boolean {
  return kind === 'public' || kind === 'documentation';
}

/** A network a device's own interface can be on without being directly on the internet. */
export function isLocalKind(kind: AddressKind): boolean {
  return (
    kind === 'private' ||
    kind === 'shared' ||
    kind === 'link-local' ||
    kind === 'unique-local' ||
    kind === 'loopback'
  );
}

const DESCRIPTIONS: Readonly<Record<AddressKind, string>> = {
  public: 'a public address',
  documentation: 'a documentation address (RFC 5737, RFC 3849, RFC 9637)',
  private: 'a private-network address (RFC 1918, or IPv6 site-local)',
  loopback: 'a loopback address (the same machine)',
  'link-local': 'a link-local address (the local network segment)',
  'unique-local': 'a unique local IPv6 address (RFC 4193, a private network)',
  unspecified: 'the unspecified address',
  shared: 'a shared address space address (RFC 6598, carrier-grade NAT or an overlay network)',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** A human description of a kind, e.g. `a link-local address`. */
export function describeAddressKind(kind: AddressKind): string {
  return DESCRIPTIONS[kind];
}

// --- MAC addresses --------------------------------------------------------------------------------

/** A 48-bit MAC address as six hex octets separated by `:` or `-` (one separator throughout). */
export function isMacAddress(text: string): boolean {
  return /^[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}$/.test(text);
}
