import type { AddressInfo, ConnectionMethod } from '@fph-kit/spec';
import type { Rule } from './types.js';

/** One rule that fired on one header. */
export interface Hit {
  rule: Rule;
  /** Lower-case header name. */
  header: string;
  value?: string;
  detail?: string;
}

export interface Hop {
  by?: AddressInfo;
  for?: AddressInfo;
}

/**
 * The state of one validation: the rules that fired and the facts the cross-header checks need.
 * One is created per call; nothing here outlives the call.
 */
export class Run {
  readonly hits: Hit[] = [];
  readonly method: ConnectionMethod | undefined;
  /** Epoch milliseconds of the request. */
  readonly now: number;

  clientIp: AddressInfo | undefined;
  vendorIp: AddressInfo | undefined;
  hops: Hop[] | undefined;
  /** [width, height] of each screen with valid numbers. */
  screens: [number, number][] | undefined;
  window: [number, number] | undefined;
  /** Epoch milliseconds of each valid multi-factor timestamp. */
  mfaTimes: number[] | undefined;

  constructor(method: ConnectionMethod | undefined, now: number) {
    this.method = method;
    this.now = now;
  }

  /** Records a rule on a header; a rule fires at most once per header ("At least 1 ..."). */
  hit(rule: Rule, header: string, value: string | undefined, detail?: string): void {
    const hits = this.hits;
    for (let i = hits.length - 1; i >= 0; i--) {
      const h = hits[i]!;
      if (h.header !== header) break;
      if (h.rule === rule) return;
    }
    const hit: Hit = { rule, header };
    if (value !== undefined) hit.value = value;
    if (detail !== undefined) hit.detail = detail;
    hits.push(hit);
  }
}
