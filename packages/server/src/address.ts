import { type AddressKind, addressKind, describeAddressKind, isIPv4, isIPv6 } from '@fph-kit/spec';
import * as ipaddrModule from 'ipaddr.js';

// ipaddr.js is CommonJS: Node's ESM loader puts its exports on `default`, types describe them flat.
const ipaddr: typeof ipaddrModule =
  (ipaddrModule as unknown as { default?: typeof ipaddrModule }).default ?? ipaddrModule;

/**
 * What kind of address a peer or forwarded address is: @fph-kit/spec's classification, the same
 * the validator judges by. Only `public` and `documentation` addresses are sent as
 * Gov-Client-Public-IP: the rest belong to private networks, or cannot be the source of a
 * connection from the internet.
 */
export type { AddressKind };

export interface Address {
  /**
   * The address as sent in a header: an IPv4 dotted quad (an IPv4-mapped IPv6 address becomes
   * its IPv4), or IPv6 in RFC 5952 form (lower case, longest zero run compressed), no zone index.
   */
  text: string;
  family: 4 | 6;
  kind: AddressKind;
}

export { isPublicKind } from '@fph-kit/spec';

/** The classification of an address already known to be well formed. */
function kindOf(text: string): AddressKind {
  return addressKind(text) ?? 'reserved';
}

/**
 * Reads an IP literal as a socket or a proxy reports it: IPv4 dotted quad, any RFC 4291 IPv6
 * form, a zone index (`fe80::1%eth0`) dropped. Undefined when it is not an address.
 */
export function parseAddress(text: string): Address | undefined {
  if (text.length > 64) return undefined;
  const known = RECENT.get(text);
  if (known !== undefined) return known ?? undefined;
  const address = readAddress(text);
  if (RECENT.size >= RECENT_LIMIT) RECENT.delete(RECENT.keys().next().value as string);
  RECENT.set(text, address ?? null);
  return address;
}

/** Addresses read recently (load balancers and returning clients repeat), oldest out first. */
const RECENT = new Map<string, Address | null>();
const RECENT_LIMIT = 4096;

function readAddress(text: string): Address | undefined {
  if (isIPv4(text)) {
    return { text, family: 4, kind: kindOf(text) };
  }
  if (!isIPv6(text, true)) return undefined;
  const pct = text.indexOf('%');
  let parsed: ipaddrModule.IPv6;
  try {
    parsed = ipaddr.IPv6.parse(pct >= 0 ? text.slice(0, pct) : text);
  } catch {
    return undefined;
  }
  if (parsed.isIPv4MappedAddress()) {
    const mapped = parsed.toIPv4Address().toString();
    return { text: mapped, family: 4, kind: kindOf(mapped) };
  }
  const normalised = parsed.toString();
  return { text: normalised, family: 6, kind: kindOf(normalised) };
}

/** Why an address cannot be Gov-Client-Public-IP, for messages. */
export function describeKind(kind: AddressKind): string {
  return describeAddressKind(kind);
}
