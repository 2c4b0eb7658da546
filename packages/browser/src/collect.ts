import {
  formatBrowserJsUserAgent,
  formatDeviceId,
  formatMultiFactor,
  formatScreens,
  formatTimezone,
  formatUserIds,
  formatVendorVersion,
  formatWindowSize,
  type HeaderName,
  type KeyValueInput,
  type MultiFactorEntry,
  utcOffsetMinutes,
} from '@fph-kit/spec';
import { deviceId } from './device-id.js';
import { BrowserError } from './errors.js';
import { readScreens } from './screens.js';

/** Adds a note to the result of `collect`. */
export type Note = (header: HeaderName, code: CollectNoteCode, message: string) => void;

export interface CollectOptions {
  /**
   * `Gov-Client-User-IDs`: the user's identifiers in your application, e.g.
   * `{ 'my-app': 'alice123' }` (no `os` key for web apps). Omitted when not given.
   */
  userIds?: KeyValueInput;
  /**
   * `Gov-Client-Multi-Factor`: one entry per factor the user passed. Omitted when not given (leave
   * it out when no MFA took place; an empty list is refused).
   */
  multiFactor?: readonly MultiFactorEntry[];
  /**
   * `Gov-Vendor-Version`: your front end's own `software=version` pair(s), e.g.
   * `{ 'my-web-app': '2.2.2' }`; the server adds its own. Omitted when not given.
   */
  vendorVersion?: KeyValueInput;
  /** localStorage key that holds the device ID. Default `fph-device-id`. */
  storageKey?: string;
  /** First-party cookie that holds the device ID (letters, digits, `_ . -`). Default `fph_device_id`. */
  cookieName?: string;
  /**
   * Ask for the `window-management` permission when it is not yet granted, to list every screen.
   * Default false: without it only an already granted permission is used and nobody is prompted.
   */
  promptForScreens?: boolean;
}

/**
 * Why a value is missing or weaker than it could be:
 * - `UNAVAILABLE`: the browser gave nothing usable; the header is left out (never a placeholder)
 * - `DEVICE_ID_NOT_STORED`: storage is blocked; the device ID lasts only for this page
 * - `SCREENS_CURRENT_ONLY`: other screens cannot be listed (no permission or no API)
 */
export type CollectNoteCode = 'UNAVAILABLE' | 'DEVICE_ID_NOT_STORED' | 'SCREENS_CURRENT_ONLY';

export interface CollectNote {
  header: HeaderName;
  code: CollectNoteCode;
  message: string;
}

export interface CollectResult {
  /** Canonical header name to encoded value, ready to send. */
  headers: Record<string, string>;
  /** What could not be collected, or only in part, and why. Empty when everything was read. */
  notes: CollectNote[];
}

const OPTION_NAMES = [
  'userIds',
  'multiFactor',
  'vendorVersion',
  'storageKey',
  'cookieName',
  'promptForScreens',
];

/** An option's value in a message: strings quoted, anything else as `String` writes it. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function invalid(message: string, cause?: unknown): never {
  throw new BrowserError('INVALID_OPTIONS', `collect options: ${message}`, { cause });
}

/**
 * Collects the browser's part of the WEB_APP_VIA_SERVER header set, right now: call it immediately
 * before each request (the transport helpers do). Rejects with {@link BrowserError} only for
 * mistakes in `options`; what the browser cannot give is reported in `notes`.
 */
export async function collect(options: CollectOptions = {}): Promise<CollectResult> {
  if (typeof window === 'undefined') {
    throw new BrowserError('NO_WINDOW', 'collect() needs a browser window, not a server or worker');
  }
  if (typeof options !== 'object' || options === null) {
    invalid(`must be an object, got ${options === null ? 'null' : typeof options}`);
  }
  for (const key in options) {
    if (!OPTION_NAMES.includes(key)) invalid(`unknown option '${key}' (known: ${OPTION_NAMES})`);
  }
  const {
    userIds,
    multiFactor,
    vendorVersion,
    storageKey = 'fph-device-id',
    cookieName = 'fph_device_id',
    promptForScreens = false,
  } = options;
  if (typeof storageKey !== 'string' || storageKey === '') {
    invalid(`storageKey: must be a non-empty string, got ${shown(storageKey)}`);
  }
  // Kept to characters every browser's cookie parser takes as they are.
  if (typeof cookieName !== 'string' || !/^[\w.-]+$/.test(cookieName)) {
    invalid(`cookieName: must be letters, digits, _ . or -, got ${shown(cookieName)}`);
  }
  if (typeof promptForScreens !== 'boolean') {
    invalid(`promptForScreens: must be true or false, got ${shown(promptForScreens)}`);
  }

  const headers: Record<string, string> = {};
  const notes: CollectNote[] = [];
  const note = (header: HeaderName, code: CollectNoteCode, message: string): void => {
    notes.push({ header, code, message });
  };
  /**
   * Sets a header to `format()`. A value the app passed (`given`) that the formatter refuses is
   * the caller's mistake and rejects; a value read from the browser becomes a note instead, and
   * its header is left out.
   */
  const set = (header: HeaderName, format: () => string, given?: boolean): void => {
    try {
      headers[header] = format();
    } catch (error) {
      if (given) invalid((error as Error).message, error);
      note(header, 'UNAVAILABLE', `not collected: ${(error as Error).message}`);
    }
  };

  if (userIds !== undefined) set('Gov-Client-User-IDs', () => formatUserIds(userIds), true);
  if (multiFactor !== undefined) {
    set('Gov-Client-Multi-Factor', () => formatMultiFactor(multiFactor), true);
  }
  if (vendorVersion !== undefined) {
    set('Gov-Vendor-Version', () => formatVendorVersion(vendorVersion), true);
  }
  const screens = await readScreens(promptForScreens, note);
  set('Gov-Client-Screens', () => formatScreens(screens));
  set('Gov-Client-Browser-JS-User-Agent', () => formatBrowserJsUserAgent(navigator.userAgent));
  set('Gov-Client-Device-ID', () => formatDeviceId(deviceId(storageKey, cookieName, note)));
  set('Gov-Client-Timezone', () => formatTimezone(utcOffsetMinutes()));
  set('Gov-Client-Window-Size', () =>
    formatWindowSize({ width: window.innerWidth, height: window.innerHeight }),
  );
  return { headers, notes };
}
