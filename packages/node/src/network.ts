import { isIP, isMacAddress } from '@fph-kit/spec';
import type { InterfaceTable } from './source.js';

/**
 * Local IPs and MAC addresses from one reading of `os.networkInterfaces()`.
 *
 * Loopback: the spec asks for the addresses "available to the originating device". Loopback
 * addresses (127.0.0.0/8, ::1) are the same on every machine and say nothing about it, and
 * HMRC's reviewers question a list that holds only loopback. So loopback addresses are left out
 * whenever the machine has any other address, and sent (with a warning) only when they are all
 * it has, because an empty Local-IPs header is an error. Link-local addresses (fe80::/10,
 * 169.254.0.0/16) are real addresses of the device's interfaces and are kept, without zone index.
 */
export interface LocalAddresses {
  /** The addresses to send, in the order the OS lists them, without duplicates. */
  ips: string[];
  /** True when only loopback addresses exist and they are sent. */
  loopbackOnly: boolean;
  /** Loopback addresses left out because other addresses exist. */
  loopbackLeftOut: string[];
  /** MAC addresses of the interfaces listed (all-zero and duplicates removed). */
  macs: string[];
}

function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1';
}

/** Reads addresses and MACs from an `os.networkInterfaces()` table in one pass. */
export function readAddresses(table: InterfaceTable): LocalAddresses {
  const ips: string[] = [];
  const loopback: string[] = [];
  const seen = new Set<string>();
  const macs = new MacSet();
  for (const name in table) {
    const addresses = table[name];
    if (!addresses) continue;
    for (const entry of addresses) {
      macs.add(entry.mac);
      // Node reports the scope apart (scopeid); a zone index in the text (fe80::1%eth0) names an
      // interface, not the device, so it is left out, as the package documentation says.
      const zone = typeof entry.address === 'string' ? entry.address.indexOf('%') : -1;
      const address = zone >= 0 ? entry.address.slice(0, zone) : entry.address;
      if (seen.has(address) || !isIP(address)) continue;
      seen.add(address);
      if (entry.internal || isLoopback(address)) loopback.push(address);
      else ips.push(address);
    }
  }
  if (ips.length === 0) {
    return {
      ips: loopback,
      loopbackOnly: loopback.length > 0,
      loopbackLeftOut: [],
      macs: macs.list,
    };
  }
  return { ips, loopbackOnly: false, loopbackLeftOut: loopback, macs: macs.list };
}

/**
 * Reads addresses like {@link readAddresses}, reusing the last result while the table holds the
 * same interfaces, addresses and MACs (the usual case from one request to the next).
 */
export class AddressReader {
  private key = '';
  private last: LocalAddresses | undefined;

  read(table: InterfaceTable): LocalAddresses {
    let key = '';
    for (const name in table) {
      const addresses = table[name];
      if (!addresses) continue;
      key += `\n${name}`;
      for (const e of addresses) key += `|${e.address}/${e.mac}/${e.internal ? 1 : 0}`;
    }
    if (this.last !== undefined && key === this.key) return this.last;
    this.last = readAddresses(table);
    this.key = key;
    return this.last;
  }
}

function ipv4Number(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_RANGES: readonly [string, number, 'private' | 'documentation'][] = [
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT
  ['169.254.0.0', 16, 'private'], // link-local
  ['192.0.2.0', 24, 'documentation'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
];

/**
 * What kind of network an interface address belongs to, for explanations: `private` (RFC 1918,
 * CGNAT, link-local, IPv6 unique-local and link-local), `documentation` (RFC 5737, RFC 3849) or
 * `public`. A device directly on the internet, or on a lab network numbered from a documentation
 * range, really holds such addresses; they are sent as they are.
 */
export function addressKind(address: string): 'private' | 'documentation' | 'public' {
  if (address.includes(':')) {
    const first = address.toLowerCase().split(':')[0] ?? '';
    if (/^f[cd]/.test(first) && first.length === 4) return 'private';
    if (/^fe[89ab]/.test(first) && first.length === 4) return 'private';
    if (address.toLowerCase().startsWith('2001:db8:') || address.toLowerCase() === '2001:db8::')
      return 'documentation';
    return 'public';
  }
  const n = ipv4Number(address);
  for (const [base, bits, kind] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    const start = ipv4Number(base);
    if (n >= start && n < start + size) return kind;
  }
  return 'public';
}

const ZERO_MAC = /^00([:-]00){5}$/;
const BROADCAST_MAC = /^ff([:-]ff){5}$/i;

/**
 * Collects MAC addresses in canonical form (lower case, `:` separators), leaving out what is not
 * a device address: malformed text, all-zero (loopback, tunnels), broadcast, and repeats.
 */
export class MacSet {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();

  add(mac: string | undefined): void {
    if (!mac || !isMacAddress(mac) || ZERO_MAC.test(mac) || BROADCAST_MAC.test(mac)) return;
    const canonical = mac.toLowerCase().replaceAll('-', ':');
    if (this.seen.has(canonical)) return;
    this.seen.add(canonical);
    this.list.push(canonical);
  }

  addAll(macs: Iterable<string>): this {
    for (const mac of macs) this.add(mac);
    return this;
  }
}
