import { decodeKeyValue, type KeyValuePair } from '../codec.js';
import { refuse } from '../errors.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import {
  addCodecProblems,
  givenPairs,
  type KeyValueInput,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  result,
} from './shared.js';

/**
 * The key-value headers of free names and values: `Gov-Client-User-IDs`, `Gov-Vendor-Version`,
 * `Gov-Vendor-License-IDs` (hashing in `hash.ts`) and `Gov-Client-User-Agent`.
 */

function parsePairs(text: string): ParseResult<KeyValuePair[]> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result([], problems);
  const decoded = decodeKeyValue(text);
  addCodecProblems(problems, decoded.problems);
  return result(decoded.value, problems);
}

/**
 * `Gov-Client-User-IDs`: e.g. `{ os: 'DOMAIN\\alice', 'my-application': 'alice123' }`. Values are
 * kept exactly and percent-encoded (`\` becomes `%5C`).
 */
export function formatUserIds(ids: KeyValueInput): string {
  return givenPairs(ids, 'userIds');
}

/** `Gov-Client-User-IDs`: ordered pairs, values decoded. */
export const parseUserIds: (text: string) => ParseResult<KeyValuePair[]> = parsePairs;

/** `Gov-Vendor-Version`: software name to version, e.g. `{ 'my-web-app': '2.2.2' }`. */
export function formatVendorVersion(versions: KeyValueInput): string {
  return givenPairs(versions, 'vendorVersion');
}

/** `Gov-Vendor-Version`: ordered software=version pairs. */
export const parseVendorVersion: (text: string) => ParseResult<KeyValuePair[]> = parsePairs;

/** `Gov-Vendor-License-IDs` from already hashed licence values (see `hashLicenseIds`). */
export function formatLicenseIds(hashed: KeyValueInput): string {
  return givenPairs(hashed, 'licenseIds');
}

/** `Gov-Vendor-License-IDs`: ordered software=hash pairs. */
export const parseLicenseIds: (text: string) => ParseResult<KeyValuePair[]> = parsePairs;

export interface UserAgentInfo {
  /** e.g. `Windows`, `MacOS`, `Linux`. */
  osFamily?: string;
  /** e.g. `10`, `10.15.7`. */
  osVersion?: string;
  /** e.g. `Dell Inc.`; an empty string sends the key with no value (not known on this device). */
  deviceManufacturer?: string;
  /** e.g. `XPS13`, `MacBookPro15,2`. */
  deviceModel?: string;
}

/** The keys of `Gov-Client-User-Agent`, with the property each fills. */
export const USER_AGENT_KEYS: readonly (readonly [key: string, prop: keyof UserAgentInfo])[] = [
  ['os-family', 'osFamily'],
  ['os-version', 'osVersion'],
  ['device-manufacturer', 'deviceManufacturer'],
  ['device-model', 'deviceModel'],
];

/** `Gov-Client-User-Agent` (the key-value form used by every method except web). */
export function formatUserAgent(info: UserAgentInfo): string {
  const pairs: KeyValuePair[] = [];
  for (const [key, field] of USER_AGENT_KEYS) {
    const value = info?.[field];
    // An empty value is allowed: the key is then sent with no value (not known on this device).
    if (value !== undefined) {
      if (typeof value !== 'string') refuse(`userAgent.${field}`, 'a string', value);
      pairs.push([key, value as string]);
    }
  }
  return givenPairs(pairs, 'userAgent', 'of osFamily, osVersion, deviceManufacturer, deviceModel');
}

/** `Gov-Client-User-Agent` (key-value form). Missing keys are reported. */
export function parseUserAgent(text: string): ParseResult<UserAgentInfo> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result({}, problems);
  const decoded = decodeKeyValue(text);
  addCodecProblems(problems, decoded.problems);
  const info: UserAgentInfo = {};
  for (const [key, prop] of USER_AGENT_KEYS) {
    let value: string | undefined;
    for (const [k, v] of decoded.value) {
      if (k === key) {
        value = v;
        break;
      }
    }
    if (value === undefined) {
      problems.push({ code: 'MISSING_KEY', message: `user agent has no '${key}'`, field: key });
    } else {
      info[prop] = value;
    }
  }
  return result(info, problems);
}

/** Gov-Client-User-Agent in the header catalogue. */
export const USER_AGENT_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-User-Agent',
  'key-value',
  'client',
  'The operating system and device: os-family, os-version, device-manufacturer, device-model.',
  { requiredKeys: ['os-family', 'os-version', 'device-manufacturer', 'device-model'] },
);

/** Gov-Client-User-IDs in the header catalogue. */
export const USER_IDS_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-User-IDs',
  'key-value',
  'client',
  'User identifiers: `os` for the operating system user where applicable, plus the application accounts.',
);

/** Gov-Vendor-License-IDs in the header catalogue. */
export const VENDOR_LICENSE_IDS_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Vendor-License-IDs',
  'key-value',
  'server',
  'Hashed licence keys of the vendor software on the originating device.',
);

/** Gov-Vendor-Version in the header catalogue. */
export const VENDOR_VERSION_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Vendor-Version',
  'key-value',
  'server',
  'Versions of the vendor software involved in handling the request.',
);
