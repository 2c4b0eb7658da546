import { isIPv6 } from '@fph-kit/spec';
import * as ipaddrModule from 'ipaddr.js';

// ipaddr.js is CommonJS: Node's ESM loader puts its exports on `default`, types describe them flat.
const ipaddr: typeof ipaddrModule =
  (ipaddrModule as unknown as { default?: typeof ipaddrModule }).default ?? ipaddrModule;

/**
 * What kind of address an IP literal is. The report only rejects the kinds HMRC rejects
 * (private, loopback, link-local and their IPv6 equivalents, unspecified); documentation ranges
 * (RFC 5737, RFC 3849) count as public, as HMRC accepts them; the rest are for advisories.
 */
export type IpClass =
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

export interface IpInfo {
  family: 4 | 6;
  cls: IpClass;
  /** A normalised form for comparing addresses (an IPv4-mapped IPv6 address becomes its IPv4). */
  canonical: string;
}

/** Reading of a dotted quad without allocating: the address as a 32-bit number, or -1. */
function ipv4Number(text: string): number {
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
      dots++;
      if (dots > 3) return -1;
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

const ip4 = (a: number, b: number, c: number, d: number): number =>
  ((a * 256 + b) * 256 + c) * 256 + d;

/** IPv4 ranges in the order they are tried, as [first, prefix length, class]. */
const V4_PREFIXES: readonly [number, number, IpClass][] = [
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

/** The same ranges as [first, last + 1, class]. */
const V4_RANGES: readonly (readonly [number, number, IpClass])[] = V4_PREFIXES.map(
  ([base, bits, cls]) => [base, base + 2 ** (32 - bits), cls] as const,
);

function classifyV4(address: number): IpClass {
  for (let i = 0; i < V4_RANGES.length; i++) {
    const range = V4_RANGES[i]!;
    if (address >= range[0] && address < range[1]) return range[2];
  }
  return 'public';
}

const V6_CLASSES: Readonly<Record<string, IpClass>> = {
  unspecified: 'unspecified',
  linkLocal: 'link-local',
  multicast: 'multicast',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'private',
  discard: 'reserved',
  benchmarking: 'reserved',
  rfc6145: 'reserved',
  segmentRouting: 'reserved',
};

/** `::/8` (IPv4-compatible and other reserved forms; `::` and `::1` are classified first). */
const RESERVED_ZERO_V6: readonly [ipaddrModule.IPv6, number] = [ipaddr.IPv6.parse('::'), 8];

const DOCUMENTATION_V6: readonly [ipaddrModule.IPv6, number][] = [
  [ipaddr.IPv6.parse('2001:db8::'), 32],
  [ipaddr.IPv6.parse('3fff::'), 20],
];

/**
 * Parses and classifies an IP literal: IPv4 dotted quad (no leading zeros) or any RFC 4291 IPv6
 * form; a zone index (`fe80::1%eth0`) only when `allowZone`. Undefined when it is not an address.
 */
export function parseIp(text: string, allowZone = false): IpInfo | undefined {
  const v4 = ipv4Number(text);
  if (v4 >= 0) return { family: 4, cls: classifyV4(v4), canonical: text };
  if (!isIPv6(text, allowZone)) return undefined;
  let parsed: ipaddrModule.IPv6;
  try {
    parsed = ipaddr.IPv6.parse(text);
  } catch {
    return undefined;
  }
  if (parsed.isIPv4MappedAddress()) {
    const mapped = parsed.toIPv4Address().toString();
    return { family: 4, cls: classifyV4(ipv4Number(mapped)), canonical: mapped };
  }
  const range = parsed.range();
  let cls: IpClass = V6_CLASSES[range] ?? 'public';
  if (range === 'unicast' && parsed.match(...RESERVED_ZERO_V6)) cls = 'reserved';
  if (range === 'reserved') {
    cls = DOCUMENTATION_V6.some(([net, bits]) => parsed.match(net, bits))
      ? 'documentation'
      : 'reserved';
  }
  const canonical = parsed.toNormalizedString();
  return { family: 6, cls, canonical };
}

/** The kinds of address HMRC rejects where a public address is required. */
export function isNotPublic(cls: IpClass): boolean {
  return (
    cls === 'private' ||
    cls === 'loopback' ||
    cls === 'link-local' ||
    cls === 'unique-local' ||
    cls === 'unspecified'
  );
}

/** Accepted by HMRC as public but not a single host on the internet. */
export function isNotRoutable(cls: IpClass): boolean {
  return cls === 'shared' || cls === 'multicast' || cls === 'broadcast' || cls === 'reserved';
}
