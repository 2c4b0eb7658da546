import type { CollectionNote } from '@fph-kit/spec';
import { type Address, describeKind, isPublicKind, parseAddress } from './address.js';
import {
  type ChainEntry,
  parseForwarded,
  parseHostPort,
  parsePortText,
  parseXForwardedFor,
} from './forwarding-parse.js';
import { type AssemblyProblemCode, problem, quote } from './problems.js';
import { type FrameworkTrust, type ProxyTrustFunction, trustHops } from './trust.js';

export { type ChainEntry, parseForwarded, parseHostPort, parseXForwardedFor };

/**
 * Where the client's address and port come from:
 * - `socket`: the TCP connection (a direct client, or a layer-4 load balancer that preserves the
 *   client's address);
 * - `forwarded`: RFC 7239 `Forwarded` (`for=` with optional port), from trusted proxies;
 * - `x-forwarded-for`: `X-Forwarded-For`, from trusted proxies; a port only where the proxy writes
 *   one into the entry (`ip:port`, as an AWS ALB does with client port preservation on);
 * - `cloudfront-viewer-address`: Amazon CloudFront's `CloudFront-Viewer-Address` (`ip:port`);
 * - `cf-connecting-ip`: Cloudflare's `CF-Connecting-IP` (no port; see `clientPortHeader`).
 */
export type ClientAddressSource =
  | 'socket'
  | 'forwarded'
  | 'x-forwarded-for'
  | 'cloudfront-viewer-address'
  | 'cf-connecting-ip';

export const CLIENT_ADDRESS_SOURCES: readonly ClientAddressSource[] = [
  'socket',
  'forwarded',
  'x-forwarded-for',
  'cloudfront-viewer-address',
  'cf-connecting-ip',
];

/** Display names of the forwarding headers this module reads or reports. */
const HEADER_NAMES: Readonly<Record<string, string>> = {
  forwarded: 'Forwarded',
  'x-forwarded-for': 'X-Forwarded-For',
  'cloudfront-viewer-address': 'CloudFront-Viewer-Address',
  'cf-connecting-ip': 'CF-Connecting-IP',
  'x-real-ip': 'X-Real-IP',
  'true-client-ip': 'True-Client-IP',
};
const WATCHED = Object.keys(HEADER_NAMES);
/** The display names alone, as problems name the headers. */
export const FORWARDING_HEADER_NAMES: ReadonlySet<string> = new Set(Object.values(HEADER_NAMES));

/** Lower-case names of every forwarding header the assembler reads or reports. */
export const FORWARDING_HEADERS: readonly string[] = WATCHED;

/** How requests reach this server: from `proxies`, checked once. */
export interface ForwardingConfig {
  /** Where the client's address comes from when `proxies.trusted` is given. */
  source: ClientAddressSource;
  /** `proxies.trusted`, compiled; absent when none is listed. */
  trusted?: ProxyTrustFunction;
  /**
   * True when neither `proxies.trusted` nor `proxies.clientAddress` is given: a framework's own
   * trust, when the request carries one, decides which `X-Forwarded-For` entries are believed.
   */
  follow: boolean;
  /** Lower-case name of a header holding the client port (with a proxy header as the source). */
  portHeader?: string;
}

export interface ClientResolution {
  source: ClientAddressSource;
  /** The client's address as found, public or not. */
  observed?: Address;
  /** The client's address when it is public (the value of Gov-Client-Public-IP). */
  address?: Address;
  /** The client's source port when known and the address is public. */
  port?: number;
  /** Entries to the right of the client's in the chain, in order (the proxies it went through). */
  after: ChainEntry[];
  problems: CollectionNote<AssemblyProblemCode>[];
}

/** The trust in force for a request: the configured list, a framework's, or none. */
interface Trust {
  source: ClientAddressSource;
  test: ProxyTrustFunction;
  /**
   * True for a framework's trust: entries are given to it as written, as the framework's own
   * proxy-addr call gives them, so that the client found is the framework's `req.ip`.
   */
  asWritten: boolean;
  /** Where the trust is configured, for messages. */
  setting: string;
}

function trustFor(
  config: ForwardingConfig,
  given: FrameworkTrust | undefined,
  setting: string | undefined,
): Trust | undefined {
  if (config.trusted) {
    return {
      source: config.source,
      test: config.trusted,
      asWritten: false,
      setting: 'proxies.trusted',
    };
  }
  if (!config.follow || given === undefined) return undefined;
  return {
    source: 'x-forwarded-for',
    test: typeof given === 'number' ? trustHops(given) : given,
    asWritten: true,
    setting: setting ?? "the framework's proxy trust setting",
  };
}

/**
 * The index of the client's entry: walking from the right, the first hop that is not a trusted
 * proxy (the left-most entry when all are), exactly as proxy-addr walks. Hop 0, the peer, is
 * already trusted.
 */
function walk(entries: readonly ChainEntry[], trust: Trust): number {
  const n = entries.length;
  for (let hop = 1; hop < n; hop++) {
    const entry = entries[n - hop]!;
    const text = trust.asWritten ? entry.raw : (entry.address?.text ?? entry.raw);
    if (!trust.test(text, hop)) return n - hop;
  }
  return 0;
}

/** Reads a request header by lower-case name. */
export interface HeaderReader {
  get(lowerName: string): string | undefined;
}

/**
 * Works out the client's address and port for one request: from the connection, or, when the
 * connection comes from a trusted proxy, from the configured header only. Headers from untrusted
 * peers are ignored and reported.
 */
export function resolveClient(
  config: ForwardingConfig,
  remoteAddress: string | undefined,
  remotePort: number | undefined,
  headers: HeaderReader,
  framework?: FrameworkTrust,
  setting?: string,
): ClientResolution {
  const problems: CollectionNote<AssemblyProblemCode>[] = [];
  const result: ClientResolution = { source: 'socket', after: [], problems };
  const peer = typeof remoteAddress === 'string' ? parseAddress(remoteAddress) : undefined;
  const trust = trustFor(config, framework, setting);
  const source = trust?.source ?? 'socket';
  const peerTrusted =
    peer !== undefined &&
    trust !== undefined &&
    source !== 'socket' &&
    trust.test(trust.asWritten ? remoteAddress! : peer.text, 0);

  for (const name of WATCHED) {
    const value = headers.get(name);
    if (value === undefined) continue;
    const inUse = peerTrusted && (name === source || name === config.portHeader);
    if (inUse) continue;
    const display = HEADER_NAMES[name]!;
    const why =
      source === 'socket'
        ? "the client address is taken from the connection (proxies.clientAddress is 'socket')"
        : peer && !peerTrusted
          ? `it came from ${peer.text}, which is not a trusted proxy (${trust!.setting}), so the connection's own address is used`
          : `only ${HEADER_NAMES[source]} is read from trusted proxies`;
    problems.push(
      problem('FORWARDING_HEADER_IGNORED', display, `${display} is ignored: ${why}.`, value),
    );
  }

  if (!peer) {
    problems.push(
      problem(
        'PUBLIC_IP_UNAVAILABLE',
        'Gov-Client-Public-IP',
        `The connection has no readable remote address (${quote(remoteAddress ?? 'none')}), as when it closed before the request was handled: Gov-Client-Public-IP is left out.`,
      ),
    );
    return result;
  }

  let client: ChainEntry;
  const value = peerTrusted ? headers.get(source) : undefined;
  if (!peerTrusted || (value === undefined && trust!.asWritten)) {
    // An untrusted peer is the client; so is a trusted one that forwarded nothing, for a
    // framework (its req.ip is then the peer's address).
    client = { raw: peer.text, address: peer };
    if (remotePort !== undefined && remotePort >= 1 && remotePort <= 65535)
      client.port = remotePort;
  } else {
    result.source = source;
    const display = HEADER_NAMES[source]!;
    if (value === undefined) return unusable(result, display, peer, value, 'is missing');
    let entries: ChainEntry[] | string;
    if (source === 'forwarded') entries = parseForwarded(value);
    else if (source === 'x-forwarded-for') entries = parseXForwardedFor(value);
    else if (value.includes(',')) entries = 'holds more than one value (the header was repeated)';
    else entries = [parseHostPort(value, source === 'cloudfront-viewer-address')];
    if (typeof entries === 'string') {
      return unusable(result, display, peer, value, `cannot be read: ${entries}`);
    }
    if (entries.length === 0) return unusable(result, display, peer, value, 'lists no hop');
    const index = walk(entries, trust!);
    client = entries[index]!;
    if (!client.address) {
      return unusable(
        result,
        display,
        peer,
        value,
        `names no usable client address: ${client.error}`,
      );
    }
    result.after = entries.slice(index + 1);
    if (client.port === undefined && config.portHeader !== undefined) {
      portFromHeader(config.portHeader, headers, client, problems);
    }
  }

  const address = client.address!;
  result.observed = address;
  if (!isPublicKind(address.kind)) {
    const where = result.source === 'socket' ? 'the connection' : HEADER_NAMES[result.source];
    problems.push(
      problem(
        'PUBLIC_IP_UNAVAILABLE',
        'Gov-Client-Public-IP',
        `The client's address ${address.text} (from ${where}) is ${describeKind(address.kind)}: the request reached this server over a private network, so there is no public IP to send and Gov-Client-Public-IP is left out (HMRC: check what to do about missing data).`,
        address.text,
      ),
      problem(
        'PUBLIC_PORT_UNAVAILABLE',
        'Gov-Client-Public-Port',
        'Gov-Client-Public-Port is left out: the client did not connect from a public address.',
      ),
    );
    return result;
  }
  result.address = address;
  if (client.port !== undefined) {
    result.port = client.port;
  } else {
    problems.push(
      problem(
        'PUBLIC_PORT_UNAVAILABLE',
        'Gov-Client-Public-Port',
        noPortMessage(result.source, client),
      ),
    );
  }
  return result;
}

/** The trusted proxy's header gave no client: the result says why, and has no address. */
function unusable(
  result: ClientResolution,
  display: string,
  peer: Address,
  value: string | undefined,
  why: string,
): ClientResolution {
  result.problems.push(
    problem(
      'FORWARDING_HEADER_INVALID',
      display,
      `${display} from the trusted proxy ${peer.text} ${why}: the client's address is unknown, so Gov-Client-Public-IP and Gov-Client-Public-Port are left out.`,
      value,
    ),
  );
  return result;
}

function noPortMessage(source: ClientAddressSource, entry: ChainEntry): string {
  const left = 'Gov-Client-Public-Port is left out';
  if (entry.portError) return `The client's port cannot be used (${entry.portError}): ${left}.`;
  switch (source) {
    case 'x-forwarded-for':
      return `X-Forwarded-For gives the client's address without its port: ${left}. X-Forwarded-Port is the port the load balancer listens on, not the client's, and is never used; an AWS Application Load Balancer writes the client port into X-Forwarded-For when its attribute routing.http.xff_client_port.enabled is true.`;
    case 'forwarded':
      return `The Forwarded for= value gives no port (a proxy writes one as for="198.51.100.7:41234" or for="[2001:db8::7]:41234"): ${left}.`;
    case 'cloudfront-viewer-address':
      return `CloudFront-Viewer-Address gives no port: ${left}.`;
    case 'cf-connecting-ip':
      return `CF-Connecting-IP carries no port: ${left}. Publish Cloudflare's cf.edge.client_port in a request header with a Request Header Transform Rule and name that header in proxies.clientPortHeader.`;
    default:
      return `The connection reports no source port: ${left}.`;
  }
}

function portFromHeader(
  name: string,
  headers: HeaderReader,
  client: ChainEntry,
  problems: CollectionNote<AssemblyProblemCode>[],
): void {
  const value = headers.get(name);
  const port = value === undefined ? undefined : parsePortText(value.trim());
  if (port !== undefined) {
    client.port = port;
    return;
  }
  client.portError = `the header ${name} ${value === undefined ? 'is missing' : `holds ${quote(value)}, not a port from 1 to 65535`}`;
  problems.push(
    problem(
      'FORWARDING_HEADER_INVALID',
      name,
      `The client port header ${name} from the trusted proxy ${value === undefined ? 'is missing' : 'is not a port from 1 to 65535'}: Gov-Client-Public-Port is left out.`,
      value,
    ),
  );
}
