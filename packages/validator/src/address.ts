import { type AddressKind, isNotPublic, isNotRoutable, parseAddress } from '@fph-kit/spec';

/**
 * The validator's former address API, kept for callers that have not moved to @fph-kit/spec's
 * `parseAddress` yet. The ranges themselves live in @fph-kit/spec.
 */

/** @deprecated Use `AddressKind` from @fph-kit/spec. */
export type IpClass = AddressKind;

/** @deprecated Use `AddressInfo` from @fph-kit/spec (`kind` rather than `cls`). */
export interface IpInfo {
  family: 4 | 6;
  cls: IpClass;
  canonical: string;
}

/** @deprecated Use `parseAddress` from @fph-kit/spec. */
export function parseIp(text: string, allowZone = false): IpInfo | undefined {
  const info = parseAddress(text, allowZone);
  return info && { family: info.family, cls: info.kind, canonical: info.canonical };
}

export { isNotPublic, isNotRoutable };
