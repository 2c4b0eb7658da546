import {
  CLIENT_PAYLOAD_FIELD,
  type ClientPayloadHeaders,
  type ConnectionMethod,
  encodeKeyValue,
  findHeader,
  formatConnectionMethod,
  formatDeviceId,
  formatLicenseIds,
  formatLocalIps,
  formatMacAddresses,
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
  type HeaderNote,
  hashLicenseIds,
  isConnectionMethod,
  isSpecError,
  type KeyValueInput,
  type KeyValuePair,
  type MethodRequirements,
  type MultiFactorEntry,
  requirementsFor,
  SpecError,
  type WindowSize,
} from '@fph-kit/spec';
import {
  type DeviceIdResult,
  defaultDeviceIdPath,
  folderNameFor,
  loadDeviceId,
} from './device-id.js';
import { type DisplayAdapter, screensFromGraphics } from './display.js';
import { CollectorError } from './errors.js';
import { AddressReader, interfaceAddressNote, type LocalAddresses, MacSet } from './network.js';
import { type GraphicsInfo, nodeSystemSource, type SystemSource } from './source.js';
import { readUserAgent, wellFormed } from './user-agent.js';

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

/** Values that belong to one request. */
export interface PerRequest {
  /** Merged over `options.userIds`; a key given here wins. */
  userIds?: KeyValueInput;
  /** Replaces `options.multiFactor` for this request. */
  multiFactor?: readonly MultiFactorEntry[];
  /** The window size, when the app measures it itself (replaces the adapter's). */
  windowSize?: WindowSize;
}

/** Codes of the collector's warnings: what the machine could not give, and device ID events. */
export const COLLECTOR_WARNING_CODES = [
  'DEVICE_ID_CREATED',
  'DEVICE_ID_CORRUPT',
  'DEVICE_ID_NOT_PERSISTED',
  'LOCAL_IPS_LOOPBACK_ONLY',
  'NO_LOCAL_IPS',
  'NO_MAC_ADDRESSES',
  'OS_USER_UNKNOWN',
  'USER_AGENT_INCOMPLETE',
  'NO_SCREENS',
  'SCREENS_WITHOUT_SCALING',
  'NO_WINDOW',
] as const;
export type CollectorWarningCode = (typeof COLLECTOR_WARNING_CODES)[number];

export interface HeaderExplanation {
  header: HeaderName;
  /** `partial`: sent, but a part could not be collected (e.g. an empty device-manufacturer). */
  status: 'collected' | 'partial' | 'missing';
  /** The value sent (absent when missing). */
  value?: string;
  /** Where the value came from, or why it is missing. */
  source: string;
}

export interface Collection {
  /** Canonical header name to encoded value. */
  headers: Record<string, string>;
  /** One entry per header the connection method asks of this client, in the spec's order. */
  explanations: HeaderExplanation[];
  /** The warnings that apply to this collection. */
  warnings: HeaderNote<CollectorWarningCode>[];
}

/** What a via-server client sends to its vendor's server. */
export interface ClientPayload {
  /** Set each as an HTTP header of the request to the vendor's server. */
  headers: ClientPayloadHeaders;
  /** The field name for the JSON form: `fph_client`. */
  field: string;
  /** JSON of `headers`, for the `fph_client` form field or JSON body property. */
  json: string;
}

export interface Collector {
  readonly connectionMethod: ConnectionMethod;
  /** True for the via-server methods: `headers()` is then the client payload. */
  readonly viaServer: boolean;
  /** Reads the slow sources (systeminformation, the device ID file). Never rejects. */
  ready(): Promise<void>;
  /** Reads the slow sources again (after a display or hardware change). */
  refresh(): Promise<void>;
  /**
   * The headers for one request: every header of a direct method that the client knows, or for a
   * via-server method the client payload (Gov-Client-* values plus the client's Gov-Vendor-Version).
   */
  headers(perRequest?: PerRequest): Promise<Record<string, string>>;
  /** The headers with an explanation of each and the warnings that apply. */
  collect(perRequest?: PerRequest): Promise<Collection>;
  /** Via-server methods: the payload for the vendor's server, as HTTP headers and as JSON. */
  clientPayload(perRequest?: PerRequest): Promise<ClientPayload>;
  /** Every distinct warning so far. */
  readonly warnings: readonly HeaderNote<CollectorWarningCode>[];
}

// ---------------------------------------------------------------------------------------------

/** A warning of this collector (the one note shape of @fph-kit/spec, with this package's codes). */
type Warning = HeaderNote<CollectorWarningCode>;

interface Fixed {
  value?: string;
  status: HeaderExplanation['status'];
  source: string;
}

interface Slow {
  deviceId: Fixed;
  userAgent: Fixed;
  osUser?: { value: string; source: string };
  osUserProblem?: string;
  licenseIds: Fixed;
  linkMacs: readonly string[];
  /** Screens from systeminformation (used only without an adapter). */
  screens: Fixed;
  defaultUserIds: Fixed;
  warnings: Warning[];
}

/**
 * Key-value input as pairs. Throws a SpecError (which `guard` turns into a CollectorError) for
 * input that is not an object, a Map or pairs, rather than a TypeError from destructuring it.
 */
function pairsOf(input: KeyValueInput, field: string): KeyValuePair[] {
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

function invalid(
  code: 'INVALID_OPTIONS' | 'INVALID_ARGUMENT',
  what: string,
  error: unknown,
): never {
  if (isSpecError(error)) {
    // The spec's message starts with its field name; add ours when it is a different one.
    const text = error.field.startsWith(what) ? error.message : `${what}: ${error.message}`;
    throw new CollectorError(code, text, { cause: error });
  }
  throw error;
}

function guard<T>(code: 'INVALID_OPTIONS' | 'INVALID_ARGUMENT', what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    return invalid(code, what, error);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Adds one header to the result, and its explanation when explaining. */
function put(
  headers: Record<string, string>,
  explain: HeaderExplanation[] | undefined,
  name: HeaderName,
  entry: Fixed,
): void {
  if (entry.value !== undefined) headers[name] = entry.value;
  if (explain) {
    explain.push(
      entry.value === undefined
        ? { header: name, status: entry.status, source: entry.source }
        : { header: name, status: entry.status, value: entry.value, source: entry.source },
    );
  }
}

/** Which headers this client supplies: all required ones (direct), or the client's share (via server). */
function suppliedHeaders(req: MethodRequirements): HeaderName[] {
  if (!req.viaServer) return [...req.required];
  return req.required.filter(
    (name) => findHeader(name)?.supplier === 'client' || name === 'Gov-Vendor-Version',
  );
}

class NodeCollector implements Collector {
  readonly connectionMethod: ConnectionMethod;
  readonly viaServer: boolean;
  readonly warnings: Warning[] = [];

  private readonly wants: Set<HeaderName>;
  private readonly source: SystemSource;
  private readonly display: DisplayAdapter | undefined;
  private readonly onWarning: ((warning: Warning) => void) | undefined;
  private readonly seenWarnings = new Set<string>();

  private readonly connection: string;
  private readonly productName: string | undefined;
  private readonly versions: string | undefined;
  private readonly licenseKeys: KeyValuePair[] | undefined;
  private readonly appUserIds: KeyValuePair[];
  private readonly osUserWanted: boolean;
  private readonly multiFactor: string | undefined;
  private readonly fixedDeviceId: string | undefined;
  private readonly deviceIdPath: string | undefined;

  private vendorCache: { connection: Fixed; productName: Fixed; versions: Fixed } | undefined;
  private slowPromise: Promise<Slow> | undefined;
  private slow: Slow | undefined;

  // Per-request caches: the encoded value is reused while the inputs stay the same.
  private ipsList: readonly string[] | undefined;
  private ipsValue = '';
  private macsList: readonly string[] | undefined;
  private macsValue = '';
  private tzOffset = Number.NaN;
  private tzValue = '';
  private readonly addressReader = new AddressReader();
  private mergedFrom: readonly string[] | undefined;
  private mergedWith: readonly string[] | undefined;
  private merged: readonly string[] = [];
  private readonly seenWarningObjects = new WeakSet<Warning>();
  /** Without an adapter there is never a window: one entry and one warning, built once. */
  private readonly noWindow: { entry: Fixed; warning: Warning } = (() => {
    const reason =
      'no display adapter given: this process has no application window to measure (a command line or background process)';
    return {
      entry: { status: 'missing', source: reason },
      warning: { code: 'NO_WINDOW', header: 'Gov-Client-Window-Size', message: reason },
    };
  })();

  constructor(options: CollectorOptions) {
    const method = options.connectionMethod ?? 'DESKTOP_APP_DIRECT';
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
    const req = requirementsFor(method);
    this.connectionMethod = method;
    this.viaServer = req.viaServer;
    this.wants = new Set(suppliedHeaders(req));
    this.connection = formatConnectionMethod(method);
    this.source = { ...nodeSystemSource(), ...options.source };
    this.display = options.display;
    this.onWarning = options.onWarning;
    if (
      this.display &&
      (typeof this.display.screens !== 'function' || typeof this.display.windowSize !== 'function')
    ) {
      throw new CollectorError(
        'INVALID_OPTIONS',
        'display must have screens() and windowSize() methods (see electronDisplay)',
      );
    }

    if (this.viaServer) {
      for (const key of ['productName', 'licenseKeys'] as const) {
        if (options[key] !== undefined) {
          throw new CollectorError(
            'INVALID_OPTIONS',
            `${key} is not part of the client payload in ${method}: the vendor's server adds Gov-Vendor-${key === 'productName' ? 'Product-Name' : 'License-IDs'}; configure it there`,
          );
        }
      }
    }
    this.productName =
      options.productName === undefined
        ? undefined
        : guard('INVALID_OPTIONS', 'productName', () => formatProductName(options.productName!));
    this.versions =
      options.versions === undefined
        ? undefined
        : guard('INVALID_OPTIONS', 'versions', () => formatVendorVersion(options.versions!));
    this.licenseKeys =
      options.licenseKeys === undefined
        ? undefined
        : guard('INVALID_OPTIONS', 'licenseKeys', () => {
            const pairs = pairsOf(options.licenseKeys!, 'licenseKeys');
            // Checks names and keys now (none, empty, repeated, unencodable), not at the first
            // request, where hashing them would fail.
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
    this.appUserIds =
      options.userIds === undefined
        ? []
        : guard('INVALID_OPTIONS', 'userIds', () => {
            const pairs = pairsOf(options.userIds!, 'userIds');
            if (pairs.length > 0) formatUserIds(pairs);
            return pairs;
          });
    this.osUserWanted = options.osUser ?? req.userIdsOs === 'expected';
    this.multiFactor =
      options.multiFactor === undefined || options.multiFactor.length === 0
        ? undefined
        : guard('INVALID_OPTIONS', 'multiFactor', () => formatMultiFactor(options.multiFactor!));

    const deviceId = options.deviceId;
    if (typeof deviceId === 'string') {
      this.fixedDeviceId = guard('INVALID_OPTIONS', 'deviceId', () => formatDeviceId(deviceId));
    } else if (deviceId?.path !== undefined) {
      if (typeof deviceId.path !== 'string' || deviceId.path === '') {
        throw new CollectorError('INVALID_OPTIONS', 'deviceId.path must be a non-empty file path');
      }
      this.deviceIdPath = deviceId.path;
    } else {
      const appName =
        deviceId?.appName ??
        (options.productName === undefined ? 'fph-kit' : folderNameFor(options.productName));
      this.deviceIdPath = defaultDeviceIdPath(appName, this.source);
    }
  }

  /** The entries that never change, built once. */
  private get vendorEntries(): { connection: Fixed; productName: Fixed; versions: Fixed } {
    this.vendorCache ??= {
      connection: {
        value: this.connection,
        status: 'collected',
        source: 'the connectionMethod option',
      },
      productName:
        this.productName === undefined
          ? {
              status: 'missing',
              source: 'no product name given (productName option, fph collect --product-name)',
            }
          : { value: this.productName, status: 'collected', source: 'the productName option' },
      versions:
        this.versions === undefined
          ? {
              status: 'missing',
              source: this.viaServer
                ? "no client version given (versions option): the server's assembler then sends its own pair only"
                : 'no software version given (versions option, fph collect --version)',
            }
          : {
              value: this.versions,
              status: 'collected',
              source: this.viaServer
                ? "the versions option (the client's own pairs; the server adds its own)"
                : 'the versions option',
            },
    };
    return this.vendorCache;
  }

  ready(): Promise<void> {
    this.slowPromise ??= this.readSlow();
    return this.slowPromise.then(() => undefined);
  }

  refresh(): Promise<void> {
    this.slowPromise = this.readSlow();
    return this.slowPromise.then(() => undefined);
  }

  async headers(perRequest?: PerRequest): Promise<Record<string, string>> {
    const slow = this.slow ?? (await this.loadSlow());
    return this.assemble(slow, perRequest, undefined).headers;
  }

  async collect(perRequest?: PerRequest): Promise<Collection> {
    const slow = this.slow ?? (await this.loadSlow());
    const explanations: HeaderExplanation[] = [];
    const { headers, warnings } = this.assemble(slow, perRequest, explanations);
    return { headers, explanations, warnings };
  }

  async clientPayload(perRequest?: PerRequest): Promise<ClientPayload> {
    if (!this.viaServer) {
      throw new CollectorError(
        'NOT_VIA_SERVER',
        `${this.connectionMethod} sends its headers to HMRC directly; the client payload is for via-server methods`,
      );
    }
    // For a via-server method, `headers()` gives only what the client knows: the payload.
    const headers: ClientPayloadHeaders = await this.headers(perRequest);
    return { headers, field: CLIENT_PAYLOAD_FIELD, json: JSON.stringify(headers) };
  }

  // -------------------------------------------------------------------------------------------

  private async loadSlow(): Promise<Slow> {
    this.slowPromise ??= this.readSlow();
    return this.slowPromise;
  }

  private warn(list: Warning[], warning: Warning): void {
    list.push(warning);
    if (this.seenWarningObjects.has(warning)) return;
    this.seenWarningObjects.add(warning);
    const key = `${warning.code}\u0000${warning.message}`;
    if (this.seenWarnings.has(key)) return;
    this.seenWarnings.add(key);
    this.warnings.push(warning);
    try {
      this.onWarning?.(warning);
    } catch (error) {
      // A failing listener must not cost the request its headers; Node reports it instead.
      process.emitWarning(`@fph-kit/node: the onWarning callback threw: ${message(error)}`);
    }
  }

  private async readSlow(): Promise<Slow> {
    const warnings: Warning[] = [];
    const src = this.source;
    const needsUserAgent = this.wants.has('Gov-Client-User-Agent');
    const needsScreens = this.wants.has('Gov-Client-Screens') && !this.display;
    const needsMacs = this.wants.has('Gov-Client-MAC-Addresses');
    const settle = <T>(p: () => Promise<T>): Promise<{ ok: T } | { error: string }> =>
      p().then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error: message(error) }),
      );

    const [deviceId, system, os, graphics, linkMacs, licenseIds] = await Promise.all([
      this.fixedDeviceId === undefined
        ? loadDeviceId(this.deviceIdPath!)
        : Promise.resolve(undefined),
      needsUserAgent ? settle(() => src.system()) : undefined,
      needsUserAgent ? settle(() => src.osInfo()) : undefined,
      needsScreens ? settle(() => src.graphics()) : undefined,
      needsMacs ? settle(() => src.linkMacs()) : undefined,
      this.licenseKeys && this.wants.has('Gov-Vendor-License-IDs')
        ? hashLicenseIds(this.licenseKeys)
        : undefined,
    ]);

    const slow: Slow = {
      deviceId: this.deviceIdEntry(deviceId, warnings),
      userAgent: { status: 'missing', source: 'not required for this connection method' },
      licenseIds: this.licenseKeys
        ? {
            value: formatLicenseIds(licenseIds ?? []),
            status: 'collected',
            source: `SHA-256 (upper-case hex) of the licence keys given for ${this.licenseKeys.map(([s]) => s).join(', ')}`,
          }
        : {
            status: 'missing',
            source:
              'no licence keys given (licenseKeys option, fph collect --license). If the product has no licence keys, tell HMRC: its Test API warns about this header',
          },
      linkMacs: linkMacs && 'ok' in linkMacs ? linkMacs.ok : [],
      screens: { status: 'missing', source: '' },
      defaultUserIds: { status: 'missing', source: '' },
      warnings,
    };

    if (needsUserAgent) {
      const ua = readUserAgent(
        src.platform,
        os && 'ok' in os ? os.ok : undefined,
        system && 'ok' in system ? system.ok : undefined,
        {
          ...(os && 'error' in os ? { os: os.error } : {}),
          ...(system && 'error' in system ? { system: system.error } : {}),
        },
      );
      const missing = Object.entries(ua.fields).filter(([, f]) => f.missing);
      const keyOf: Record<string, string> = {
        osFamily: 'os-family',
        osVersion: 'os-version',
        deviceManufacturer: 'device-manufacturer',
        deviceModel: 'device-model',
      };
      slow.userAgent = {
        value: formatUserAgent(ua.info),
        status: missing.length > 0 ? 'partial' : 'collected',
        source: Object.entries(ua.fields)
          .map(([k, f]) => `${keyOf[k]}: ${f.source}`)
          .join('; '),
      };
      for (const [k, f] of missing) {
        this.warn(warnings, {
          code: 'USER_AGENT_INCOMPLETE',
          header: 'Gov-Client-User-Agent',
          message: `${keyOf[k]} is sent empty: ${f.source}`,
        });
      }
    }

    if (needsScreens) {
      slow.screens = this.screensFromGraphics(graphics, warnings);
    }

    if (this.osUserWanted) this.readOsUser(slow, warnings);
    slow.defaultUserIds = this.userIdsEntry(slow, this.appUserIds, 'INVALID_OPTIONS');

    this.slow = slow;
    return slow;
  }

  private deviceIdEntry(result: DeviceIdResult | undefined, warnings: Warning[]): Fixed {
    if (!result) {
      return {
        value: this.fixedDeviceId!,
        status: 'collected',
        source: 'the deviceId option (the app keeps the ID itself)',
      };
    }
    if (result.warning) {
      this.warn(warnings, {
        code: result.warning.code,
        header: 'Gov-Client-Device-ID',
        message: result.warning.message,
      });
    }
    const how: Record<DeviceIdResult['outcome'], string> = {
      read: `read from ${result.path}`,
      created: `created now and kept in ${result.path} (first run on this device, or the file was deleted)`,
      adopted: `created by another process at the same moment and read from ${result.path}`,
      replaced: `the file ${result.path} did not hold a UUID: replaced with a new ID`,
      memory: `held in memory for this process only: ${result.path} could not be written`,
    };
    return { value: result.id, status: 'collected', source: `random UUID ${how[result.outcome]}` };
  }

  private screensFromGraphics(
    graphics: { ok: GraphicsInfo } | { error: string } | undefined,
    warnings: Warning[],
  ): Fixed {
    if (!graphics || 'error' in graphics) {
      const why = graphics && 'error' in graphics ? graphics.error : 'no answer';
      const reason = `no display adapter given and systeminformation graphics() failed (${why})`;
      this.warn(warnings, { code: 'NO_SCREENS', header: 'Gov-Client-Screens', message: reason });
      return { status: 'missing', source: reason };
    }
    const { screens, skipped } = screensFromGraphics(graphics.ok.displays);
    if (screens.length === 0) {
      const reason =
        graphics.ok.displays.length === 0
          ? 'no display adapter given and systeminformation reports no displays: a headless machine (no display server), where screens cannot be collected'
          : `no display adapter given and no usable display from systeminformation (${skipped.join('; ')})`;
      this.warn(warnings, { code: 'NO_SCREENS', header: 'Gov-Client-Screens', message: reason });
      return { status: 'missing', source: reason };
    }
    const note =
      'systeminformation graphics().displays: current resolution in pixels and colour depth; it does not report the operating system scaling, so scaling-factor is 1 (pixels as reported). Pass a display adapter (electronDisplay) for the real scaling';
    this.warn(warnings, {
      code: 'SCREENS_WITHOUT_SCALING',
      header: 'Gov-Client-Screens',
      message: note,
    });
    return {
      value: formatScreens(screens),
      status: 'partial',
      source: skipped.length > 0 ? `${note}; skipped ${skipped.join('; ')}` : note,
    };
  }

  private readOsUser(slow: Slow, warnings: Warning[]): void {
    const src = this.source;
    let username: string | undefined;
    let source = 'os.userInfo().username';
    try {
      username = src.userInfo().username;
    } catch (error) {
      const fromEnv =
        src.platform === 'win32' ? src.env.USERNAME : (src.env.USER ?? src.env.LOGNAME);
      if (fromEnv) {
        username = fromEnv;
        source = `the ${src.platform === 'win32' ? 'USERNAME' : src.env.USER ? 'USER' : 'LOGNAME'} environment variable (os.userInfo() failed: ${message(error)})`;
      } else {
        slow.osUserProblem = `os.userInfo() failed (${message(error)}) and no user environment variable is set`;
      }
    }
    if (username !== undefined && username !== '') {
      username = wellFormed(username);
      const domain = src.platform === 'win32' ? src.env.USERDOMAIN : undefined;
      slow.osUser = domain
        ? {
            value: `${wellFormed(domain)}\\${username}`,
            source: `USERDOMAIN\\${source} (Windows DOMAIN\\user form)`,
          }
        : { value: username, source };
    } else if (!slow.osUserProblem) {
      slow.osUserProblem = 'os.userInfo() reports an empty user name';
    }
    if (slow.osUserProblem) {
      this.warn(warnings, {
        code: 'OS_USER_UNKNOWN',
        header: 'Gov-Client-User-IDs',
        message: `the operating-system user is unknown, so User-IDs has no 'os' key: ${slow.osUserProblem}`,
      });
    }
  }

  private userIdsEntry(
    slow: Slow,
    appIds: readonly KeyValuePair[],
    code: 'INVALID_OPTIONS' | 'INVALID_ARGUMENT',
  ): Fixed {
    if (!this.wants.has('Gov-Client-User-IDs')) return { status: 'missing', source: '' };
    const pairs: KeyValuePair[] = [];
    const parts: string[] = [];
    // An 'os' identifier given by the app is the app's choice and replaces the collected one.
    const useOs = this.osUserWanted && !appIds.some(([key]) => key === 'os');
    if (useOs && slow.osUser) {
      pairs.push(['os', slow.osUser.value]);
      parts.push(`os: ${slow.osUser.source}`);
    }
    pairs.push(...appIds);
    if (appIds.length > 0) parts.push(`${appIds.map(([k]) => k).join(', ')}: given by the app`);
    if (pairs.length === 0) {
      return {
        status: 'missing',
        source: slow.osUserProblem
          ? `no identifiers: ${slow.osUserProblem}, and the app gave none (userIds)`
          : 'no identifiers: the app gave none (userIds) and this method does not use the os user',
      };
    }
    const value = guard(code, 'userIds', () => formatUserIds(pairs));
    const partial = useOs && !slow.osUser;
    return {
      value,
      status: partial ? 'partial' : 'collected',
      source: partial ? `${parts.join('; ')}; no os key: ${slow.osUserProblem}` : parts.join('; '),
    };
  }

  private assemble(
    slow: Slow,
    per: PerRequest | undefined,
    explain: HeaderExplanation[] | undefined,
  ): { headers: Record<string, string>; warnings: Warning[] } {
    const src = this.source;
    const warnings: Warning[] = explain ? [...slow.warnings] : [];
    const wants = this.wants;

    // Fresh for every request: the interfaces, and the timestamp taken as soon as they are read.
    let addresses: LocalAddresses | undefined;
    let at: Date;
    if (wants.has('Gov-Client-Local-IPs') || wants.has('Gov-Client-MAC-Addresses')) {
      const table = src.networkInterfaces();
      at = src.now();
      addresses = this.addressReader.read(table);
    } else {
      at = src.now();
    }

    // Headers are set in the spec's order (every method lists them in the same relative order).
    const headers: Record<string, string> = {};
    const set = (name: HeaderName, entry: Fixed): void => put(headers, explain, name, entry);

    const vendor = this.vendorEntries;
    if (wants.has('Gov-Client-Connection-Method')) {
      set('Gov-Client-Connection-Method', vendor.connection);
    }
    set('Gov-Client-Device-ID', slow.deviceId);

    if (addresses && wants.has('Gov-Client-Local-IPs')) {
      set('Gov-Client-Local-IPs', this.localIpsEntry(addresses, warnings, explain !== undefined));
      if (addresses.ips.length > 0) {
        set('Gov-Client-Local-IPs-Timestamp', {
          value: formatTimestamp(at),
          status: 'collected',
          source: 'the clock, read right after the interfaces for this request (UTC, milliseconds)',
        });
      } else {
        set('Gov-Client-Local-IPs-Timestamp', {
          status: 'missing',
          source: 'no local IPs were collected, so there is no collection time to send',
        });
      }
    }
    if (addresses && wants.has('Gov-Client-MAC-Addresses')) {
      set(
        'Gov-Client-MAC-Addresses',
        this.macsEntry(addresses.macs, slow, warnings, explain !== undefined),
      );
    }
    if (wants.has('Gov-Client-Multi-Factor')) {
      set('Gov-Client-Multi-Factor', this.multiFactorEntry(per));
    }
    if (wants.has('Gov-Client-Screens')) {
      set('Gov-Client-Screens', this.display ? this.adapterScreens(warnings) : slow.screens);
    }
    if (wants.has('Gov-Client-Timezone')) {
      const offset = src.utcOffsetMinutes(at);
      if (offset !== this.tzOffset) {
        this.tzValue = formatTimezone(offset);
        this.tzOffset = offset;
      }
      set('Gov-Client-Timezone', {
        value: this.tzValue,
        status: 'collected',
        source: 'the UTC offset in effect now (daylight saving included), read for this request',
      });
    }
    if (wants.has('Gov-Client-User-Agent')) set('Gov-Client-User-Agent', slow.userAgent);
    if (wants.has('Gov-Client-User-IDs')) {
      set(
        'Gov-Client-User-IDs',
        per?.userIds === undefined
          ? slow.defaultUserIds
          : this.userIdsEntry(slow, this.mergeUserIds(per.userIds), 'INVALID_ARGUMENT'),
      );
    }
    if (wants.has('Gov-Client-Window-Size')) {
      set('Gov-Client-Window-Size', this.windowEntry(per, warnings));
    }
    if (wants.has('Gov-Vendor-License-IDs')) set('Gov-Vendor-License-IDs', slow.licenseIds);
    if (wants.has('Gov-Vendor-Product-Name')) set('Gov-Vendor-Product-Name', vendor.productName);
    if (wants.has('Gov-Vendor-Version')) set('Gov-Vendor-Version', vendor.versions);

    return { headers, warnings };
  }

  private localIpsEntry(
    addresses: LocalAddresses,
    warnings: Warning[],
    explaining: boolean,
  ): Fixed {
    const { ips } = addresses;
    if (ips.length === 0) {
      const reason =
        'os.networkInterfaces() lists no IP address at all (no network interface is configured)';
      this.warn(warnings, {
        code: 'NO_LOCAL_IPS',
        header: 'Gov-Client-Local-IPs',
        message: reason,
      });
      return { status: 'missing', source: reason };
    }
    // The same list object comes back while the interfaces are unchanged: encode it once.
    if (ips !== this.ipsList) {
      this.ipsValue = formatLocalIps(ips);
      this.ipsList = ips;
    }
    if (addresses.loopbackOnly) {
      this.warn(warnings, {
        code: 'LOCAL_IPS_LOOPBACK_ONLY',
        header: 'Gov-Client-Local-IPs',
        message: `the machine has no address besides loopback (${ips.join(', ')}): sending loopback only, which HMRC's reviewers question; connect a network interface`,
      });
    }
    if (!explaining) return { value: this.ipsValue, status: 'collected', source: '' };
    const unusual = ips
      .map(interfaceAddressNote)
      .filter((note): note is string => note !== undefined);
    const notes = unusual.length > 0 ? `; ${unusual.join('; ')}` : '';
    const left =
      addresses.loopbackLeftOut.length > 0
        ? `; loopback ${addresses.loopbackLeftOut.join(', ')} left out (the same on every machine)`
        : '';
    return {
      value: this.ipsValue,
      status: addresses.loopbackOnly ? 'partial' : 'collected',
      source: addresses.loopbackOnly
        ? 'os.networkInterfaces(), read for this request: only loopback addresses exist'
        : `os.networkInterfaces(), read for this request: ${ips.length} address${ips.length === 1 ? '' : 'es'} (link-local kept)${left}${notes}`,
    };
  }

  private macsEntry(
    fresh: readonly string[],
    slow: Slow,
    warnings: Warning[],
    explaining: boolean,
  ): Fixed {
    // The reader hands back the same list while the interfaces stay the same: merge once.
    if (fresh !== this.mergedFrom || slow.linkMacs !== this.mergedWith) {
      this.merged =
        slow.linkMacs.length === 0 ? fresh : new MacSet().addAll(fresh).addAll(slow.linkMacs).list;
      this.mergedFrom = fresh;
      this.mergedWith = slow.linkMacs;
    }
    const macs = this.merged;
    if (macs.length === 0) {
      const reason =
        'no network interface reports a MAC address (all-zero loopback and tunnel addresses do not count)';
      this.warn(warnings, {
        code: 'NO_MAC_ADDRESSES',
        header: 'Gov-Client-MAC-Addresses',
        message: reason,
      });
      return { status: 'missing', source: reason };
    }
    if (macs !== this.macsList) {
      this.macsValue = formatMacAddresses(macs);
      this.macsList = macs;
    }
    if (!explaining) return { value: this.macsValue, status: 'collected', source: '' };
    const extra = macs.length - fresh.length;
    return {
      value: this.macsValue,
      status: 'collected',
      source: `os.networkInterfaces() (read for this request)${extra > 0 ? ` and ${extra} more from interfaces without an IP address (/sys/class/net, read at start)` : ''}; all-zero and repeated addresses left out`,
    };
  }

  private multiFactorEntry(per: PerRequest | undefined): Fixed {
    if (per?.multiFactor !== undefined && per.multiFactor.length > 0) {
      return {
        value: guard('INVALID_ARGUMENT', 'multiFactor', () => formatMultiFactor(per.multiFactor!)),
        status: 'collected',
        source: 'the multiFactor values given for this request',
      };
    }
    if (this.multiFactor !== undefined) {
      return { value: this.multiFactor, status: 'collected', source: 'the multiFactor option' };
    }
    return {
      status: 'missing',
      source:
        'no multi-factor authentication given (multiFactor option or per request): HMRC warns about this header when users sign in with one factor',
    };
  }

  private adapterScreens(warnings: Warning[]): Fixed {
    const display = this.display!;
    const screens = display.screens();
    // Each display formatted alone, so that one the formatter refuses is skipped, not all.
    const usable: string[] = [];
    const skipped: string[] = [];
    screens.forEach((s, i) => {
      try {
        usable.push(formatScreens([s]));
      } catch (error) {
        skipped.push(`display ${i + 1}: ${message(error)}`);
      }
    });
    if (usable.length === 0) {
      const reason =
        screens.length === 0
          ? `${display.description} reports no displays (a headless session)`
          : `${display.description} reports no usable display (${skipped.join('; ')})`;
      this.warn(warnings, { code: 'NO_SCREENS', header: 'Gov-Client-Screens', message: reason });
      return { status: 'missing', source: reason };
    }
    return {
      value: usable.join(','),
      status: skipped.length > 0 ? 'partial' : 'collected',
      source:
        skipped.length > 0
          ? `${display.description}, read for this request (sizes in device-independent pixels); skipped ${skipped.join('; ')}`
          : `${display.description}, read for this request (sizes in device-independent pixels)`,
    };
  }

  private windowEntry(per: PerRequest | undefined, warnings: Warning[]): Fixed {
    if (per?.windowSize !== undefined) {
      return {
        value: guard('INVALID_ARGUMENT', 'windowSize', () => formatWindowSize(per.windowSize!)),
        status: 'collected',
        source: 'the windowSize given for this request',
      };
    }
    const display = this.display;
    let reason: string;
    if (display) {
      const size = display.windowSize();
      if (size) {
        try {
          return {
            value: formatWindowSize(size),
            status: 'collected',
            source: `${display.description}: content size, read for this request`,
          };
        } catch (error) {
          reason = `${display.description} gave an unusable window size (${message(error)})`;
        }
      } else {
        reason = `${display.description}: no window to measure (none has focus and no fallback window was given)`;
      }
    } else {
      this.warn(warnings, this.noWindow.warning);
      return this.noWindow.entry;
    }
    this.warn(warnings, { code: 'NO_WINDOW', header: 'Gov-Client-Window-Size', message: reason });
    return { status: 'missing', source: reason };
  }

  private mergeUserIds(extra: KeyValueInput): KeyValuePair[] {
    const given = guard('INVALID_ARGUMENT', 'userIds', () => pairsOf(extra, 'userIds'));
    const keys = new Set(given.map(([k]) => k));
    return [...this.appUserIds.filter(([k]) => !keys.has(k)), ...given];
  }
}

/**
 * Creates a collector for this machine. Options are checked at once (a bad one throws
 * {@link CollectorError}); the slow sources are read at the first request or at `ready()`.
 */
export function createCollector(options: CollectorOptions = {}): Collector {
  return new NodeCollector(options);
}
