import {
  encodeKeyValue,
  encodeKeyValueList,
  encodeList,
  type KeyValuePair,
  percentEncode,
} from './codec.js';
import { SpecError } from './errors.js';
import { isIP, isIPv4, isIPv6, isMacAddress, isUuid } from './ip.js';
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

function fail(field: string, message: string): never {
  throw new SpecError('INVALID_INPUT', field, message);
}

function positiveInteger(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    fail(field, `must be a positive whole number, got ${describe(value)}`);
  }
  return value;
}

function positiveNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(field, `must be a positive finite number, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  return typeof value;
}

/** Shortest decimal form of a number without exponent notation (1, 1.25, 0.000001). */
function decimal(n: number): string {
  const text = String(n);
  if (!/e/i.test(text)) return text;
  // Exponent forms only arise for very large or very small values; spell them out.
  return n >= 1 ? BigInt(Math.round(n)).toString() : n.toFixed(20).replace(/0+$/, '');
}

function requireString(value: unknown, field: string, allowEmpty = false): string {
  if (typeof value !== 'string') fail(field, `must be a string, got ${describe(value)}`);
  if (!allowEmpty && value === '') fail(field, 'must not be empty');
  return value;
}

/** `Gov-Client-Connection-Method`. */
export function formatConnectionMethod(method: ConnectionMethod): string {
  if (!isConnectionMethod(method)) {
    fail(
      'connectionMethod',
      `must be one of the eight spec connection methods, got ${describe(method)}`,
    );
  }
  return method;
}

/** `Gov-Client-Screens`: one structure per screen. */
export function formatScreens(screens: readonly Screen[]): string {
  if (!Array.isArray(screens) || screens.length === 0) fail('screens', 'needs at least one screen');
  return encodeKeyValueList(
    screens.map((s, i) => [
      ['width', decimal(positiveInteger(s?.width, `screens[${i}].width`))],
      ['height', decimal(positiveInteger(s?.height, `screens[${i}].height`))],
      ['scaling-factor', decimal(positiveNumber(s?.scalingFactor, `screens[${i}].scalingFactor`))],
      ['colour-depth', decimal(positiveInteger(s?.colourDepth, `screens[${i}].colourDepth`))],
    ]),
    'screens',
  );
}

/** `Gov-Client-Window-Size`. */
export function formatWindowSize(size: WindowSize): string {
  return encodeKeyValue(
    [
      ['width', decimal(positiveInteger(size?.width, 'windowSize.width'))],
      ['height', decimal(positiveInteger(size?.height, 'windowSize.height'))],
    ],
    'windowSize',
  );
}

/**
 * The current UTC offset in minutes, east positive (UTC+01:00 is 60). Note the sign: JavaScript's
 * `Date#getTimezoneOffset` counts west positive, so this negates it.
 */
export function utcOffsetMinutes(date: Date = new Date()): number {
  const offset = -date.getTimezoneOffset();
  return offset === 0 ? 0 : offset;
}

/** `Gov-Client-Timezone` from an offset in minutes east of UTC: 60 gives `UTC+01:00`. */
export function formatTimezone(offsetMinutes: number): string {
  if (typeof offsetMinutes !== 'number' || !Number.isInteger(offsetMinutes)) {
    fail('timezone', `offset must be a whole number of minutes, got ${describe(offsetMinutes)}`);
  }
  if (Math.abs(offsetMinutes) > 18 * 60) {
    fail('timezone', `offset ${offsetMinutes} minutes is beyond the ±18:00 any timezone can have`);
  }
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `UTC${sign}${hh}:${mm}`;
}

function toDate(value: Date | number, field: string): Date {
  const date = typeof value === 'number' ? new Date(value) : value;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    fail(field, `must be a valid Date or epoch milliseconds, got ${describe(value)}`);
  }
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) fail(field, `year ${year} cannot be written as yyyy`);
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
  if (!Array.isArray(entries) || entries.length === 0) {
    fail('multiFactor', 'needs at least one entry (omit the header when no MFA took place)');
  }
  return encodeKeyValueList(
    entries.map((e, i) => {
      const field = `multiFactor[${i}]`;
      if (!MULTI_FACTOR_TYPES.includes(e?.type)) {
        fail(`${field}.type`, `must be TOTP, AUTH_CODE or OTHER, got ${describe(e?.type)}`);
      }
      let timestamp: string;
      if (typeof e.timestamp === 'string') {
        if (!MULTI_FACTOR_TIMESTAMP.test(e.timestamp) || Number.isNaN(Date.parse(e.timestamp))) {
          fail(
            `${field}.timestamp`,
            `must be a UTC time like 2021-11-21T13:23Z, got ${describe(e.timestamp)}`,
          );
        }
        timestamp = e.timestamp;
      } else {
        timestamp = toDate(e.timestamp, `${field}.timestamp`).toISOString();
      }
      return [
        ['type', e.type],
        ['timestamp', timestamp],
        ['unique-reference', requireString(e.uniqueReference, `${field}.uniqueReference`)],
      ] as KeyValuePair[];
    }),
    'multiFactor',
  );
}

/**
 * `Gov-Client-User-IDs`: e.g. `{ os: 'DOMAIN\\alice', 'my-application': 'alice123' }`. Values are
 * kept exactly and percent-encoded (`\` becomes `%5C`).
 */
export function formatUserIds(ids: KeyValueInput): string {
  const encoded = encodeKeyValue(ids, 'userIds');
  if (encoded === '') fail('userIds', 'needs at least one identifier');
  return encoded;
}

/** `Gov-Client-User-Agent` (the key-value form used by every method except web). */
export function formatUserAgent(info: UserAgentInfo): string {
  const pairs: KeyValuePair[] = [];
  const add = (key: string, value: unknown, field: string): void => {
    if (value === undefined) return;
    pairs.push([key, requireString(value, `userAgent.${field}`, true)]);
  };
  add('os-family', info?.osFamily, 'osFamily');
  add('os-version', info?.osVersion, 'osVersion');
  add('device-manufacturer', info?.deviceManufacturer, 'deviceManufacturer');
  add('device-model', info?.deviceModel, 'deviceModel');
  if (pairs.length === 0)
    fail('userAgent', 'needs at least one of osFamily, osVersion, deviceManufacturer, deviceModel');
  return encodeKeyValue(pairs, 'userAgent');
}

/**
 * `Gov-Client-Browser-JS-User-Agent`: passed as the browser reports it. A character outside
 * printable US-ASCII (which no mainstream browser sends) is percent-encoded so the header stays legal.
 */
export function formatBrowserJsUserAgent(userAgent: string): string {
  requireString(userAgent, 'browserJsUserAgent');
  let out = '';
  for (const ch of userAgent) {
    const c = ch.charCodeAt(0);
    out += c >= 0x20 && c <= 0x7e ? ch : percentEncode(ch, 'browserJsUserAgent');
  }
  return out;
}

/** `Gov-Client-Device-ID`: a UUID, kept as given. */
export function formatDeviceId(id: string): string {
  if (typeof id !== 'string' || !isUuid(id)) {
    fail(
      'deviceId',
      `must be a UUID like beec798b-b366-47fa-b1f8-92cede14a1ce, got ${describe(id)}`,
    );
  }
  return id;
}

/** `Gov-Client-Local-IPs`: IPv4 and IPv6 addresses, each percent-encoded (IPv6 `:` becomes `%3A`). */
export function formatLocalIps(ips: readonly string[]): string {
  if (!Array.isArray(ips) || ips.length === 0) fail('localIps', 'needs at least one address');
  ips.forEach((ip, i) => {
    if (typeof ip !== 'string' || !isIP(ip, true))
      fail(`localIps[${i}]`, `is not an IP address: ${describe(ip)}`);
  });
  return encodeList(ips, 'localIps');
}

/** `Gov-Client-MAC-Addresses`: each address percent-encoded (`:` becomes `%3A`). */
export function formatMacAddresses(macs: readonly string[]): string {
  if (!Array.isArray(macs) || macs.length === 0) fail('macAddresses', 'needs at least one address');
  macs.forEach((mac, i) => {
    if (typeof mac !== 'string' || !isMacAddress(mac)) {
      fail(`macAddresses[${i}]`, `is not a MAC address like ea:43:1a:5d:21:45: ${describe(mac)}`);
    }
  });
  return encodeList(macs, 'macAddresses');
}

/** `Gov-Client-Public-IP` and `Gov-Vendor-Public-IP`: one IPv4 or IPv6 address, as given. */
export function formatPublicIp(ip: string, field = 'publicIp'): string {
  if (typeof ip !== 'string' || !(isIPv4(ip) || isIPv6(ip))) {
    fail(field, `is not an IP address: ${describe(ip)}`);
  }
  return ip;
}

/** `Gov-Client-Public-Port`: 1 to 65535. */
export function formatPort(port: number): string {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail('publicPort', `must be a whole number from 1 to 65535, got ${describe(port)}`);
  }
  return String(port);
}

/** `Gov-Vendor-Forwarded`: one `by`/`for` structure per internet hop, first hop first. */
export function formatVendorForwarded(hops: readonly ForwardedHop[]): string {
  if (!Array.isArray(hops) || hops.length === 0) fail('forwarded', 'needs at least one hop');
  return encodeKeyValueList(
    hops.map((hop, i) => [
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
  const encoded = encodeKeyValue(versions, 'vendorVersion');
  if (encoded === '') fail('vendorVersion', 'needs at least one software=version pair');
  return encoded;
}

/** `Gov-Vendor-License-IDs` from already hashed licence values (see {@link hashLicenseIds}). */
export function formatLicenseIds(hashed: KeyValueInput): string {
  const encoded = encodeKeyValue(hashed, 'licenseIds');
  if (encoded === '') fail('licenseIds', 'needs at least one software=hash pair');
  return encoded;
}

function subtle(): SubtleCrypto {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
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
  requireString(text, 'sha256 input', true);
  percentEncode(text, 'sha256 input'); // refuses lone surrogates, which TextEncoder would silently replace
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
  const pairs: KeyValuePair[] =
    Symbol.iterator in keys ? [...(keys as Iterable<KeyValuePair>)] : Object.entries(keys);
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
