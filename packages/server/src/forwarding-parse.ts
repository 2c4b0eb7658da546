import type { Address } from './address.js';
import { parseAddress } from './address.js';
import { quote } from './problems.js';

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

/** A port number from 1 to 65535 written in decimal, else undefined. */
export function parsePortText(text: string): number | undefined {
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
