import { type CollectionNote, formatLicenseIds, hashLicenseIds } from '@fph-kit/spec';
import { type Address, describeKind, isPublicKind, parseAddress } from './address.js';
import type { Fixed, HopConfig, Settings } from './assembler-options.js';
import type { RequestFacts } from './options.js';
import { type AssemblyProblemCode, problem, quote } from './problems.js';

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

export function reason(error: unknown): string {
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

/**
 * The vendor's side of each request: licence hashes (computed once), the vendor's public IP and
 * the further hops (fixed, or from resolvers per request). When everything is fixed, one value
 * serves every request.
 */
export class VendorResolver {
  private readonly vendorIp: Fixed;
  private readonly hops: readonly HopConfig[];
  private readonly timeoutMs: number;
  /** True when the vendor IP and every hop are fixed addresses (no resolver). */
  private readonly allFixed: boolean;
  private fixedVendor: VendorValues | undefined;
  private licenseIds: string | undefined;
  private licenseError: string | undefined;
  private licensePending: Promise<void> | undefined;

  constructor(settings: Settings) {
    this.vendorIp = settings.vendorIp;
    this.hops = settings.hops;
    this.timeoutMs = settings.timeoutMs;
    this.allFixed =
      'address' in this.vendorIp &&
      this.hops.every(
        (hop) => 'address' in hop.by && (typeof hop.sender === 'string' || 'address' in hop.sender),
      );
    if (settings.licensePairs !== undefined) {
      this.licensePending = hashLicenseIds(settings.licensePairs).then(
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

  resolve(request: RequestFacts): VendorValues | Promise<VendorValues> {
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
      this.values(
        await vendor,
        await Promise.all(
          hops.map(async (hop) => ({ by: await hop.by, sender: await hop.sender })),
        ),
      );
    if (waits.length === 0) {
      const values = this.values(
        vendor as Outcome,
        hops as { by: Outcome; sender: Outcome | 'previous' | 'chain' }[],
      );
      // Nothing to resolve per request: the same values serve every request from now on.
      if (this.allFixed) this.fixedVendor = values;
      return values;
    }
    return Promise.all(waits).then(build);
  }

  private values(
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
}
