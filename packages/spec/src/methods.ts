import type { HeaderName } from './headers.js';
import { SPEC_BASE_URL } from './spec-version.js';

/**
 * The eight connection methods of spec v3.3 and what each must send, as listed on each method's
 * page of the specification (connection-method/<method>/index.html.md.erb).
 */

export const CONNECTION_METHODS = [
  'WEB_APP_VIA_SERVER',
  'DESKTOP_APP_DIRECT',
  'DESKTOP_APP_VIA_SERVER',
  'MOBILE_APP_DIRECT',
  'MOBILE_APP_VIA_SERVER',
  'BATCH_PROCESS_DIRECT',
  'OTHER_DIRECT',
  'OTHER_VIA_SERVER',
] as const;

export type ConnectionMethod = (typeof CONNECTION_METHODS)[number];

export function isConnectionMethod(value: unknown): value is ConnectionMethod {
  return typeof value === 'string' && (CONNECTION_METHODS as readonly string[]).includes(value);
}

export interface MethodRequirements {
  readonly method: ConnectionMethod;
  /** The method's page in the specification, e.g. `web-app-via-server`. */
  readonly slug: string;
  /** True when the client reaches HMRC through the vendor's servers. */
  readonly viaServer: boolean;
  /** Required headers, in the order the method's page lists them. */
  readonly required: readonly HeaderName[];
  /**
   * Headers the method need not send, where the spec's change log says sending them "is not an
   * issue" (web: Local-IPs and their timestamp, Browser-Plugins, Browser-Do-Not-Track; mobile:
   * MAC-Addresses).
   */
  readonly notAnIssue: readonly HeaderName[];
  /** Whether Gov-Client-User-IDs should carry the operating-system user as `os`. */
  readonly userIdsOs: 'expected' | 'not-expected';
  /** Minimum number of Gov-Vendor-Version pairs: 2 (client and server) for client-server methods. */
  readonly minVendorVersionPairs: 1 | 2;
}

const C = 'Gov-Client-';
const V = 'Gov-Vendor-';

function list(...names: string[]): HeaderName[] {
  return names as HeaderName[];
}

const REQUIRED: Record<ConnectionMethod, HeaderName[]> = {
  WEB_APP_VIA_SERVER: list(
    `${C}Connection-Method`,
    `${C}Browser-JS-User-Agent`,
    `${C}Device-ID`,
    `${C}Multi-Factor`,
    `${C}Public-IP`,
    `${C}Public-IP-Timestamp`,
    `${C}Public-Port`,
    `${C}Screens`,
    `${C}Timezone`,
    `${C}User-IDs`,
    `${C}Window-Size`,
    `${V}Forwarded`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Public-IP`,
    `${V}Version`,
  ),
  DESKTOP_APP_DIRECT: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}MAC-Addresses`,
    `${C}Multi-Factor`,
    `${C}Screens`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${C}Window-Size`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Version`,
  ),
  DESKTOP_APP_VIA_SERVER: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}MAC-Addresses`,
    `${C}Multi-Factor`,
    `${C}Public-IP`,
    `${C}Public-IP-Timestamp`,
    `${C}Public-Port`,
    `${C}Screens`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${C}Window-Size`,
    `${V}Forwarded`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Public-IP`,
    `${V}Version`,
  ),
  MOBILE_APP_DIRECT: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}Multi-Factor`,
    `${C}Screens`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${C}Window-Size`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Version`,
  ),
  MOBILE_APP_VIA_SERVER: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}Multi-Factor`,
    `${C}Public-IP`,
    `${C}Public-IP-Timestamp`,
    `${C}Public-Port`,
    `${C}Screens`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${C}Window-Size`,
    `${V}Forwarded`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Public-IP`,
    `${V}Version`,
  ),
  BATCH_PROCESS_DIRECT: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}MAC-Addresses`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Version`,
  ),
  OTHER_DIRECT: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}MAC-Addresses`,
    `${C}Multi-Factor`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Version`,
  ),
  OTHER_VIA_SERVER: list(
    `${C}Connection-Method`,
    `${C}Device-ID`,
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}MAC-Addresses`,
    `${C}Multi-Factor`,
    `${C}Public-IP`,
    `${C}Public-IP-Timestamp`,
    `${C}Public-Port`,
    `${C}Timezone`,
    `${C}User-Agent`,
    `${C}User-IDs`,
    `${V}Forwarded`,
    `${V}License-IDs`,
    `${V}Product-Name`,
    `${V}Public-IP`,
    `${V}Version`,
  ),
};

const NOT_AN_ISSUE: Partial<Record<ConnectionMethod, HeaderName[]>> = {
  WEB_APP_VIA_SERVER: list(
    `${C}Local-IPs`,
    `${C}Local-IPs-Timestamp`,
    `${C}Browser-Plugins`,
    `${C}Browser-Do-Not-Track`,
  ),
  MOBILE_APP_DIRECT: list(`${C}MAC-Addresses`),
  MOBILE_APP_VIA_SERVER: list(`${C}MAC-Addresses`),
};

const NO_OS: readonly ConnectionMethod[] = [
  'WEB_APP_VIA_SERVER',
  'MOBILE_APP_DIRECT',
  'MOBILE_APP_VIA_SERVER',
];
const TWO_VERSIONS: readonly ConnectionMethod[] = [
  'DESKTOP_APP_VIA_SERVER',
  'MOBILE_APP_VIA_SERVER',
  'OTHER_VIA_SERVER',
];

const REQUIREMENTS: ReadonlyMap<ConnectionMethod, MethodRequirements> = new Map(
  CONNECTION_METHODS.map((method) => [
    method,
    Object.freeze({
      method,
      slug: method.toLowerCase().replaceAll('_', '-'),
      viaServer: method.endsWith('_VIA_SERVER'),
      required: Object.freeze(REQUIRED[method]),
      notAnIssue: Object.freeze(NOT_AN_ISSUE[method] ?? []),
      userIdsOs: NO_OS.includes(method) ? 'not-expected' : 'expected',
      minVendorVersionPairs: TWO_VERSIONS.includes(method) ? 2 : 1,
    } satisfies MethodRequirements),
  ]),
);

/** What a connection method must send, per spec v3.3. */
export function requirementsFor(method: ConnectionMethod): MethodRequirements {
  return REQUIREMENTS.get(method)!;
}

/** True when `header` is required for `method`. */
export function isRequired(method: ConnectionMethod, header: HeaderName): boolean {
  return REQUIREMENTS.get(method)!.required.includes(header);
}

/**
 * The spec's address for a header on a method's page, e.g.
 * `.../connection-method/web-app-via-server/#gov-client-screens`. Without a method, the
 * connection-method index.
 */
export function specUrl(anchor?: string, method?: ConnectionMethod): string {
  const page = method ? `${REQUIREMENTS.get(method)!.slug}/` : '';
  return `${SPEC_BASE_URL}/connection-method/${page}${anchor ? `#${anchor}` : ''}`;
}
