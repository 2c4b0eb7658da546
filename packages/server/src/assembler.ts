import {
  type CollectionNote,
  type ForwardedHop,
  formatPort,
  formatTimestamp,
  formatVendorForwarded,
} from '@fph-kit/spec';
import { isPublicKind } from './address.js';
import { readSettings, type Settings } from './assembler-options.js';
import { BoundedCache, VerdictCache } from './bounded-cache.js';
import {
  type ClientPolicy,
  type ClientValues,
  hasField,
  readClientValues,
} from './client-payload.js';
import { AssemblerError } from './errors.js';
import { type ClientAddressSource, type ClientResolution, resolveClient } from './forwarding.js';
import { HeaderOrder, missingMessage } from './header-order.js';
import type { AssemblerOptions, RequestFacts, ViaServerMethod } from './options.js';
import { type AssemblyProblemCode, problem, quote } from './problems.js';
import { type RequestHeaders, readRequestHeaders } from './request-headers.js';
import { type ResolvedHop, VendorResolver, type VendorValues } from './vendor.js';

export type { ResolvedHop, VendorValues };

/** Longest memo key kept (the joined header values of one request), in characters. */
const MAX_MEMO_KEY = 4096;
/** The most proxy trusts (apps, hop counts) whose client resolutions are kept apart. */
const MAX_TRUSTS = 16;

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

/**
 * Creates the framework-agnostic assembler: given the facts of an incoming request, it returns
 * the complete Gov-* header set for the outbound call to HMRC, and every problem found. Throws
 * {@link AssemblerError} `INVALID_OPTIONS` for unusable options.
 */
export function createAssembler(options: AssemblerOptions): Assembler {
  return new HeaderAssembler(readSettings(options));
}

class HeaderAssembler implements Assembler {
  readonly connectionMethod: ViaServerMethod;
  private readonly settings: Settings;
  private readonly layout: HeaderOrder;
  private readonly vendor: VendorResolver;
  /** Client resolutions, one cache per proxy trust in force (the options', or a framework's). */
  private readonly clients = new Map<unknown, BoundedCache<ClientResolution>>();
  private readonly clientMemo = new BoundedCache<ClientPart>(500);
  /** The last memoised client values and the headers they were read from. */
  private lastClient: { headers: RequestHeaders; part: ClientPart } | undefined;
  private lastStampMs = Number.NaN;
  private lastStamp = '';
  private readonly policy: ClientPolicy;
  private readonly slots: (string | undefined)[];
  private lastForwarded: { by: string; for: string; value: string } | undefined;
  /** Formatted values for addresses seen recently (a client's IP, its first hop). */
  private readonly formatted = new BoundedCache<string>(1000);

  constructor(settings: Settings) {
    this.settings = settings;
    this.connectionMethod = settings.connectionMethod;
    this.layout = new HeaderOrder(settings.connectionMethod);
    this.slots = new Array<string | undefined>(this.layout.order.length).fill(undefined);
    this.vendor = new VendorResolver(settings);
    this.policy = {
      method: settings.connectionMethod,
      clientSoftware: settings.clientSoftware,
      serverSoftware: settings.serverSoftware,
      verdicts: new VerdictCache(),
      versions: new BoundedCache(200),
    };
  }

  resolveVendor(request: RequestFacts): VendorValues | Promise<VendorValues> {
    return this.vendor.resolve(request);
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
    const problems: CollectionNote<AssemblyProblemCode>[] =
      vendor.problems.length === 0 ? [] : [...vendor.problems];
    const headers = readRequestHeaders(request.headers, this.settings.wanted);
    const client = this.client(request, headers);
    pushCopies(problems, client.problems);
    const given = this.clientValues(headers, request.body, receivedAt);
    pushCopies(problems, given.problems);

    // One slot per header, reused request after request (assembly is synchronous), emptied first.
    const slots = this.slots.fill(undefined);
    for (let i = 0; i < given.slots.length; i++) slots[given.slots[i]!] = given.values[i];
    const at = this.layout.at;
    slots[at.connectionMethod] = this.settings.connection;
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
      slots[at.forwarded] = this.forwardedPair(hop, forwarded);
    } else if (forwarded.length > 1) {
      slots[at.forwarded] = formatVendorForwarded(forwarded);
    }
    if (vendor.licenseIds !== undefined) slots[at.licenseIds] = vendor.licenseIds;
    slots[at.productName] = this.settings.productName;
    slots[at.version] = given.version;

    let explained: Set<string | undefined> | undefined;
    const required = this.layout.required;
    for (let i = 0; i < required.length; i++) {
      if (slots[i] !== undefined) continue;
      const name = required[i]!;
      explained ??= new Set(problems.map((p) => p.header));
      if (explained.has(name)) continue;
      problems.push(problem('HEADER_MISSING', name, missingMessage(name, this.connectionMethod)));
    }

    const out = this.layout.toRecord(slots);
    const endpoint: ClientEndpoint = { source: client.source };
    if (client.observed) endpoint.observedAddress = client.observed.text;
    if (client.address) endpoint.publicIp = client.address.text;
    if (client.address && client.port !== undefined) endpoint.publicPort = client.port;
    return { headers: out, problems, client: endpoint };
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
    if (key.length > MAX_MEMO_KEY) return this.resolveClient(request, headers);
    const follow = this.settings.forwarding.follow;
    const trustKey = follow ? (request.proxyTrustKey ?? request.proxyTrust) : undefined;
    let cache = this.clients.get(trustKey);
    if (cache === undefined) {
      // Apps are few; more trusts than this would be a caller's bug: the memory stays bounded.
      if (this.clients.size >= MAX_TRUSTS) this.clients.clear();
      cache = new BoundedCache<ClientResolution>(500);
      this.clients.set(trustKey, cache);
    }
    let client = cache.get(key);
    if (client === undefined) {
      client = this.resolveClient(request, headers);
      cache.set(key, client);
    }
    return client;
  }

  private resolveClient(request: RequestFacts, headers: RequestHeaders): ClientResolution {
    const forwarding = this.settings.forwarding;
    return resolveClient(
      forwarding,
      request.remoteAddress,
      request.remotePort,
      headers,
      forwarding.follow ? request.proxyTrust : undefined,
      request.proxyTrustSetting,
    );
  }

  /**
   * The client's values, remembered for requests carrying the same Gov-* headers (and no
   * fph_client field): a client sends the same values again and again. The result is shared.
   */
  private clientValues(headers: RequestHeaders, body: unknown, now: number): ClientPart {
    if (hasField(body) || headers.govKeyLength > MAX_MEMO_KEY) {
      return this.clientPart(readClientValues(headers.gov, body, this.policy, now));
    }
    // The previous request's values first: compared value by value, no key to build or hash.
    const last = this.lastClient;
    if (last !== undefined && headers.sameGov(last.headers)) return last.part;
    let part = this.clientMemo.get(headers.govKey);
    if (part === undefined) {
      part = this.clientPart(readClientValues(headers.gov, body, this.policy, now));
      this.clientMemo.set(headers.govKey, part);
    }
    this.lastClient = { headers, part };
    return part;
  }

  /** The client's values placed in this assembler's slots, its versions merged with the server's. */
  private clientPart(given: ClientValues): ClientPart {
    const slots: number[] = [];
    const values: string[] = [];
    for (const [name, value] of given.values) {
      slots.push(this.layout.slot.get(name)!);
      values.push(value);
    }
    const version =
      given.versionPairs.length === 0
        ? this.settings.serverVersions
        : `${given.versionPairs.join('&')}&${this.settings.serverVersions}`;
    return { slots, values, version, problems: given.problems };
  }

  /** Gov-Vendor-Forwarded of one hop: the previous request's, else remembered per pair. */
  private forwardedPair(hop: ForwardedHop, forwarded: ForwardedHop[]): string {
    const last = this.lastForwarded;
    if (last !== undefined && last.by === hop.by && last.for === hop.for) return last.value;
    const key = `${hop.by} ${hop.for}`;
    let value = this.formatted.get(key);
    if (value === undefined) {
      value = formatVendorForwarded(forwarded);
      this.formatted.set(key, value);
    }
    this.lastForwarded = { by: hop.by, for: hop.for, value };
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
