import {
  type ConnectionMethod,
  encodeKeyValue,
  findHeader,
  formatConnectionMethod,
  formatDeviceId,
  formatMultiFactor,
  formatProductName,
  formatUserIds,
  formatVendorVersion,
  type HeaderName,
  type HeaderNote,
  isConnectionMethod,
  isSpecError,
  type KeyValueInput,
  type KeyValuePair,
  type MethodRequirements,
  type MultiFactorEntry,
  requirementsFor,
  SpecError,
} from '@fph-kit/spec';
import type { CollectorWarningCode } from './collector-types.js';
import { defaultDeviceIdPath, folderNameFor } from './device-id.js';
import type { DisplayAdapter } from './display.js';
import { CollectorError } from './errors.js';
import { nodeSystemSource, type SystemSource } from './source.js';

/** The connection methods a desktop or Node process can be the client of. */
export const COLLECTOR_METHODS: readonly ConnectionMethod[] = [
  'DESKTOP_APP_DIRECT',
  'DESKTOP_APP_VIA_SERVER',
  'BATCH_PROCESS_DIRECT',
  'OTHER_DIRECT',
  'OTHER_VIA_SERVER',
];

export interface DeviceIdOptions {
  /** Full path of the device ID file (for Electron: `join(app.getPath('userData'), '.fph-device-id')`). */
  path?: string;
  /**
   * Folder name under the per-user application data folder; default: the product name, else
   * `fph-kit`. Ignored when `path` is given.
   */
  appName?: string;
}

export interface CollectorOptions {
  /** Default `DESKTOP_APP_DIRECT`. Web and mobile apps have their own collectors. */
  connectionMethod?: ConnectionMethod;
  /** The product name marketed to end users (Gov-Vendor-Product-Name, direct methods). */
  productName?: string;
  /** This application's software versions, e.g. `{ 'my-desktop-app': '2.2.2' }`. */
  versions?: KeyValueInput;
  /** Licence keys by software name; only their SHA-256 hashes are sent (direct methods). */
  licenseKeys?: KeyValueInput;
  /** The app's own user identifiers, e.g. `{ 'my-application': 'alice123' }`. */
  userIds?: KeyValueInput;
  /** Send the operating-system user as `os` in User-IDs. Default: when the method expects it. */
  osUser?: boolean;
  /** MFA statuses sent with every request unless a request gives its own. */
  multiFactor?: readonly MultiFactorEntry[];
  /** A device ID the app keeps itself, or where the collector keeps one. */
  deviceId?: string | DeviceIdOptions;
  /** Screens and window size, e.g. `electronDisplay({ screen, BrowserWindow })`. */
  display?: DisplayAdapter;
  /** Replaces parts of the machine (tests; see {@link SystemSource}). */
  source?: Partial<SystemSource>;
  /** Called once for each distinct warning (a value the machine could not give, device ID events). */
  onWarning?: (warning: HeaderNote<CollectorWarningCode>) => void;
}

/** The options, checked and in the form the collector uses. */
export interface CollectorSettings {
  readonly method: ConnectionMethod;
  readonly viaServer: boolean;
  /** The headers this client supplies. */
  readonly wants: ReadonlySet<HeaderName>;
  /** Gov-Client-Connection-Method, encoded. */
  readonly connection: string;
  readonly source: SystemSource;
  readonly display: DisplayAdapter | undefined;
  readonly onWarning: ((warning: HeaderNote<CollectorWarningCode>) => void) | undefined;
  /** Encoded values of the vendor options, when given. */
  readonly productName: string | undefined;
  readonly versions: string | undefined;
  readonly licenseKeys: KeyValuePair[] | undefined;
  readonly appUserIds: KeyValuePair[];
  readonly osUserWanted: boolean;
  readonly multiFactor: string | undefined;
  /** The app's own device ID, or the file the collector keeps one in. */
  readonly deviceId: { fixed: string } | { path: string };
}

type ErrorCode = 'INVALID_OPTIONS' | 'INVALID_ARGUMENT';

/**
 * Key-value input as pairs. Throws a SpecError (which `guard` turns into a CollectorError) for
 * input that is not an object, a Map or pairs, rather than a TypeError from destructuring it.
 */
export function pairsOf(input: KeyValueInput, field: string): KeyValuePair[] {
  const expected = 'must be an object, a Map or [key, value] pairs';
  if (typeof input !== 'object' || input === null) {
    throw new SpecError('INVALID_INPUT', field, `${expected}, got ${typeof input}`);
  }
  const pairs: unknown[] =
    Symbol.iterator in input ? [...(input as Iterable<unknown>)] : Object.entries(input);
  pairs.forEach((pair, i) => {
    if (!Array.isArray(pair)) {
      throw new SpecError('INVALID_INPUT', `${field}[${i}]`, `${expected}, got ${typeof pair}`);
    }
  });
  return pairs as KeyValuePair[];
}

/** Runs `fn`, turning a spec error into a CollectorError with `code` that names `what`. */
export function guard<T>(code: ErrorCode, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isSpecError(error)) {
      // The spec's message starts with its field name; add ours when it is a different one.
      const text = error.field.startsWith(what) ? error.message : `${what}: ${error.message}`;
      throw new CollectorError(code, text, { cause: error });
    }
    throw error;
  }
}

/** Which headers this client supplies: all required ones (direct), or the client's share (via server). */
function suppliedHeaders(req: MethodRequirements): HeaderName[] {
  if (!req.viaServer) return [...req.required];
  return req.required.filter(
    (name) => findHeader(name)?.supplier === 'client' || name === 'Gov-Vendor-Version',
  );
}

function checkMethod(method: ConnectionMethod): void {
  if (!isConnectionMethod(method)) {
    throw new CollectorError(
      'INVALID_OPTIONS',
      `connectionMethod ${JSON.stringify(method)} is not a connection method of the spec; use one of ${COLLECTOR_METHODS.join(', ')}`,
    );
  }
  if (!COLLECTOR_METHODS.includes(method)) {
    throw new CollectorError(
      'UNSUPPORTED_METHOD',
      `connectionMethod ${method} is not collected here: @fph-kit/node serves ${COLLECTOR_METHODS.join(', ')} (web apps use @fph-kit/browser; mobile apps send the client payload from native code)`,
    );
  }
}

function checkLicenseKeys(input: KeyValueInput): KeyValuePair[] {
  return guard('INVALID_OPTIONS', 'licenseKeys', () => {
    const pairs = pairsOf(input, 'licenseKeys');
    // Checks names and keys now (none, empty, repeated, unencodable), not at the first request,
    // where hashing them would fail.
    if (encodeKeyValue(pairs, 'licenseKeys') === '') {
      throw new CollectorError(
        'INVALID_OPTIONS',
        'licenseKeys: give at least one software=key pair, or leave the option out',
      );
    }
    for (const [software, key] of pairs) {
      if (typeof key !== 'string' || key === '') {
        throw new CollectorError(
          'INVALID_OPTIONS',
          `licenseKeys.${software}: the licence key is empty`,
        );
      }
    }
    return pairs;
  });
}

function checkDeviceId(
  options: CollectorOptions,
  source: SystemSource,
): CollectorSettings['deviceId'] {
  const deviceId = options.deviceId;
  if (typeof deviceId === 'string') {
    return { fixed: guard('INVALID_OPTIONS', 'deviceId', () => formatDeviceId(deviceId)) };
  }
  if (deviceId?.path !== undefined) {
    if (typeof deviceId.path !== 'string' || deviceId.path === '') {
      throw new CollectorError('INVALID_OPTIONS', 'deviceId.path must be a non-empty file path');
    }
    return { path: deviceId.path };
  }
  const appName =
    deviceId?.appName ??
    (options.productName === undefined ? 'fph-kit' : folderNameFor(options.productName));
  return { path: defaultDeviceIdPath(appName, source) };
}

/** Checks every option at once; a bad one throws {@link CollectorError} naming it. */
export function checkOptions(options: CollectorOptions): CollectorSettings {
  const method = options.connectionMethod ?? 'DESKTOP_APP_DIRECT';
  checkMethod(method);
  const req = requirementsFor(method);
  const source = { ...nodeSystemSource(), ...options.source };
  const display = options.display;
  if (
    display &&
    (typeof display.screens !== 'function' || typeof display.windowSize !== 'function')
  ) {
    throw new CollectorError(
      'INVALID_OPTIONS',
      'display must have screens() and windowSize() methods (see electronDisplay)',
    );
  }
  if (req.viaServer) {
    for (const key of ['productName', 'licenseKeys'] as const) {
      if (options[key] !== undefined) {
        throw new CollectorError(
          'INVALID_OPTIONS',
          `${key} is not part of the client payload in ${method}: the vendor's server adds Gov-Vendor-${key === 'productName' ? 'Product-Name' : 'License-IDs'}; configure it there`,
        );
      }
    }
  }
  const { productName, versions, licenseKeys, userIds, multiFactor } = options;
  return {
    method,
    viaServer: req.viaServer,
    wants: new Set(suppliedHeaders(req)),
    connection: formatConnectionMethod(method),
    source,
    display,
    onWarning: options.onWarning,
    productName:
      productName === undefined
        ? undefined
        : guard('INVALID_OPTIONS', 'productName', () => formatProductName(productName)),
    versions:
      versions === undefined
        ? undefined
        : guard('INVALID_OPTIONS', 'versions', () => formatVendorVersion(versions)),
    licenseKeys: licenseKeys === undefined ? undefined : checkLicenseKeys(licenseKeys),
    appUserIds:
      userIds === undefined
        ? []
        : guard('INVALID_OPTIONS', 'userIds', () => {
            const pairs = pairsOf(userIds, 'userIds');
            if (pairs.length > 0) formatUserIds(pairs);
            return pairs;
          }),
    osUserWanted: options.osUser ?? req.userIdsOs === 'expected',
    multiFactor:
      multiFactor === undefined || multiFactor.length === 0
        ? undefined
        : guard('INVALID_OPTIONS', 'multiFactor', () => formatMultiFactor(multiFactor)),
    deviceId: checkDeviceId(options, source),
  };
}
