import {
  type CollectionNote,
  encodeKeyValue,
  type ForwardedHop,
  findHeader,
  formatConnectionMethod,
  formatLicenseIds,
  formatPort,
  formatProductName,
  formatTimestamp,
  formatVendorForwarded,
  formatVendorVersion,
  HEADERS,
  type HeaderName,
  hashLicenseIds,
  isSpecError,
  type KeyValueInput,
  type KeyValuePair,
  requirementsFor,
} from '@fph-kit/spec';
import {
  type Address,
  createTrustList,
  describeKind,
  isPublicKind,
  parseAddress,
} from './address.js';
import {
  BoundedCache,
  type ClientValues,
  hasField,
  readClientValues,
  VerdictCache,
} from './client-payload.js';
import { AssemblerError } from './errors.js';
import {
  CLIENT_ADDRESS_SOURCES,
  type ClientAddressSource,
  type ClientResolution,
  FORWARDING_HEADERS,
  type ForwardingConfig,
  resolveClient,
} from './forwarding.js';
import {
  type AddressResolver,
  type AssemblerOptions,
  type RequestFacts,
  VIA_SERVER_METHODS,
  type ViaServerMethod,
} from './options.js';
import { type AssemblyProblemCode, problem, quote } from './problems.js';
import { type RequestHeaders, readRequestHeaders } from './request-headers.js';

/** Longest memo key kept (the joined header values of one request), in characters. */
const MAX_MEMO_KEY = 4096;

/** The client's share of a header set, ready to place: shared between requests, never changed. */
interface ClientPart {
  /** Slot of each client value, and the values, in the same order. */
  slots: number[];
  values: string[];
  /** Gov-Vendor-Version: the client's allowed pairs, then the server's. */
  version: string;
  problems: readonly CollectionNote<AssemblyProblemCode>[];
}

/** Appends copies of shared problems, so a caller changing one changes no other request's. */
function pushCopies(
  into: CollectionNote<AssemblyProblemCode>[],
  from: readonly CollectionNote<AssemblyProblemCode>[],
): void {
  for (const p of from) into.push({ ...p });
}

/** Where the client was found to be, for logs and for checking a topology. */
export interface ClientEndpoint {
  /** Where the address came from: the connection, or the proxy header in use. */
  source: ClientAddressSource;
  /** The address found, public or not (absent when none could be read). */
  observedAddress?: string;
  /** Gov-Client-Public-IP, when the address is public. */
  publicIp?: string;
  /** Gov-Client-Public-Port, when known. */
  publicPort?: number;
}

export interface AssemblyResult {
  /**
   * The complete Gov-* header set for the call to HMRC: canonical names, encoded values, in the
   * order the connection method's page of the spec lists them. Headers that could not be collected
   * truthfully are left out, never filled with a placeholder; `problems` says why.
   */
  headers: Record<string, string>;
  /** Everything left out, dropped or refused, with the reason. */
  problems: CollectionNote<AssemblyProblemCode>[];
  client: ClientEndpoint;
}

/** The vendor's side of a request, resolved: public IPs, hops, licence hashes. */
export interface VendorValues {
  /** Gov-Vendor-Public-IP, when it could be had. */
  publicIp?: string;
  /** One entry per `proxies.tlsHops` hop, in order. */
  hops: readonly ResolvedHop[];
  /** Gov-Vendor-License-IDs, when licence keys are configured. */
  licenseIds?: string;
  problems: readonly CollectionNote<AssemblyProblemCode>[];
}

export interface ResolvedHop {
  /** The hop's `by` address, when it could be had. */
  by?: string;
  /** The hop's `for` address, `'previous'` (the previous hop's `by`) or `'chain'`. */
  sender?: string | 'previous' | 'chain';
}

export interface Assembler {
  readonly connectionMethod: ViaServerMethod;
  /** Assembles the header set for one request: resolves the vendor's side, then builds the set. */
  assemble(request: RequestFacts): Promise<AssemblyResult>;
  /**
   * The vendor's side for one request (licence hashes, vendor and hop addresses): immediately
   * when everything is fixed and ready, else a promise. Never rejects: a resolver's failure is a
   * problem in the result.
   */
  resolveVendor(request: RequestFacts): VendorValues | Promise<VendorValues>;
  /** Builds the header set from the request and resolved vendor values, synchronously. */
  assembleWith(request: RequestFacts, vendor: VendorValues): AssemblyResult;
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

function invalid(message: string, cause?: unknown): never {
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

type Fixed = { address: Address } | { resolver: AddressResolver };

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

type Outcome = { address: Address } | { error: string };

function checkResolved(value: unknown): Outcome {
  if (typeof value !== 'string') return { error: `gave ${typeof value}, not an IP address string` };
  const address = parseAddress(value.trim());
  if (!address) return { error: `gave ${quote(value)}, which is not an IP address` };
  if (!isPublicKind(address.kind)) {
    return { error: `gave ${address.text}, ${describeKind(address.kind)}, not a public address` };
  }
  return { address };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gave no answer within ${ms} ms`)), ms);
    timer.unref?.();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs one address source for a request: a value now, or a promise that never rejects. */
function resolveSource(
  fixed: Fixed,
  request: RequestFacts,
  timeoutMs: number,
): Outcome | Promise<Outcome> {
  if ('address' in fixed) return fixed;
  let value: unknown;
  try {
    value = fixed.resolver(request);
  } catch (error) {
    return { error: `threw: ${reason(error)}` };
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Promise<unknown>).then === 'function'
  ) {
    return withTimeout(Promise.resolve(value), timeoutMs).then(checkResolved, (error: unknown) => ({
      error: `failed: ${reason(error)}`,
    }));
  }
  return checkResolved(value);
}

/** The headers the server supplies, by a short name. */
const SERVER_SLOTS = {
  connectionMethod: 'Gov-Client-Connection-Method',
  publicIp: 'Gov-Client-Public-IP',
  publicIpTimestamp: 'Gov-Client-Public-IP-Timestamp',
  publicPort: 'Gov-Client-Public-Port',
  vendorPublicIp: 'Gov-Vendor-Public-IP',
  forwarded: 'Gov-Vendor-Forwarded',
  licenseIds: 'Gov-Vendor-License-IDs',
  productName: 'Gov-Vendor-Product-Name',
  version: 'Gov-Vendor-Version',
} as const satisfies Record<string, HeaderName>;
type ServerSlot = keyof typeof SERVER_SLOTS;

interface HopConfig {
  by: Fixed;
  sender: Fixed | 'previous' | 'chain';
}

/** What a missing required header needs, when no other problem already explains it. */
function missingMessage(name: HeaderName, method: ViaServerMethod): string {
  switch (name) {
    case 'Gov-Vendor-License-IDs':
      return 'No licenseKeys are configured, so Gov-Vendor-License-IDs is left out; HMRC answers with a warning unless no licence applies.';
    case 'Gov-Client-Multi-Factor':
      return 'The client sent no Gov-Client-Multi-Factor: if no multi-factor authentication took place, HMRC answers with a warning; otherwise pass the MFA details to the client collector.';
    case 'Gov-Vendor-Forwarded':
      return 'Gov-Vendor-Forwarded is left out: its first hop needs both Gov-Vendor-Public-IP and Gov-Client-Public-IP.';
    case 'Gov-Client-Public-IP-Timestamp':
      return 'Gov-Client-Public-IP-Timestamp is left out with Gov-Client-Public-IP.';
    default:
      return findHeader(name)?.supplier === 'client'
        ? `The client sent no ${name}, which ${method} requires: the client collector supplies it.`
        : `${name} could not be assembled.`;
  }
}

/**
 * Creates the framework-agnostic assembler: given the facts of an incoming request, it returns
 * the complete Gov-* header set for the outbound call to HMRC, and every problem found. Throws
 * {@link AssemblerError} `INVALID_OPTIONS` for unusable options.
 */
export function createAssembler(options: AssemblerOptions): Assembler {
  return new HeaderAssembler(options);
}

class HeaderAssembler implements Assembler {
  readonly connectionMethod: ViaServerMethod;
  private readonly connection: string;
  private readonly productName: string;
  private readonly serverVersions: string;
  private readonly vendorIp: Fixed;
  private readonly hops: readonly HopConfig[];
  private readonly forwarding: ForwardingConfig;
  /** The non-Gov request headers the forwarding rules read. */
  private readonly wanted: ReadonlySet<string>;
  private readonly timeoutMs: number;
  private readonly required: readonly HeaderName[];
  /** Every header: the method's required ones first (its page's order), then the others. */
  private readonly order: readonly HeaderName[];
  /** Position of each header in `order`. */
  private readonly slot: ReadonlyMap<string, number>;
  /** Positions of the headers the server supplies. */
  private readonly at: Readonly<Record<ServerSlot, number>>;
  private readonly templates = new Map<number, Record<string, string>>();
  private readonly clients = new BoundedCache<ClientResolution>(500);
  private readonly clientMemo = new BoundedCache<ClientPart>(500);
  private lastStampMs = Number.NaN;
  private lastStamp = '';
  private readonly policy: Parameters<typeof readClientValues>[2];
  /** Formatted values for addresses seen recently (a client's IP, its first hop). */
  private readonly formatted = new BoundedCache<string>(1000);
  /** True when the vendor IP and every hop are fixed addresses (no resolver). */
  private readonly allFixed: boolean;
  private fixedVendor: VendorValues | undefined;
  private licenseIds: string | undefined;
  private licenseError: string | undefined;
  private licensePending: Promise<void> | undefined;

  constructor(options: AssemblerOptions) {
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
    this.connectionMethod = method;
    this.connection = formatConnectionMethod(method);
    const requirements = requirementsFor(method);
    this.required = requirements.required;
    this.order = [
      ...requirements.required,
      ...HEADERS.map((h) => h.name).filter((name) => !requirements.required.includes(name)),
    ];
    this.slot = new Map(this.order.map((name, i) => [name, i]));
    this.at = Object.fromEntries(
      Object.entries(SERVER_SLOTS).map(([key, name]) => [key, this.slot.get(name)!]),
    ) as Record<ServerSlot, number>;

    this.productName = formatOption('productName', () => formatProductName(options.productName));
    if (options.versions === null || typeof options.versions !== 'object') {
      invalid("versions must give the server's software versions, e.g. { 'acme-api': '3.8.0' }");
    }
    const serverPairs = formatOption('versions', () => pairsOf(options.versions));
    this.serverVersions = formatOption(
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

    this.vendorIp = fixedOrResolver(options.vendorPublicIp, 'vendorPublicIp');

    const proxies = options.proxies ?? {};
    if (proxies === null || typeof proxies !== 'object') invalid('proxies must be an object');
    for (const key of Object.keys(proxies)) {
      if (!PROXY_OPTION_NAMES.has(key)) invalid(`unknown option proxies.${key}`);
    }
    const trusted = proxies.trusted ?? [];
    if (!Array.isArray(trusted)) invalid('proxies.trusted must be a list of CIDRs or addresses');
    const trust = createTrustList(trusted);
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
    if (source !== 'socket' && trust.list.size === 0) {
      invalid(
        `proxies.clientAddress is ${quote(source)} but proxies.trusted lists no proxy: that header would never be believed. List the addresses your proxies connect from.`,
      );
    }
    this.forwarding = { source, trust: trust.list };
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
      this.forwarding.portHeader = proxies.clientPortHeader.toLowerCase();
    }
    this.wanted = new Set([
      ...FORWARDING_HEADERS,
      ...(this.forwarding.portHeader ? [this.forwarding.portHeader] : []),
    ]);
    const hops = proxies.tlsHops ?? [];
    if (!Array.isArray(hops)) invalid('proxies.tlsHops must be a list of { publicIp, sender? }');
    this.hops = hops.map((hop, i) => {
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
    });

    this.allFixed =
      'address' in this.vendorIp &&
      this.hops.every(
        (hop) => 'address' in hop.by && (typeof hop.sender === 'string' || 'address' in hop.sender),
      );

    const timeout = options.resolverTimeoutMs ?? 2000;
    if (!Number.isFinite(timeout) || timeout <= 0) {
      invalid(`resolverTimeoutMs must be a positive number of milliseconds, got ${quote(timeout)}`);
    }
    this.timeoutMs = timeout;

    this.policy = {
      method,
      clientSoftware: new Set(clientVersions),
      serverSoftware: new Set(serverPairs.map(([software]) => software)),
      verdicts: new VerdictCache(),
      versions: new BoundedCache(200),
    };

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
      this.licensePending = hashLicenseIds(pairs).then(
        (hashed) => {
          this.licenseIds = formatLicenseIds(hashed);
          this.licensePending = undefined;
        },
        (error: unknown) => {
          this.licenseError = reason(error);
          this.licensePending = undefined;
        },
      );
    }
  }

  resolveVendor(request: RequestFacts): VendorValues | Promise<VendorValues> {
    if (this.fixedVendor) return this.fixedVendor;
    const vendor = resolveSource(this.vendorIp, request, this.timeoutMs);
    const hops = this.hops.map((hop) => ({
      by: resolveSource(hop.by, request, this.timeoutMs),
      sender:
        typeof hop.sender === 'string'
          ? hop.sender
          : resolveSource(hop.sender, request, this.timeoutMs),
    }));
    const waits: Promise<unknown>[] = [];
    if (this.licensePending) waits.push(this.licensePending);
    if (vendor instanceof Promise) waits.push(vendor);
    for (const hop of hops) {
      if (hop.by instanceof Promise) waits.push(hop.by);
      if (hop.sender instanceof Promise) waits.push(hop.sender);
    }
    const build = async (): Promise<VendorValues> =>
      this.vendorValues(
        await vendor,
        await Promise.all(
          hops.map(async (hop) => ({ by: await hop.by, sender: await hop.sender })),
        ),
      );
    if (waits.length === 0) {
      const values = this.vendorValues(
        vendor as Outcome,
        hops as { by: Outcome; sender: Outcome | 'previous' | 'chain' }[],
      );
      // Nothing to resolve per request: the same values serve every request from now on.
      if (this.allFixed) this.fixedVendor = values;
      return values;
    }
    return Promise.all(waits).then(build);
  }

  private vendorValues(
    vendor: Outcome,
    hops: readonly { by: Outcome; sender: Outcome | 'previous' | 'chain' }[],
  ): VendorValues {
    const problems: CollectionNote<AssemblyProblemCode>[] = [];
    const values: VendorValues & { hops: ResolvedHop[] } = { hops: [], problems };
    if ('address' in vendor) {
      values.publicIp = vendor.address.text;
    } else {
      problems.push(
        problem(
          'VENDOR_PUBLIC_IP_UNAVAILABLE',
          'Gov-Vendor-Public-IP',
          `The vendorPublicIp resolver ${vendor.error}: Gov-Vendor-Public-IP and Gov-Vendor-Forwarded are left out for this request.`,
        ),
      );
    }
    hops.forEach((hop, i) => {
      const resolved: ResolvedHop = {};
      if ('address' in hop.by) resolved.by = hop.by.address.text;
      else
        problems.push(
          problem(
            'VENDOR_FORWARDED_INCOMPLETE',
            'Gov-Vendor-Forwarded',
            `The proxies.tlsHops[${i}].publicIp resolver ${hop.by.error}: that hop is left out of Gov-Vendor-Forwarded.`,
          ),
        );
      if (typeof hop.sender === 'string') resolved.sender = hop.sender;
      else if ('address' in hop.sender) resolved.sender = hop.sender.address.text;
      else
        problems.push(
          problem(
            'VENDOR_FORWARDED_INCOMPLETE',
            'Gov-Vendor-Forwarded',
            `The proxies.tlsHops[${i}].sender resolver ${hop.sender.error}: that hop is left out of Gov-Vendor-Forwarded.`,
          ),
        );
      values.hops.push(resolved);
    });
    if (this.licenseIds !== undefined) values.licenseIds = this.licenseIds;
    else if (this.licenseError !== undefined) {
      problems.push(
        problem(
          'HEADER_MISSING',
          'Gov-Vendor-License-IDs',
          `The licence keys could not be hashed (${this.licenseError}): Gov-Vendor-License-IDs is left out.`,
        ),
      );
    }
    return values;
  }

  async assemble(request: RequestFacts): Promise<AssemblyResult> {
    return this.assembleWith(request, await this.resolveVendor(request));
  }

  assembleWith(request: RequestFacts, vendor: VendorValues): AssemblyResult {
    const receivedAt =
      typeof request?.receivedAt === 'number'
        ? request.receivedAt
        : request?.receivedAt instanceof Date
          ? request.receivedAt.getTime()
          : Number.NaN;
    if (!Number.isFinite(receivedAt)) {
      throw new AssemblerError(
        'INVALID_ARGUMENT',
        `request facts: receivedAt must be a Date or epoch milliseconds, got ${quote(request?.receivedAt)}`,
      );
    }
    const problems: CollectionNote<AssemblyProblemCode>[] = [...vendor.problems];
    const headers = readRequestHeaders(request.headers, this.wanted);
    const client = this.client(request, headers);
    pushCopies(problems, client.problems);
    const given = this.clientValues(headers, request.body, receivedAt);
    pushCopies(problems, given.problems);

    // One slot per header, in the order of the method's page: filled, then read out in order.
    const slots: (string | undefined)[] = new Array(this.order.length);
    for (let i = 0; i < given.slots.length; i++) slots[given.slots[i]!] = given.values[i];
    const at = this.at;
    slots[at.connectionMethod] = this.connection;
    if (client.address) {
      // Both addresses were parsed and normalised on arrival: formatting would return them as they are.
      slots[at.publicIp] = client.address.text;
      slots[at.publicIpTimestamp] = this.timestamp(receivedAt);
      if (client.port !== undefined) slots[at.publicPort] = formatPort(client.port);
    }
    if (vendor.publicIp !== undefined) {
      slots[at.vendorPublicIp] = vendor.publicIp;
      if (client.address?.text === vendor.publicIp) {
        problems.push(
          problem(
            'VENDOR_IP_SAME_AS_CLIENT',
            'Gov-Vendor-Public-IP',
            `Gov-Vendor-Public-IP equals the client's public IP ${vendor.publicIp}: HMRC's reviewers treat this as a collection error. Check vendorPublicIp and the proxy settings.`,
          ),
        );
      }
    }
    const forwarded = this.forwardedHops(vendor, client, problems);
    if (forwarded.length === 1) {
      const [hop] = forwarded as [ForwardedHop];
      slots[at.forwarded] = this.format(`${hop.by} ${hop.for}`, () =>
        formatVendorForwarded(forwarded),
      );
    } else if (forwarded.length > 1) {
      slots[at.forwarded] = formatVendorForwarded(forwarded);
    }
    if (vendor.licenseIds !== undefined) slots[at.licenseIds] = vendor.licenseIds;
    slots[at.productName] = this.productName;
    slots[at.version] = given.version;

    let explained: Set<string | undefined> | undefined;
    for (let i = 0; i < this.required.length; i++) {
      if (slots[i] !== undefined) continue;
      const name = this.required[i]!;
      explained ??= new Set(problems.map((p) => p.header));
      if (explained.has(name)) continue;
      problems.push(problem('HEADER_MISSING', name, missingMessage(name, this.connectionMethod)));
    }

    const out = this.emptySet(slots);
    for (let i = 0; i < slots.length; i++) {
      const value = slots[i];
      if (value !== undefined) out[this.order[i]!] = value;
    }
    const endpoint: ClientEndpoint = { source: client.source };
    if (client.observed) endpoint.observedAddress = client.observed.text;
    if (client.address) endpoint.publicIp = client.address.text;
    if (client.address && client.port !== undefined) endpoint.publicPort = client.port;
    return { headers: out, problems, client: endpoint };
  }

  /**
   * A new object holding the names of the filled slots, in order, ready for their values.
   * Copying a template of the same names is much faster than adding sixteen names one by one,
   * and requests mostly fill the same slots.
   */
  private emptySet(slots: readonly (string | undefined)[]): Record<string, string> {
    let mask = 0;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) mask |= 1 << i;
    let template = this.templates.get(mask);
    if (!template) {
      template = {};
      for (let i = 0; i < slots.length; i++)
        if (slots[i] !== undefined) template[this.order[i]!] = '';
      if (this.templates.size < 64) this.templates.set(mask, template);
    }
    return { ...template };
  }

  /** Gov-Client-Public-IP-Timestamp; requests arriving in the same millisecond share it. */
  private timestamp(ms: number): string {
    if (ms !== this.lastStampMs) {
      this.lastStamp = formatTimestamp(ms);
      this.lastStampMs = ms;
    }
    return this.lastStamp;
  }

  /**
   * Where the client is, remembered for requests with the same peer and forwarding headers (a
   * keep-alive connection, a returning client). The result is shared: never changed.
   */
  private client(request: RequestFacts, headers: RequestHeaders): ClientResolution {
    const key = `${request.remoteAddress}\u0000${request.remotePort}\u0000${headers.otherKey}`;
    if (key.length > MAX_MEMO_KEY) {
      return resolveClient(this.forwarding, request.remoteAddress, request.remotePort, headers);
    }
    let client = this.clients.get(key);
    if (client === undefined) {
      client = resolveClient(this.forwarding, request.remoteAddress, request.remotePort, headers);
      this.clients.set(key, client);
    }
    return client;
  }

  /**
   * The client's values, remembered for requests carrying the same Gov-* headers (and no
   * fph_client field): a client sends the same values again and again. The result is shared.
   */
  private clientValues(headers: RequestHeaders, body: unknown, now: number): ClientPart {
    if (hasField(body) || headers.govKey.length > MAX_MEMO_KEY) {
      return this.clientPart(readClientValues(headers.gov, body, this.policy, now));
    }
    let part = this.clientMemo.get(headers.govKey);
    if (part === undefined) {
      part = this.clientPart(readClientValues(headers.gov, body, this.policy, now));
      this.clientMemo.set(headers.govKey, part);
    }
    return part;
  }

  /** The client's values placed in this assembler's slots, its versions merged with the server's. */
  private clientPart(given: ClientValues): ClientPart {
    const slots: number[] = [];
    const values: string[] = [];
    for (const [name, value] of given.values) {
      slots.push(this.slot.get(name)!);
      values.push(value);
    }
    const version =
      given.versionPairs.length === 0
        ? this.serverVersions
        : `${given.versionPairs.join('&')}&${this.serverVersions}`;
    return { slots, values, version, problems: given.problems };
  }

  /** `build(key)`, remembered for keys seen recently. */
  private format(key: string, build: (key: string) => string): string {
    let value = this.formatted.get(key);
    if (value === undefined) {
      value = build(key);
      this.formatted.set(key, value);
    }
    return value;
  }

  /** One by/for pair per internet hop: the client's first, then each further TLS hop. */
  private forwardedHops(
    vendor: VendorValues,
    client: ClientResolution,
    problems: CollectionNote<AssemblyProblemCode>[],
  ): ForwardedHop[] {
    if (vendor.publicIp === undefined || !client.address) return [];
    const hops: ForwardedHop[] = [{ by: vendor.publicIp, for: client.address.text }];
    let previous: string | undefined = vendor.publicIp;
    for (let i = 0; i < vendor.hops.length; i++) {
      const hop = vendor.hops[i]!;
      let sender: string | undefined;
      if (hop.sender === 'previous') sender = previous;
      else if (hop.sender === 'chain') {
        const entry = client.after[i];
        if (entry?.address && isPublicKind(entry.address.kind)) sender = entry.address.text;
        else
          problems.push(
            problem(
              'VENDOR_FORWARDED_INCOMPLETE',
              'Gov-Vendor-Forwarded',
              `proxies.tlsHops[${i}].sender is 'chain', but the forwarding chain has ${entry ? `${quote(entry.raw)}, not a public address,` : 'no entry'} at place ${i + 1} after the client's: that hop is left out.`,
            ),
          );
      } else sender = hop.sender;
      if (hop.by !== undefined && sender !== undefined) hops.push({ by: hop.by, for: sender });
      previous = hop.by;
    }
    return hops;
  }
}
