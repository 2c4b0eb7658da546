/**
 * The header catalogue of HMRC's fraud prevention specification, version 3.3: every header with
 * its canonical name, the shape of its value, who supplies it and where the spec defines it.
 */

export const SPEC_VERSION = '3.3';

/** Base address of the specification; `specUrl()` appends a connection method and anchor. */
export const SPEC_BASE_URL = 'https://developer.service.hmrc.gov.uk/guides/fraud-prevention';

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

/* @__NO_SIDE_EFFECTS__ */
function def(
  name: HeaderName,
  kind: ValueKind,
  supplier: Supplier,
  summary: string,
  extra: Partial<Pick<HeaderDefinition, 'requiredKeys' | 'timestampOf' | 'status'>> = {},
): HeaderDefinition {
  const key = name.toLowerCase();
  return { name, key, kind, supplier, anchor: key, status: 'current', summary, ...extra };
}

export const HEADERS: readonly HeaderDefinition[] = [
  def('Gov-Client-Connection-Method', 'enum', 'server', 'The connection method of the request.'),
  def(
    'Gov-Client-Browser-JS-User-Agent',
    'plain',
    'client',
    'The user agent string JavaScript reports on the originating device, passed as reported.',
  ),
  def(
    'Gov-Client-Device-ID',
    'plain',
    'client',
    'A UUID generated once and stored persistently on the originating device.',
  ),
  def(
    'Gov-Client-Local-IPs',
    'list',
    'client',
    'All local IPv4 and IPv6 addresses of the originating device; IPv6 values percent-encoded.',
  ),
  def(
    'Gov-Client-Local-IPs-Timestamp',
    'timestamp',
    'client',
    'When Gov-Client-Local-IPs was collected (UTC, with milliseconds).',
    { timestampOf: 'Gov-Client-Local-IPs' },
  ),
  def(
    'Gov-Client-MAC-Addresses',
    'list',
    'client',
    'The MAC addresses of the originating device, each percent-encoded.',
  ),
  def(
    'Gov-Client-Multi-Factor',
    'key-value-list',
    'client',
    'The multi-factor authentication statuses related to the call: type, timestamp, unique-reference.',
    { requiredKeys: ['type', 'timestamp', 'unique-reference'] },
  ),
  def(
    'Gov-Client-Public-IP',
    'plain',
    'server',
    'The public IP address from which the originating device made the request.',
  ),
  def(
    'Gov-Client-Public-IP-Timestamp',
    'timestamp',
    'server',
    'When Gov-Client-Public-IP was collected (UTC, with milliseconds).',
    { timestampOf: 'Gov-Client-Public-IP' },
  ),
  def(
    'Gov-Client-Public-Port',
    'plain',
    'server',
    'The public TCP port the originating device used for the request (1-65535, not a server port).',
  ),
  def(
    'Gov-Client-Screens',
    'key-value-list',
    'client',
    "The originating device's screens: width, height, scaling-factor, colour-depth.",
    { requiredKeys: ['width', 'height', 'scaling-factor', 'colour-depth'] },
  ),
  def(
    'Gov-Client-Timezone',
    'timezone',
    'client',
    'The local timezone of the originating device as UTC±hh:mm.',
  ),
  def(
    'Gov-Client-User-Agent',
    'key-value',
    'client',
    'The operating system and device: os-family, os-version, device-manufacturer, device-model.',
    { requiredKeys: ['os-family', 'os-version', 'device-manufacturer', 'device-model'] },
  ),
  def(
    'Gov-Client-User-IDs',
    'key-value',
    'client',
    'User identifiers: `os` for the operating system user where applicable, plus the application accounts.',
  ),
  def(
    'Gov-Client-Window-Size',
    'key-value',
    'client',
    'The width and height of the application window in pixels.',
    { requiredKeys: ['width', 'height'] },
  ),
  def(
    'Gov-Vendor-Forwarded',
    'key-value-list',
    'server',
    'One by/for pair of public IPs per internet hop between services that terminate TLS.',
    { requiredKeys: ['by', 'for'] },
  ),
  def(
    'Gov-Vendor-License-IDs',
    'key-value',
    'server',
    'Hashed licence keys of the vendor software on the originating device.',
  ),
  def(
    'Gov-Vendor-Product-Name',
    'encoded',
    'server',
    'The name of the product marketed to end users, percent-encoded.',
  ),
  def(
    'Gov-Vendor-Public-IP',
    'plain',
    'server',
    'The public IP address of the servers the originating device sent its requests to.',
  ),
  def(
    'Gov-Vendor-Version',
    'key-value',
    'server',
    'Versions of the vendor software involved in handling the request.',
  ),
  def(
    'Gov-Client-Browser-Plugins',
    'list',
    'client',
    'Retired in spec 3.1: browser plugins are no longer required for any connection method.',
    { status: 'retired' },
  ),
  def(
    'Gov-Client-Browser-Do-Not-Track',
    'plain',
    'client',
    'Retired in spec 3.2: the Do Not Track setting is no longer required for any connection method.',
    { status: 'retired' },
  ),
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
