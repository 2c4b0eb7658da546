import proxyaddr from 'proxy-addr';
import { parseAddress } from './address.js';

/**
 * Whether the address at `hop` of a forwarding chain is a trusted proxy: hop 0 is the
 * connection's peer, hop 1 the right-most `X-Forwarded-For` entry, and so on. The shape
 * `proxy-addr` compiles, and so Express's `app.get('trust proxy fn')` and Fastify's `trustProxy`
 * function.
 */
export type ProxyTrustFunction = (address: string, hop: number) => boolean;

/**
 * A web framework's own proxy trust for one request: its trust function, or the number of
 * forwarding entries it walked to find the client (`request.ips.length - 1` in Fastify).
 */
export type FrameworkTrust = ProxyTrustFunction | number;

/** Keywords accepted in `proxies.trusted`, as proxy-addr names their ranges. */
const KEYWORDS: Readonly<Record<string, string>> = {
  loopback: 'loopback',
  linklocal: 'linklocal',
  private: 'uniquelocal',
  uniquelocal: 'uniquelocal',
};

/**
 * Compiles `proxies.trusted` with proxy-addr: CIDRs (`10.0.0.0/8`, `2600:9000::/28`), single
 * addresses and the keywords `loopback`, `private` (RFC 1918 and unique local IPv6) and
 * `linklocal`. Returns the entries it could not read.
 */
export function compileTrusted(entries: readonly unknown[]): {
  trust: ProxyTrustFunction;
  invalid: string[];
} {
  const ranges: string[] = [];
  const invalid: string[] = [];
  // proxy-addr refuses a prefix length of 0; `0.0.0.0/0` and `::/0` mean every address of a family.
  const everyFamily = new Set<4 | 6>();
  for (const entry of entries) {
    if (typeof entry !== 'string') {
      invalid.push(String(entry));
      continue;
    }
    const text = entry.trim();
    const value = KEYWORDS[text.toLowerCase()] ?? text;
    // A zone index names an interface of this machine, not an address a proxy connects from.
    if (value === '' || value.includes('%')) {
      invalid.push(entry);
      continue;
    }
    const whole = /^(.+)\/0+$/.exec(value);
    const base = whole ? parseAddress(whole[1]!) : undefined;
    if (base) {
      everyFamily.add(base.family);
      continue;
    }
    try {
      proxyaddr.compile(value);
      ranges.push(value);
    } catch {
      invalid.push(entry);
    }
  }
  const listed = ranges.length === 0 ? trustNone : proxyaddr.compile(ranges);
  if (everyFamily.size === 0) return { trust: listed, invalid };
  const trust: ProxyTrustFunction = (address, hop) => {
    if (listed(address, hop)) return true;
    const parsed = parseAddress(address);
    return parsed !== undefined && everyFamily.has(parsed.family);
  };
  return { trust, invalid };
}

function trustNone(): boolean {
  return false;
}

/** The trust function of a framework that walked `hops` forwarding entries for this request. */
export function trustHops(hops: number): ProxyTrustFunction {
  return (_address, hop) => hop < hops;
}
