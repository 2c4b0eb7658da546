import {
  type AddressKind,
  describeAddressKind,
  isIP,
  isLocalKind,
  isMacAddress,
  parseAddress,
} from '@fph-kit/spec';
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

/**
 * What kind of network an interface address belongs to (@fph-kit/spec's address kinds), or
 * undefined when the text is not an IP address. A zone index is allowed.
 */
export function addressKind(address: string): AddressKind | undefined {
  return parseAddress(address, true)?.kind;
}

/**
 * A note for an interface address that is not on a local network (private, shared, link-local,
 * unique-local, loopback), or undefined for one that is. A device directly on the internet, or on
 * a lab network numbered from a documentation range, really holds such addresses; they are sent
 * as they are.
 */
export function interfaceAddressNote(address: string): string | undefined {
  const kind = addressKind(address);
  if (kind === undefined || isLocalKind(kind)) return undefined;
  if (kind === 'documentation') {
    return `${address} is in a documentation range (RFC 5737/3849), yet it is the address this interface really holds (a lab or virtual network), so it is sent as it is`;
  }
  if (kind === 'public') {
    return `${address} is a public address held by the interface itself (the device is directly on the internet)`;
  }
  return `${address} is ${describeAddressKind(kind)}, yet the interface holds it, so it is sent as it is`;
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
