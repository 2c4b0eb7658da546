import {
  CLIENT_PAYLOAD_FIELD,
  type ClientPayloadHeaders,
  formatConnectionMethod,
  formatDeviceId,
  formatLicenseIds,
  formatLocalIps,
  formatMultiFactor,
  formatProductName,
  formatScreens,
  formatTimestamp,
  formatTimezone,
  formatUserAgent,
  formatUserIds,
  formatVendorVersion,
  formatWindowSize,
  type HeaderName,
  hashLicenseIds,
  isSpecError,
  type KeyValueInput,
  type MultiFactorEntry,
  utcOffsetMinutes,
} from '@fph-kit/spec';
import type { MobileDevice } from './device.js';
import { type DeviceIdOptions, type DeviceIdResult, loadDeviceId } from './device-id.js';
import { type DisplayReading, readDisplay } from './display.js';
import { MobileError, type MobileErrorCode } from './errors.js';
import { type LocalIpsInput, readLocalIps } from './local-ips.js';
import { type MobileNote, note } from './notes.js';

/** The two connection methods of a mobile app. */
export type MobileMethod = 'MOBILE_APP_DIRECT' | 'MOBILE_APP_VIA_SERVER';
export const MOBILE_METHODS: readonly MobileMethod[] = [
  'MOBILE_APP_DIRECT',
  'MOBILE_APP_VIA_SERVER',
];

export interface MobileCollectorOptions {
  connectionMethod: MobileMethod;
  /** The OS and device, from `fromDeviceInfo(...)` or `fromExpoDevice(...)`. */
  device: MobileDevice;
  /** A device ID the app keeps itself, or the storage the collector keeps one in. */
  deviceId: string | DeviceIdOptions;
  /** Read for every request: `Dimensions`, `PixelRatio` and the colour depth. */
  display?: () => DisplayReading;
  /**
   * Read for every request: the device's local IP addresses, e.g. `await Network.getIpAddressAsync()`
   * (expo-network) or `await DeviceInfo.getIpAddress()`. Their "not available" answers
   * (`0.0.0.0`, `unknown`) count as none.
   */
  localIps?: () => LocalIpsInput | Promise<LocalIpsInput>;
  /** The app's own software versions, e.g. `{ 'acme-tax-ios': '4.2.0' }`. */
  versions: KeyValueInput;
  /** MOBILE_APP_DIRECT: the product name marketed to end users. */
  productName?: string;
  /** MOBILE_APP_DIRECT: licence keys by software name; only SHA-256 hashes are sent. */
  licenseKeys?: KeyValueInput;
  /** SHA-256 as hex, for runtimes without Web Crypto (e.g. expo-crypto's `digestStringAsync`). */
  sha256?: (text: string) => Promise<string>;
  /** The app's user identifiers, e.g. `{ 'acme-tax': 'alice123' }` (no `os` key on mobile). */
  userIds?: KeyValueInput;
  /** MFA statuses sent with every request unless a request gives its own. */
  multiFactor?: readonly MultiFactorEntry[];
  /** The clock (tests). */
  now?: () => Date;
  /** Minutes east of UTC in effect at a time. Default: the runtime's `Date` offset. */
  utcOffsetMinutes?: (at: Date) => number;
}

/** Values that belong to one request. */
export interface MobilePerRequest {
  /** Merged over `options.userIds`; a key given here wins. */
  userIds?: KeyValueInput;
  /** Replaces `options.multiFactor` for this request. */
  multiFactor?: readonly MultiFactorEntry[];
}

export interface MobileCollection {
  /** Canonical header name to encoded value; a header that could not be collected is left out. */
  headers: Record<string, string>;
  /** What could not be collected, or only in part, and why. */
  notes: MobileNote[];
}

/** What a MOBILE_APP_VIA_SERVER app sends its vendor's server. */
export interface MobileClientPayload {
  /** Set each as an HTTP header of the request to the vendor's server. */
  headers: ClientPayloadHeaders;
  /** The field name for the JSON form: `fph_client`. */
  field: string;
  /** JSON of `headers`, for the `fph_client` field of a JSON or form body. */
  json: string;
}

export interface MobileCollector {
  readonly connectionMethod: MobileMethod;
  readonly viaServer: boolean;
  /** The headers and the notes on what could not be collected. */
  collect(perRequest?: MobilePerRequest): Promise<MobileCollection>;
  /** Every header of MOBILE_APP_DIRECT, or the client payload of MOBILE_APP_VIA_SERVER. */
  headers(perRequest?: MobilePerRequest): Promise<Record<string, string>>;
  /** MOBILE_APP_VIA_SERVER: the payload for the vendor's server. */
  clientPayload(perRequest?: MobilePerRequest): Promise<MobileClientPayload>;
}

function guard<T>(code: MobileErrorCode, field: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    const why = isSpecError(error) || error instanceof Error ? error.message : String(error);
    throw new MobileError(code, `${field}: ${why}`, { cause: error });
  }
}

function entriesOf(input: KeyValueInput | undefined): [string, string][] {
  if (input === undefined) return [];
  return Symbol.iterator in input
    ? [...(input as Iterable<[string, string]>)]
    : Object.entries(input as Record<string, string>);
}

interface Fixed {
  method: MobileMethod;
  connectionMethod?: string;
  productName?: string;
  version: string;
  userIds: [string, string][];
  multiFactor?: string;
}

function checkOptions(options: MobileCollectorOptions): Fixed {
  if (typeof options !== 'object' || options === null) {
    throw new MobileError('INVALID_OPTIONS', 'options: must be an object');
  }
  const method = options.connectionMethod;
  if (!MOBILE_METHODS.includes(method)) {
    throw new MobileError(
      'UNSUPPORTED_METHOD',
      `connectionMethod: must be MOBILE_APP_DIRECT or MOBILE_APP_VIA_SERVER, got ${JSON.stringify(method)}`,
    );
  }
  if (!options.device?.userAgent) {
    throw new MobileError(
      'INVALID_OPTIONS',
      'device: pass fromDeviceInfo(...) or fromExpoDevice(...)',
    );
  }
  const direct = method === 'MOBILE_APP_DIRECT';
  if (direct && options.productName === undefined) {
    throw new MobileError('INVALID_OPTIONS', 'productName: required for MOBILE_APP_DIRECT');
  }
  const userIds = guard('INVALID_OPTIONS', 'userIds', () => entriesOf(options.userIds));
  if (userIds.length > 0) guard('INVALID_OPTIONS', 'userIds', () => formatUserIds(userIds));
  const fixed: Fixed = {
    method,
    version: guard('INVALID_OPTIONS', 'versions', () => formatVendorVersion(options.versions)),
    userIds,
  };
  if (direct) {
    fixed.connectionMethod = formatConnectionMethod(method);
    fixed.productName = guard('INVALID_OPTIONS', 'productName', () =>
      formatProductName(options.productName as string),
    );
  }
  if (options.multiFactor !== undefined) {
    fixed.multiFactor = guard('INVALID_OPTIONS', 'multiFactor', () =>
      formatMultiFactor(options.multiFactor as readonly MultiFactorEntry[]),
    );
  }
  return fixed;
}

async function licenseIds(
  options: MobileCollectorOptions,
  notes: MobileNote[],
): Promise<string | undefined> {
  const keys = entriesOf(options.licenseKeys);
  if (keys.length === 0) return undefined;
  try {
    const hashed = options.sha256
      ? await Promise.all(
          keys.map(
            async ([name, key]) => [name, (await options.sha256!(key)).toUpperCase()] as const,
          ),
        )
      : await hashLicenseIds(keys);
    return formatLicenseIds(hashed);
  } catch (error) {
    if (isSpecError(error) && error.field !== 'crypto') {
      throw new MobileError('INVALID_OPTIONS', `licenseKeys: ${error.message}`, { cause: error });
    }
    notes.push(
      note(
        'LICENSE_IDS_UNHASHED',
        'Gov-Vendor-License-IDs',
        `The licence keys could not be hashed here (${error instanceof Error ? error.message : String(error)}); pass the sha256 option: Gov-Vendor-License-IDs is left out.`,
      ),
    );
    return undefined;
  }
}

/** A collector for a React Native or Expo app. Options are checked here, once. */
export function createMobileCollector(options: MobileCollectorOptions): MobileCollector {
  const fixed = checkOptions(options);
  const viaServer = fixed.method === 'MOBILE_APP_VIA_SERVER';
  const userAgent = guard('INVALID_OPTIONS', 'device', () =>
    formatUserAgent(options.device.userAgent),
  );
  const now = options.now ?? (() => new Date());
  const offset = options.utcOffsetMinutes ?? utcOffsetMinutes;
  const given = options.deviceId;
  if (typeof given !== 'string' && typeof given?.storage?.getItem !== 'function') {
    throw new MobileError(
      'INVALID_OPTIONS',
      'deviceId: must be a UUID string or { storage } with getItem and setItem',
    );
  }
  let deviceId: Promise<DeviceIdResult> | undefined =
    typeof given === 'string'
      ? Promise.resolve({
          id: guard('INVALID_OPTIONS', 'deviceId', () => formatDeviceId(given)),
          source: 'given by the app',
          notes: [],
        })
      : undefined;
  const device = (): Promise<DeviceIdResult> => {
    deviceId ??= loadDeviceId(given as DeviceIdOptions);
    return deviceId;
  };
  // Hashing happens once; its note (if any) is repeated with every collection.
  const licenseNotes: MobileNote[] = [];
  const license = viaServer ? Promise.resolve(undefined) : licenseIds(options, licenseNotes);

  const collect = async (perRequest: MobilePerRequest = {}): Promise<MobileCollection> => {
    const headers: Partial<Record<HeaderName, string>> = {};
    const notes: MobileNote[] = [];
    if (fixed.connectionMethod) headers['Gov-Client-Connection-Method'] = fixed.connectionMethod;
    const id = await device();
    notes.push(...id.notes);
    if (id.id) headers['Gov-Client-Device-ID'] = id.id;
    const ips = await readLocalIps(options.localIps, now);
    notes.push(...ips.notes);
    if (ips.addresses.length > 0) {
      headers['Gov-Client-Local-IPs'] = formatLocalIps(ips.addresses);
      headers['Gov-Client-Local-IPs-Timestamp'] = formatTimestamp(ips.readAt ?? now());
    }
    const mfa =
      perRequest.multiFactor !== undefined
        ? guard('INVALID_ARGUMENT', 'multiFactor', () =>
            formatMultiFactor(perRequest.multiFactor as readonly MultiFactorEntry[]),
          )
        : fixed.multiFactor;
    if (mfa) headers['Gov-Client-Multi-Factor'] = mfa;
    const display = readDisplay(options.display?.());
    notes.push(...display.notes);
    if (display.screens) headers['Gov-Client-Screens'] = formatScreens(display.screens);
    const at = now();
    headers['Gov-Client-Timezone'] = formatTimezone(offset(at));
    headers['Gov-Client-User-Agent'] = userAgent;
    notes.push(...options.device.notes);
    const ids = new Map(fixed.userIds);
    for (const [key, value] of guard('INVALID_ARGUMENT', 'userIds', () =>
      entriesOf(perRequest.userIds),
    )) {
      ids.set(key, value);
    }
    if (ids.size > 0) {
      headers['Gov-Client-User-IDs'] = guard('INVALID_ARGUMENT', 'userIds', () =>
        formatUserIds([...ids]),
      );
    }
    if (display.windowSize)
      headers['Gov-Client-Window-Size'] = formatWindowSize(display.windowSize);
    if (!viaServer) {
      const ids = await license;
      notes.push(...licenseNotes);
      if (ids) headers['Gov-Vendor-License-IDs'] = ids;
      headers['Gov-Vendor-Product-Name'] = fixed.productName as string;
    }
    headers['Gov-Vendor-Version'] = fixed.version;
    return { headers: headers as Record<string, string>, notes };
  };

  return {
    connectionMethod: fixed.method,
    viaServer,
    collect,
    headers: async (perRequest) => (await collect(perRequest)).headers,
    clientPayload: async (perRequest) => {
      if (!viaServer) {
        throw new MobileError(
          'NOT_VIA_SERVER',
          'clientPayload() is for MOBILE_APP_VIA_SERVER; this collector sends MOBILE_APP_DIRECT headers itself',
        );
      }
      const headers = (await collect(perRequest)).headers as ClientPayloadHeaders;
      return { headers, field: CLIENT_PAYLOAD_FIELD, json: JSON.stringify(headers) };
    },
  };
}
