import type { CollectionNote } from '@fph-kit/spec';
import {
  type Address,
  describeKind,
  isPublicKind,
  parseAddress,
  type TrustList,
} from './address.js';
import { type AssemblyProblemCode, problem, quote } from './problems.js';

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

/** The longest forwarding header value read, and the most hops in one chain. */
const MAX_HEADER_LENGTH = 8192;
const MAX_HOPS = 64;

/** One hop of a forwarding chain as a proxy wrote it. */
export interface ChainEntry {
  raw: string;
  address?: Address;
  port?: number;
  /** Why no address could be read from this entry. */
  error?: string;
  /** Why the entry's port is not usable, when it has one. */
  portError?: string;
}

export interface ForwardingConfig {
  source: ClientAddressSource;
  trust: TrustList;
  /** Lower-case name of a header holding the client port (with `cf-connecting-ip`). */
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

function parsePortText(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function withPort(entry: ChainEntry, text: string): ChainEntry {
  if (text.startsWith('_')) {
    entry.portError = `the port ${quote(text)} is obfuscated`;
    return entry;
  }
  const port = parsePortText(text);
  if (port === undefined) entry.portError = `${quote(text)} is not a port from 1 to 65535`;
  else entry.port = port;
  return entry;
}

/**
 * Reads `host`, `host:port`, `[v6]` or `[v6]:port`. A bare IPv6 address (several colons, no
 * brackets) is an address without port, unless `lastColonIsPort` (CloudFront's IPv6 form).
 */
export function parseHostPort(text: string, lastColonIsPort = false): ChainEntry {
  const raw = text.trim();
  const entry: ChainEntry = { raw };
  if (raw === '') return { raw, error: 'the entry is empty' };
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    const host = close > 0 ? raw.slice(1, close) : '';
    const address = parseAddress(host);
    if (close < 0 || !address) return { raw, error: `${quote(raw)} is not an IP address` };
    entry.address = address;
    const rest = raw.slice(close + 1);
    if (rest === '') return entry;
    if (!rest.startsWith(':')) return { raw, error: `${quote(raw)} is not an IP address` };
    return withPort(entry, rest.slice(1));
  }
  const first = raw.indexOf(':');
  const last = raw.lastIndexOf(':');
  let host = raw;
  let portText: string | undefined;
  if (first >= 0 && first === last) {
    host = raw.slice(0, first);
    portText = raw.slice(first + 1);
  } else if (first >= 0 && lastColonIsPort) {
    host = raw.slice(0, last);
    portText = raw.slice(last + 1);
  }
  const address = parseAddress(host);
  if (!address) {
    const lower = raw.toLowerCase();
    if (lower === 'unknown')
      return { raw, error: 'the proxy wrote unknown: it did not know the sender' };
    if (raw.startsWith('_'))
      return { raw, error: `${quote(raw)} is an obfuscated identifier, not an address` };
    return { raw, error: `${quote(raw)} is not an IP address` };
  }
  entry.address = address;
  return portText === undefined ? entry : withPort(entry, portText);
}

/** Splits `X-Forwarded-For` into its entries, left (client side) to right (nearest proxy). */
export function parseXForwardedFor(value: string): ChainEntry[] | string {
  if (value.length > MAX_HEADER_LENGTH) return `it is longer than ${MAX_HEADER_LENGTH} characters`;
  const parts = value.split(',');
  if (parts.length > MAX_HOPS) return `it lists more than ${MAX_HOPS} hops`;
  const entries: ChainEntry[] = [];
  for (const part of parts) entries.push(parseHostPort(part));
  return entries;
}

const TCHAR = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]$/;

/**
 * Parses RFC 7239 `Forwarded` into one entry per element (its `for=` node), left to right.
 * Returns a message when the header does not follow the grammar.
 */
export function parseForwarded(value: string): ChainEntry[] | string {
  if (value.length > MAX_HEADER_LENGTH) return `it is longer than ${MAX_HEADER_LENGTH} characters`;
  const entries: ChainEntry[] = [];
  let i = 0;
  const n = value.length;
  const skipSpace = (): void => {
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
  };
  let element: Map<string, string> | undefined;
  const finish = (): string | undefined => {
    if (!element) return undefined;
    if (entries.length >= MAX_HOPS) return `it lists more than ${MAX_HOPS} hops`;
    const node = element.get('for');
    entries.push(
      node === undefined ? { raw: '', error: 'an element has no for= parameter' } : parseNode(node),
    );
    element = undefined;
    return undefined;
  };
  while (i < n) {
    skipSpace();
    if (value[i] === ',') {
      const error = finish();
      if (error) return error;
      i++;
      continue;
    }
    if (i >= n) break;
    const start = i;
    while (i < n && TCHAR.test(value[i]!)) i++;
    const name = value.slice(start, i).toLowerCase();
    if (name === '' || value[i] !== '=') {
      return `character ${i + 1} is not where a parameter name=value was expected`;
    }
    i++;
    let paramValue = '';
    if (value[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = value[i]!;
        if (c === '\\' && i + 1 < n) {
          paramValue += value[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          paramValue += c;
          i++;
        }
      }
      if (!closed) return 'a quoted value is not closed';
    } else {
      const startValue = i;
      while (i < n && !/[\s,;"]/.test(value[i]!)) i++;
      paramValue = value.slice(startValue, i);
    }
    element ??= new Map();
    if (element.has(name)) return `the parameter ${name}= appears twice in one element`;
    element.set(name, paramValue);
    skipSpace();
    if (i < n && value[i] === ';') {
      i++;
    } else if (i < n && value[i] !== ',') {
      return `character ${i + 1} is not ';' or ',' after a parameter`;
    }
  }
  const error = finish();
  if (error) return error;
  return entries;
}

/** A `for=` node of `Forwarded`: IPv4, `[IPv6]`, either with `:port`, `unknown` or `_obfuscated`. */
function parseNode(node: string): ChainEntry {
  if (node.toLowerCase() === 'unknown') {
    return { raw: node, error: 'for=unknown: the proxy did not know the sender' };
  }
  if (node.startsWith('_')) {
    return { raw: node, error: `for=${quote(node)} is an obfuscated identifier, not an address` };
  }
  return parseHostPort(node);
}

/** The right-most entry that is not a trusted proxy (the left-most when all are trusted). */
function walk(entries: ChainEntry[], trust: TrustList): number {
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (!entry.address) return i;
    if (i > 0 && trust.has(entry.address)) continue;
    return i;
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
): ClientResolution {
  const problems: CollectionNote<AssemblyProblemCode>[] = [];
  const result: ClientResolution = { source: 'socket', after: [], problems };
  const peer = typeof remoteAddress === 'string' ? parseAddress(remoteAddress) : undefined;
  const peerTrusted = peer !== undefined && config.source !== 'socket' && config.trust.has(peer);

  for (const name of WATCHED) {
    const value = headers.get(name);
    if (value === undefined) continue;
    const inUse = peerTrusted && (name === config.source || name === config.portHeader);
    if (inUse) continue;
    const display = HEADER_NAMES[name]!;
    const why =
      config.source === 'socket'
        ? "the client address is taken from the connection (proxies.clientAddress is 'socket')"
        : peer && !peerTrusted
          ? `it came from ${peer.text}, which is not a trusted proxy, so the connection's own address is used`
          : `only ${HEADER_NAMES[config.source]} is read from trusted proxies`;
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
  if (!peerTrusted) {
    client = { raw: peer.text, address: peer };
    if (remotePort !== undefined && remotePort >= 1 && remotePort <= 65535)
      client.port = remotePort;
  } else {
    result.source = config.source;
    const display = HEADER_NAMES[config.source]!;
    const value = headers.get(config.source);
    if (value === undefined) return unusable(result, display, peer, value, 'is missing');
    let entries: ChainEntry[] | string;
    if (config.source === 'forwarded') entries = parseForwarded(value);
    else if (config.source === 'x-forwarded-for') entries = parseXForwardedFor(value);
    else if (value.includes(',')) entries = 'holds more than one value (the header was repeated)';
    else entries = [parseHostPort(value, config.source === 'cloudfront-viewer-address')];
    if (typeof entries === 'string') {
      return unusable(result, display, peer, value, `cannot be read: ${entries}`);
    }
    if (entries.length === 0) return unusable(result, display, peer, value, 'lists no hop');
    const index = walk(entries, config.trust);
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
