import {
  encodeKeyValue,
  formatConnectionMethod,
  formatProductName,
  formatVendorVersion,
  isSpecError,
  type KeyValueInput,
  type KeyValuePair,
} from '@fph-kit/spec';
import { type Address, describeKind, isPublicKind, parseAddress } from './address.js';
import { AssemblerError } from './errors.js';
import { CLIENT_ADDRESS_SOURCES, FORWARDING_HEADERS, type ForwardingConfig } from './forwarding.js';
import {
  type AddressResolver,
  type AssemblerOptions,
  VIA_SERVER_METHODS,
  type ViaServerMethod,
} from './options.js';
import { quote } from './problems.js';
import { compileTrusted } from './trust.js';

/** A fixed address, checked once, or a resolver run per request. */
export type Fixed = { address: Address } | { resolver: AddressResolver };

export interface HopConfig {
  by: Fixed;
  sender: Fixed | 'previous' | 'chain';
}

/** The options, checked and formatted once: everything the assembler needs per request. */
export interface Settings {
  connectionMethod: ViaServerMethod;
  /** Gov-Client-Connection-Method, formatted. */
  connection: string;
  /** Gov-Vendor-Product-Name, formatted. */
  productName: string;
  /** The server's Gov-Vendor-Version pairs, formatted. */
  serverVersions: string;
  serverSoftware: ReadonlySet<string>;
  clientSoftware: ReadonlySet<string>;
  vendorIp: Fixed;
  hops: readonly HopConfig[];
  forwarding: ForwardingConfig;
  /** The non-Gov request headers the forwarding rules read. */
  wanted: ReadonlySet<string>;
  timeoutMs: number;
  /** Licence keys to hash, when configured. */
  licensePairs: KeyValuePair[] | undefined;
}

const OPTION_NAMES: ReadonlySet<string> = new Set([
  'connectionMethod',
  'productName',
  'versions',
  'licenseKeys',
  'vendorPublicIp',
  'proxies',
  'clientVersions',
  'resolverTimeoutMs',
]);
const PROXY_OPTION_NAMES: ReadonlySet<string> = new Set([
  'trusted',
  'clientAddress',
  'clientPortHeader',
  'tlsHops',
]);

export function invalid(message: string, cause?: unknown): never {
  throw new AssemblerError(
    'INVALID_OPTIONS',
    `fph-kit server options: ${message}`,
    cause === undefined ? undefined : { cause },
  );
}

function pairsOf(input: KeyValueInput): KeyValuePair[] {
  return Symbol.iterator in input
    ? [...(input as Iterable<KeyValuePair>)]
    : Object.entries(input as Record<string, string>);
}

/**
 * Runs a spec formatter on an option, turning its SpecError into INVALID_OPTIONS; the formatter's
 * own name for the field (`specField`) is replaced by the option's.
 */
function formatOption<T>(what: string, fn: () => T, specField: string = what): T {
  try {
    return fn();
  } catch (error) {
    if (!isSpecError(error)) throw error;
    invalid(
      error.message.startsWith(specField)
        ? `${what}${error.message.slice(specField.length)}`
        : `${what}: ${error.message}`,
      error,
    );
  }
}

function fixedOrResolver(value: unknown, what: string): Fixed {
  if (typeof value === 'function') return { resolver: value as AddressResolver };
  if (typeof value !== 'string') {
    invalid(`${what} must be an IP address or a function returning one, got ${typeof value}`);
  }
  const address = parseAddress(value);
  if (!address) invalid(`${what} ${quote(value)} is not an IP address`);
  if (!isPublicKind(address.kind)) {
    invalid(
      `${what} ${address.text} is ${describeKind(address.kind)}; it must be the public address clients connect to`,
    );
  }
  return { address };
}

/** Checks the options and formats what can be formatted once. Throws INVALID_OPTIONS. */
export function readSettings(options: AssemblerOptions): Settings {
  if (options === null || typeof options !== 'object') invalid('expected an options object');
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) invalid(`unknown option ${quote(key)}`);
  }
  const method = options.connectionMethod;
  if (!VIA_SERVER_METHODS.includes(method)) {
    invalid(
      `connectionMethod ${quote(method)} is not a via-server method; use one of ${VIA_SERVER_METHODS.join(', ')} (direct methods send their headers from the client itself)`,
    );
  }
  const connection = formatConnectionMethod(method);
  const productName = formatOption('productName', () => formatProductName(options.productName));
  if (options.versions === null || typeof options.versions !== 'object') {
    invalid("versions must give the server's software versions, e.g. { 'acme-api': '3.8.0' }");
  }
  const serverPairs = formatOption('versions', () => pairsOf(options.versions));
  const serverVersions = formatOption(
    'versions',
    () => formatVendorVersion(serverPairs),
    'vendorVersion',
  );

  const clientVersions = options.clientVersions ?? [];
  if (
    !Array.isArray(clientVersions) ||
    clientVersions.some((name) => typeof name !== 'string' || name === '')
  ) {
    invalid('clientVersions must be a list of software names (non-empty strings)');
  }

  const vendorIp = fixedOrResolver(options.vendorPublicIp, 'vendorPublicIp');
  const { forwarding, hops } = readProxies(options.proxies);
  const wanted = new Set([
    ...FORWARDING_HEADERS,
    ...(forwarding.portHeader ? [forwarding.portHeader] : []),
  ]);

  const timeout = options.resolverTimeoutMs ?? 2000;
  if (!Number.isFinite(timeout) || timeout <= 0) {
    invalid(`resolverTimeoutMs must be a positive number of milliseconds, got ${quote(timeout)}`);
  }

  let licensePairs: KeyValuePair[] | undefined;
  if (options.licenseKeys !== undefined) {
    if (options.licenseKeys === null || typeof options.licenseKeys !== 'object') {
      invalid('licenseKeys must map software names to licence keys');
    }
    const pairs = formatOption('licenseKeys', () => pairsOf(options.licenseKeys!));
    formatOption('licenseKeys', () => encodeKeyValue(pairs, 'licenseKeys'));
    if (pairs.length === 0) invalid('licenseKeys is empty; leave it out when no licence applies');
    for (const [software, key] of pairs) {
      if (key === '') invalid(`licenseKeys.${software}: the licence key is empty`);
    }
    licensePairs = pairs;
  }

  return {
    connectionMethod: method,
    connection,
    productName,
    serverVersions,
    serverSoftware: new Set(serverPairs.map(([software]) => software)),
    clientSoftware: new Set(clientVersions),
    vendorIp,
    hops,
    forwarding,
    wanted,
    timeoutMs: timeout,
    licensePairs,
  };
}

function readProxies(option: AssemblerOptions['proxies']): {
  forwarding: ForwardingConfig;
  hops: HopConfig[];
} {
  const proxies = option ?? {};
  if (proxies === null || typeof proxies !== 'object') invalid('proxies must be an object');
  for (const key of Object.keys(proxies)) {
    if (!PROXY_OPTION_NAMES.has(key)) invalid(`unknown option proxies.${key}`);
  }
  const trusted = proxies.trusted ?? [];
  if (!Array.isArray(trusted)) invalid('proxies.trusted must be a list of CIDRs or addresses');
  const trust = compileTrusted(trusted);
  if (trust.invalid.length > 0) {
    invalid(
      `proxies.trusted: ${trust.invalid.map((e) => quote(e)).join(', ')} ${trust.invalid.length === 1 ? 'is' : 'are'} not a CIDR, an address or one of loopback, private, linklocal`,
    );
  }
  const source = proxies.clientAddress ?? 'socket';
  if (!CLIENT_ADDRESS_SOURCES.includes(source)) {
    invalid(
      `proxies.clientAddress ${quote(source)} is not one of ${CLIENT_ADDRESS_SOURCES.join(', ')}`,
    );
  }
  if (source !== 'socket' && trusted.length === 0) {
    invalid(
      `proxies.clientAddress is ${quote(source)} but proxies.trusted lists no proxy: that header would never be believed. List the addresses your proxies connect from (or leave both out to follow your framework's own proxy trust).`,
    );
  }
  const forwarding: ForwardingConfig = {
    source,
    follow: proxies.trusted === undefined && proxies.clientAddress === undefined,
  };
  if (trusted.length > 0) forwarding.trusted = trust.trust;
  if (proxies.clientPortHeader !== undefined) {
    if (
      typeof proxies.clientPortHeader !== 'string' ||
      !/^[A-Za-z0-9-]{1,64}$/.test(proxies.clientPortHeader)
    ) {
      invalid(`proxies.clientPortHeader ${quote(proxies.clientPortHeader)} is not a header name`);
    }
    if (source === 'socket') {
      invalid('proxies.clientPortHeader needs a proxy header as proxies.clientAddress');
    }
    forwarding.portHeader = proxies.clientPortHeader.toLowerCase();
  }
  const hops = proxies.tlsHops ?? [];
  if (!Array.isArray(hops)) invalid('proxies.tlsHops must be a list of { publicIp, sender? }');
  return {
    forwarding,
    hops: hops.map((hop, i) => {
      if (hop === null || typeof hop !== 'object')
        invalid(`proxies.tlsHops[${i}] must be an object`);
      return {
        by: fixedOrResolver(hop.publicIp, `proxies.tlsHops[${i}].publicIp`),
        sender:
          hop.sender === undefined
            ? 'previous'
            : hop.sender === 'chain'
              ? 'chain'
              : fixedOrResolver(hop.sender, `proxies.tlsHops[${i}].sender`),
      };
    }),
  };
}
