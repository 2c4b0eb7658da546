import { findHeader, HEADERS, type HeaderName, requirementsFor } from '@fph-kit/spec';
import type { ViaServerMethod } from './options.js';

/** The headers the server supplies, by a short name. */
export type ServerSlot =
  | 'connectionMethod'
  | 'publicIp'
  | 'publicIpTimestamp'
  | 'publicPort'
  | 'vendorPublicIp'
  | 'forwarded'
  | 'licenseIds'
  | 'productName'
  | 'version';

const SERVER_SLOTS: Readonly<Record<ServerSlot, HeaderName>> = {
  connectionMethod: 'Gov-Client-Connection-Method',
  publicIp: 'Gov-Client-Public-IP',
  publicIpTimestamp: 'Gov-Client-Public-IP-Timestamp',
  publicPort: 'Gov-Client-Public-Port',
  vendorPublicIp: 'Gov-Vendor-Public-IP',
  forwarded: 'Gov-Vendor-Forwarded',
  licenseIds: 'Gov-Vendor-License-IDs',
  productName: 'Gov-Vendor-Product-Name',
  version: 'Gov-Vendor-Version',
};

/** The most distinct sets of filled slots whose object template is kept. */
const MAX_TEMPLATES = 64;

/**
 * The order of one connection method's header set: its required headers first (its page's
 * order), then the others; each header's slot; and objects holding the names of the filled
 * slots, ready for their values.
 */
export class HeaderOrder {
  readonly required: readonly HeaderName[];
  /** Every header: the method's required ones first (its page's order), then the others. */
  readonly order: readonly HeaderName[];
  /** Position of each header in `order`. */
  readonly slot: ReadonlyMap<string, number>;
  /** Positions of the headers the server supplies. */
  readonly at: Readonly<Record<ServerSlot, number>>;
  private readonly templates = new Map<number, Record<string, string>>();

  constructor(method: ViaServerMethod) {
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
  }

  /**
   * The filled slots as a new object, in order. Copying a template of the same names is much
   * faster than adding sixteen names one by one, and requests mostly fill the same slots.
   */
  toRecord(slots: readonly (string | undefined)[]): Record<string, string> {
    let mask = 0;
    for (let i = 0; i < slots.length; i++) if (slots[i] !== undefined) mask |= 1 << i;
    let template = this.templates.get(mask);
    if (!template) {
      template = {};
      for (let i = 0; i < slots.length; i++)
        if (slots[i] !== undefined) template[this.order[i]!] = '';
      if (this.templates.size < MAX_TEMPLATES) this.templates.set(mask, template);
    }
    const out = { ...template };
    for (let i = 0; i < slots.length; i++) {
      const value = slots[i];
      if (value !== undefined) out[this.order[i]!] = value;
    }
    return out;
  }
}

/** What a missing required header needs, when no other problem already explains it. */
export function missingMessage(name: HeaderName, method: ViaServerMethod): string {
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
