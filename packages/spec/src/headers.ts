import {
  LOCAL_IPS_HEADER,
  MAC_ADDRESSES_HEADER,
  PUBLIC_IP_HEADER,
  VENDOR_FORWARDED_HEADER,
  VENDOR_PUBLIC_IP_HEADER,
} from './headers/addresses.js';
import { DEVICE_ID_HEADER } from './headers/device-id.js';
import {
  USER_AGENT_HEADER,
  USER_IDS_HEADER,
  VENDOR_LICENSE_IDS_HEADER,
  VENDOR_VERSION_HEADER,
} from './headers/key-value.js';
import { MULTI_FACTOR_HEADER } from './headers/multi-factor.js';
import { PUBLIC_PORT_HEADER } from './headers/public-port.js';
import { BROWSER_DO_NOT_TRACK_HEADER, BROWSER_PLUGINS_HEADER } from './headers/retired.js';
import { SCREENS_HEADER } from './headers/screens.js';
import {
  BROWSER_JS_USER_AGENT_HEADER,
  CONNECTION_METHOD_HEADER,
  VENDOR_PRODUCT_NAME_HEADER,
} from './headers/text.js';
import { LOCAL_IPS_TIMESTAMP_HEADER, PUBLIC_IP_TIMESTAMP_HEADER } from './headers/timestamp.js';
import { TIMEZONE_HEADER } from './headers/timezone.js';
import { WINDOW_SIZE_HEADER } from './headers/window-size.js';

/**
 * The header catalogue of HMRC's fraud prevention specification, version 3.3: every header with
 * its canonical name, the shape of its value, who supplies it and where the spec defines it.
 * Each header's entry lives in its module under `headers/`, beside its grammar.
 */

export { SPEC_BASE_URL, SPEC_VERSION } from './spec-version.js';

export const HEADER_NAMES = [
  'Gov-Client-Connection-Method',
  'Gov-Client-Browser-JS-User-Agent',
  'Gov-Client-Device-ID',
  'Gov-Client-Local-IPs',
  'Gov-Client-Local-IPs-Timestamp',
  'Gov-Client-MAC-Addresses',
  'Gov-Client-Multi-Factor',
  'Gov-Client-Public-IP',
  'Gov-Client-Public-IP-Timestamp',
  'Gov-Client-Public-Port',
  'Gov-Client-Screens',
  'Gov-Client-Timezone',
  'Gov-Client-User-Agent',
  'Gov-Client-User-IDs',
  'Gov-Client-Window-Size',
  'Gov-Vendor-Forwarded',
  'Gov-Vendor-License-IDs',
  'Gov-Vendor-Product-Name',
  'Gov-Vendor-Public-IP',
  'Gov-Vendor-Version',
  'Gov-Client-Browser-Plugins',
  'Gov-Client-Browser-Do-Not-Track',
] as const;

export type HeaderName = (typeof HEADER_NAMES)[number];

/**
 * How a header's value is built:
 * - `enum`: one of a fixed set of tokens (the connection method)
 * - `plain`: a single value (device ID, an IP, a port, a user agent string)
 * - `encoded`: a single percent-encoded value (product name)
 * - `timestamp`: `yyyy-MM-ddTHH:mm:ss.SSSZ` in UTC
 * - `timezone`: `UTC±hh:mm`
 * - `list`: comma-separated percent-encoded values
 * - `key-value`: `k=v&k=v`, keys and values percent-encoded
 * - `key-value-list`: key-value structures separated by commas
 */
export type ValueKind =
  | 'enum'
  | 'plain'
  | 'encoded'
  | 'timestamp'
  | 'timezone'
  | 'list'
  | 'key-value'
  | 'key-value-list';

/** In a via-server architecture, who knows the value: the client device or the vendor's server. */
export type Supplier = 'client' | 'server';

export interface HeaderDefinition {
  readonly name: HeaderName;
  /** Lower-case name, as HMRC's Test API reports headers. */
  readonly key: string;
  readonly kind: ValueKind;
  readonly supplier: Supplier;
  /** The anchor of the header's section on every connection-method page of the spec. */
  readonly anchor: string;
  /** `retired` headers are no longer required by any connection method since spec 3.1/3.2. */
  readonly status: 'current' | 'retired';
  readonly summary: string;
  /** Keys a key-value header must carry (Screens, Window-Size, User-Agent, Multi-Factor, Forwarded). */
  readonly requiredKeys?: readonly string[];
  /** For a timestamp header, the header whose collection it dates. */
  readonly timestampOf?: HeaderName;
}

/** Every header, in the order of HEADER_NAMES. */
export const HEADERS: readonly HeaderDefinition[] = [
  CONNECTION_METHOD_HEADER,
  BROWSER_JS_USER_AGENT_HEADER,
  DEVICE_ID_HEADER,
  LOCAL_IPS_HEADER,
  LOCAL_IPS_TIMESTAMP_HEADER,
  MAC_ADDRESSES_HEADER,
  MULTI_FACTOR_HEADER,
  PUBLIC_IP_HEADER,
  PUBLIC_IP_TIMESTAMP_HEADER,
  PUBLIC_PORT_HEADER,
  SCREENS_HEADER,
  TIMEZONE_HEADER,
  USER_AGENT_HEADER,
  USER_IDS_HEADER,
  WINDOW_SIZE_HEADER,
  VENDOR_FORWARDED_HEADER,
  VENDOR_LICENSE_IDS_HEADER,
  VENDOR_PRODUCT_NAME_HEADER,
  VENDOR_PUBLIC_IP_HEADER,
  VENDOR_VERSION_HEADER,
  BROWSER_PLUGINS_HEADER,
  BROWSER_DO_NOT_TRACK_HEADER,
];

const BY_KEY: ReadonlyMap<string, HeaderDefinition> = /* @__PURE__ */ new Map(
  /* @__PURE__ */ HEADERS.map((h) => [h.key, h]),
);

/** The catalogue entry for a header name in any letter case, or undefined for a name not in the spec. */
export function findHeader(name: string): HeaderDefinition | undefined {
  return BY_KEY.get(name.toLowerCase());
}

export function isHeaderName(name: string): name is HeaderName {
  return BY_KEY.has(name.toLowerCase()) && (BY_KEY.get(name.toLowerCase())?.name ?? '') === name;
}

/** Gov-Test-Scenario selects sandbox test scenarios; it is not a fraud prevention header. */
export const TEST_SCENARIO_HEADER = 'Gov-Test-Scenario';

/**
 * True for names HMRC's Test API considers when it validates a set: every `Gov-*` header except
 * Gov-Test-Scenario. Known ones are judged by their format; unknown ones are UNEXPECTED_HEADER.
 */
export function isGovHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('gov-') && lower !== 'gov-test-scenario';
}

/**
 * The form field or JSON body property that carries a client's header map (JSON of canonical name
 * to encoded value) to the vendor's server when custom request headers are not used.
 */
export const CLIENT_PAYLOAD_FIELD = 'fph_client';
