import { isIP, isIPv4, isIPv6, isMacAddress } from './address.js';
import {
  encodeKeyValue,
  encodeKeyValueList,
  encodeList,
  encodeUtf8,
  type KeyValuePair,
  percentEncode,
} from './codec.js';
import { fail, refuse, SpecError } from './errors.js';
import { isUuid } from './headers/device-id.js';
import { type ConnectionMethod, isConnectionMethod } from './methods.js';

/**
 * Typed formatters: one per header value. Each checks its input and throws {@link SpecError}
 * (naming the field) rather than emit a value the spec does not allow. Every output is printable
 * US-ASCII with no CR or LF.
 */

export interface Screen {
  /** Reported width in pixels (positive whole number). */
  width: number;
  /** Reported height in pixels (positive whole number). */
  height: number;
  /** Scaling factor, e.g. 1, 1.25, 2 (positive). */
  scalingFactor: number;
  /** Colour depth in bits (positive whole number). */
  colourDepth: number;
}

export interface WindowSize {
  width: number;
  height: number;
}

export type MultiFactorType = 'TOTP' | 'AUTH_CODE' | 'OTHER';

export const MULTI_FACTOR_TYPES: readonly MultiFactorType[] = ['TOTP', 'AUTH_CODE', 'OTHER'];

export interface MultiFactorEntry {
  type: MultiFactorType;
  /**
   * When the factor was last successfully prompted for: a Date, or a UTC string of at least
   * `yyyy-MM-ddTHH:mmZ` (seconds and milliseconds optional), kept exactly as given.
   */
  timestamp: Date | string;
  /** Identifies the factor (for example a salted hash of a phone number), never the secret. */
  uniqueReference: string;
}

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

export interface ForwardedHop {
  /** The public IP address that received the request on this hop. */
  by: string;
  /** The public IP address of the sender on this hop. */
  for: string;
}

/** Key-value input: an object, a Map, or ordered pairs. */
export type KeyValueInput = Readonly<Record<string, string>> | Iterable<KeyValuePair>;

/** `value` written out if it is a positive whole number, or with `fraction` any positive finite number. */
function positive(value: unknown, field: string, fraction?: boolean): string {
  if (!((fraction ? Number.isFinite : Number.isInteger)(value) && (value as number) > 0)) {
    refuse(field, `a positive ${fraction ? 'finite' : 'whole'} number`, value);
  }
  // Exponent forms arise only from 1e21 up (1.5e+21) and below 1e-6 (1.5e-7), always with one
  // digit before the point: move the point of the shortest round-trip digits instead.
  const text = String(value);
  const e = text.indexOf('e');
  if (e < 0) return text;
  const digits = text.slice(0, e).replace('.', '');
  const point = +text.slice(e + 1) + 1;
  return point > 0 ? digits.padEnd(point, '0') : '0.'.padEnd(2 - point, '0') + digits;
}

/** The list itself, refused when it is not an array of at least one `what`. */
function nonEmpty<T>(list: readonly T[], field: string, what: string): readonly T[] {
  if (!Array.isArray(list) || list.length === 0) {
    fail(field, `needs an array of at least one ${what}`);
  }
  return list;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') refuse(field, 'a non-empty string', value);
  return value as string;
}

/** A key-value structure the caller gave, refused when it holds no pair. */
function givenPairs(input: KeyValueInput, field: string, what = 'key=value pair'): string {
  const encoded = encodeKeyValue(input, field);
  if (encoded === '') fail(field, `needs at least one ${what}`);
  return encoded;
}

/** `Gov-Client-Connection-Method`. */
export function formatConnectionMethod(method: ConnectionMethod): string {
  if (!isConnectionMethod(method)) {
    refuse('connectionMethod', 'one of the eight spec connection methods', method);
  }
  return method;
}

/**
 * `width=…&height=…` of a screen or window (`field` ends with `.`). The values are decimal digits,
 * which percent-encoding leaves as they are.
 */
function dimensions(value: WindowSize | undefined, field: string): string {
  return `width=${positive(value?.width, `${field}width`)}&height=${positive(value?.height, `${field}height`)}`;
}

/** `Gov-Client-Screens`: one structure per screen. */
export function formatScreens(screens: readonly Screen[]): string {
  return nonEmpty(screens, 'screens', 'screen')
    .map((s, i) => {
      const field = `screens[${i}].`;
      return `${dimensions(s, field)}&scaling-factor=${positive(s?.scalingFactor, `${field}scalingFactor`, true)}&colour-depth=${positive(s?.colourDepth, `${field}colourDepth`)}`;
    })
    .join(',');
}

/** `Gov-Client-Window-Size`. */
export function formatWindowSize(size: WindowSize): string {
  return dimensions(size, 'windowSize.');
}

/**
 * The current UTC offset in minutes, east positive (UTC+01:00 is 60). Note the sign: JavaScript's
 * `Date#getTimezoneOffset` counts west positive, so this negates it (and never gives -0).
 */
export function utcOffsetMinutes(date: Date = new Date()): number {
  return -date.getTimezoneOffset() || 0;
}

/** `Gov-Client-Timezone` from an offset in minutes east of UTC: 60 gives `UTC+01:00`. */
export function formatTimezone(offsetMinutes: number): string {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 18 * 60) {
    refuse('timezone', 'a whole number of minutes from -1080 to 1080', offsetMinutes);
  }
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

function toDate(value: Date | number, field: string): Date {
  const date = typeof value === 'number' ? new Date(value) : value;
  const year = date instanceof Date ? date.getUTCFullYear() : Number.NaN;
  // NaN (not a Date, or an invalid one) fails both comparisons.
  if (!(year >= 0 && year <= 9999)) {
    refuse(field, 'a valid Date or epoch milliseconds in the years 0 to 9999', value);
  }
  return date;
}

/**
 * `Gov-Client-Local-IPs-Timestamp` and `Gov-Client-Public-IP-Timestamp`:
 * `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC, milliseconds always present.
 */
export function formatTimestamp(value: Date | number = Date.now()): string {
  return toDate(value, 'timestamp').toISOString();
}

/** The minimum the spec accepts for an MFA timestamp, seconds and milliseconds optional. */
export const MULTI_FACTOR_TIMESTAMP: RegExp =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/** `Gov-Client-Multi-Factor`: one structure per factor. */
export function formatMultiFactor(entries: readonly MultiFactorEntry[]): string {
  return (
    nonEmpty(entries, 'multiFactor', 'entry')
      .map((e, i) => {
        const field = `multiFactor[${i}]`;
        const type = e?.type;
        if (!MULTI_FACTOR_TYPES.includes(type)) {
          refuse(`${field}.type`, 'TOTP, AUTH_CODE or OTHER', type);
        }
        const given: unknown = e.timestamp;
        // A Date (or epoch milliseconds) as an ISO string: one outside the years 0 to 9999, which
        // yyyy cannot write, then fails the pattern; an invalid one gives no string at all.
        const date = new Date(
          typeof given === 'number' || given instanceof Date ? given : Number.NaN,
        );
        const timestamp =
          typeof given === 'string' ? given : Number.isNaN(+date) ? '' : date.toISOString();
        if (!MULTI_FACTOR_TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp))) {
          refuse(
            `${field}.timestamp`,
            'a Date, epoch milliseconds or a UTC time like 2021-11-21T13:23Z',
            given,
          );
        }
        const pairs: KeyValuePair[] = [
          ['type', type],
          ['timestamp', timestamp],
          ['unique-reference', requireString(e.uniqueReference, `${field}.uniqueReference`)],
        ];
        return pairs;
      })
      // Every entry checked before any is encoded; then a list of key-value structures, as
      // encodeKeyValueList writes it (none is empty here).
      .map((pairs, i) => encodeKeyValue(pairs, `multiFactor[${i}]`))
      .join(',')
  );
}

/**
 * `Gov-Client-User-IDs`: e.g. `{ os: 'DOMAIN\\alice', 'my-application': 'alice123' }`. Values are
 * kept exactly and percent-encoded (`\` becomes `%5C`).
 */
export function formatUserIds(ids: KeyValueInput): string {
  return givenPairs(ids, 'userIds');
}

/** `Gov-Client-User-Agent` (the key-value form used by every method except web). */
export function formatUserAgent(info: UserAgentInfo): string {
  const pairs: KeyValuePair[] = [];
  const add = (key: string, field: keyof UserAgentInfo): void => {
    const value = info?.[field];
    // An empty value is allowed: the key is then sent with no value (not known on this device).
    if (value !== undefined) {
      if (typeof value !== 'string') refuse(`userAgent.${field}`, 'a string', value);
      pairs.push([key, value as string]);
    }
  };
  add('os-family', 'osFamily');
  add('os-version', 'osVersion');
  add('device-manufacturer', 'deviceManufacturer');
  add('device-model', 'deviceModel');
  return givenPairs(pairs, 'userAgent', 'of osFamily, osVersion, deviceManufacturer, deviceModel');
}

/**
 * `Gov-Client-Browser-JS-User-Agent`: passed as the browser reports it. A character outside
 * printable US-ASCII (which no mainstream browser sends) is percent-encoded so the header stays legal.
 */
export function formatBrowserJsUserAgent(userAgent: string): string {
  const field = 'browserJsUserAgent';
  return requireString(userAgent, field).replace(/[^ -~]+/g, (run) => encodeUtf8(run, field));
}

/** `Gov-Client-Device-ID`: a UUID, kept as given. */
export function formatDeviceId(id: string): string {
  if (typeof id !== 'string' || !isUuid(id)) {
    refuse('deviceId', 'a UUID (8-4-4-4-12 hexadecimal digits)', id);
  }
  return id;
}

/** `Gov-Client-Local-IPs`: IPv4 and IPv6 addresses, each percent-encoded (IPv6 `:` becomes `%3A`). */
export function formatLocalIps(ips: readonly string[]): string {
  nonEmpty(ips, 'localIps', 'address').forEach((ip, i) => {
    if (typeof ip !== 'string' || !isIP(ip, true)) refuse(`localIps[${i}]`, 'an IP address', ip);
  });
  return encodeList(ips, 'localIps');
}

/** `Gov-Client-MAC-Addresses`: each address percent-encoded (`:` becomes `%3A`). */
export function formatMacAddresses(macs: readonly string[]): string {
  nonEmpty(macs, 'macAddresses', 'address').forEach((mac, i) => {
    if (typeof mac !== 'string' || !isMacAddress(mac)) {
      refuse(`macAddresses[${i}]`, 'a MAC address like ea:43:1a:5d:21:45', mac);
    }
  });
  return encodeList(macs, 'macAddresses');
}

/** `Gov-Client-Public-IP` and `Gov-Vendor-Public-IP`: one IPv4 or IPv6 address, as given. */
export function formatPublicIp(ip: string, field = 'publicIp'): string {
  if (typeof ip !== 'string' || !(isIPv4(ip) || isIPv6(ip))) refuse(field, 'an IP address', ip);
  return ip;
}

/** `Gov-Client-Public-Port`: 1 to 65535. */
export function formatPort(port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    refuse('publicPort', 'a whole number from 1 to 65535', port);
  }
  return String(port);
}

/** `Gov-Vendor-Forwarded`: one `by`/`for` structure per internet hop, first hop first. */
export function formatVendorForwarded(hops: readonly ForwardedHop[]): string {
  return encodeKeyValueList(
    nonEmpty(hops, 'forwarded', 'hop').map((hop, i) => [
      ['by', formatPublicIp(hop?.by, `forwarded[${i}].by`)],
      ['for', formatPublicIp(hop?.for, `forwarded[${i}].for`)],
    ]),
    'forwarded',
  );
}

/** `Gov-Vendor-Product-Name`: percent-encoded (`Product Name` becomes `Product%20Name`). */
export function formatProductName(name: string): string {
  return percentEncode(requireString(name, 'productName'), 'productName');
}

/** `Gov-Vendor-Version`: software name to version, e.g. `{ 'my-web-app': '2.2.2' }`. */
export function formatVendorVersion(versions: KeyValueInput): string {
  return givenPairs(versions, 'vendorVersion');
}

/** `Gov-Vendor-License-IDs` from already hashed licence values (see {@link hashLicenseIds}). */
export function formatLicenseIds(hashed: KeyValueInput): string {
  return givenPairs(hashed, 'licenseIds');
}

/** The part of Web Crypto used here (present in browsers and as `globalThis.crypto` in Node 20+). */
interface DigestProvider {
  subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
}

function subtle(): DigestProvider['subtle'] {
  const crypto = (globalThis as { crypto?: DigestProvider }).crypto;
  if (!crypto?.subtle) {
    throw new SpecError(
      'INVALID_INPUT',
      'crypto',
      'Web Crypto (crypto.subtle) is not available here; hashing needs a secure context or Node 20+',
    );
  }
  return crypto.subtle;
}

/** SHA-256 of the UTF-8 text, as hex (lower case unless `upper`). Uses Web Crypto in browsers and Node. */
export async function sha256Hex(text: string, upper = false): Promise<string> {
  if (typeof text !== 'string') refuse('sha256 input', 'a string', text);
  encodeUtf8(text, 'sha256 input'); // refuses lone surrogates, which TextEncoder would silently replace
  const digest = await subtle().digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return upper ? hex.toUpperCase() : hex;
}

/**
 * Hashes licence keys for `Gov-Vendor-License-IDs` with SHA-256 (upper-case hex, as in the spec's
 * example). The same key always gives the same value, as the spec asks.
 */
export async function hashLicenseIds(keys: KeyValueInput): Promise<KeyValuePair[]> {
  const listed =
    typeof keys === 'object' && keys !== null && Symbol.iterator in keys
      ? [...(keys as Iterable<KeyValuePair>)]
      : keys;
  // What formatLicenseIds would refuse (not an object, a Map or pairs), refused before hashing.
  encodeKeyValue(listed, 'licenseIds');
  const pairs: KeyValuePair[] = Array.isArray(listed) ? listed : Object.entries(listed);
  return Promise.all(
    pairs.map(async ([software, key]) => {
      requireString(software, 'licenseIds software name');
      return [
        software,
        await sha256Hex(requireString(key, `licenseIds.${software}`), true),
      ] as const;
    }),
  );
}

/**
 * A stable reference for an MFA factor: SHA-256 of `salt` + the factor's identifier (a phone number,
 * a TOTP secret's ID). Never pass the secret itself.
 */
export async function hashUniqueReference(identifier: string, salt = ''): Promise<string> {
  requireString(identifier, 'uniqueReference identifier');
  return sha256Hex(`${salt}${identifier}`);
}
