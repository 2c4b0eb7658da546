import {
  type ClientPayloadHeaders,
  formatBrowserJsUserAgent,
  formatScreens,
  formatTimezone,
  formatWindowSize,
  type HeaderName,
  type HeaderNote,
  utcOffsetMinutes,
} from '@fph-kit/spec';
import { DETAILED } from './detail.js';
import { deviceId } from './device-id.js';
import { BrowserError } from './errors.js';
import { prepareScreens, readScreens } from './screens.js';

/** Adds a note to the result of `collect`. */
export type Note = (header: HeaderName, code: CollectNoteCode, message: string) => void;

/**
 * The headers an app may give `collect`: what the browser cannot know about the user and the app.
 * Make them with `formatUserIds`, `formatMultiFactor` and `formatVendorVersion`.
 */
export type AppHeaderName =
  | 'Gov-Client-User-IDs'
  | 'Gov-Client-Multi-Factor'
  | 'Gov-Vendor-Version';

export interface CollectOptions {
  /**
   * Values the app knows, already formatted, sent as given: `Gov-Client-User-IDs`,
   * `Gov-Client-Multi-Factor` and your front end's own `Gov-Vendor-Version` pair(s).
   */
  headers?: Readonly<Partial<Record<AppHeaderName, string>>>;
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

export interface CollectResult {
  /** Canonical header name to encoded value, ready to send: the client payload. */
  headers: ClientPayloadHeaders;
  /** What could not be collected, or only in part, and why. Empty when everything was read. */
  notes: HeaderNote<CollectNoteCode>[];
}

/** The headers an app may give, and the options of `collect`. */
const APP_HEADERS: readonly string[] = [
  'Gov-Client-User-IDs',
  'Gov-Client-Multi-Factor',
  'Gov-Vendor-Version',
];
const OPTIONS = ['headers', 'promptForScreens'];

/**
 * Refuses a mistake in the options of `collect`: `collect options: <where> <rule>`, the rule only
 * in the development build ({@link DETAILED}).
 */
function check(ok: unknown, where: string, rule: string | false): void {
  if (!ok) {
    throw new BrowserError(
      'INVALID_OPTIONS',
      `collect options: ${where}${DETAILED && rule ? ` ${rule}` : ''}`,
    );
  }
}

/** The options, checked: the app's headers (as given) and whether to ask for every screen. */
function read(
  options: CollectOptions = {},
): [Readonly<Partial<Record<AppHeaderName, string>>>, boolean] {
  if (typeof window === 'undefined') {
    throw new BrowserError('NO_WINDOW', 'collect() needs a browser window');
  }
  check(Object(options) === options, DETAILED ? 'must be an object' : 'not an object', false);
  for (const name in options) {
    check(OPTIONS.includes(name), name, DETAILED && `is not one of ${OPTIONS}`);
  }
  const { headers = {}, promptForScreens = false } = options;
  // A plain object: a Map or Headers given here would otherwise read as empty.
  check(
    {}.toString.call(headers) === '[object Object]',
    'headers',
    DETAILED && 'must be a plain object',
  );
  check(
    typeof promptForScreens === 'boolean',
    'promptForScreens',
    DETAILED && 'must be true or false',
  );
  for (const [name, value] of Object.entries(headers)) {
    const where = `headers: ${name}`;
    check(APP_HEADERS.includes(name), where, DETAILED && `is not one of ${APP_HEADERS}`);
    check(
      typeof value === 'string' && /^[ -~]+$/.test(value),
      where,
      DETAILED && 'must be a formatted value (printable ASCII)',
    );
  }
  return [headers, promptForScreens];
}

/**
 * Checks the options, then fetches what needs a promise (the screen details), once per page.
 * Throws at once for wrong options; the promise never rejects.
 */
export function prepare(options?: CollectOptions): Promise<void> {
  return prepareScreens(read(options)[1]);
}

/**
 * `collect` without waiting: from what the page already holds, the screens included (every screen
 * only once {@link prepare} fetched them). For the form transport, which must fill its field while
 * the form is being submitted.
 */
export function collectNow(options?: CollectOptions): CollectResult {
  const [given, promptForScreens] = read(options);
  const headers: ClientPayloadHeaders = { ...given };
  const notes: HeaderNote<CollectNoteCode>[] = [];
  const note: Note = (header, code, message) => {
    notes.push({ header, code, message });
  };
  const screens = readScreens(promptForScreens, note);
  // Each value read from the browser, formatted; one the formatter refuses becomes a note.
  const put = (header: keyof ClientPayloadHeaders, format: () => string): void => {
    try {
      headers[header] = format();
    } catch (error) {
      note(header, 'UNAVAILABLE', (error as Error).message);
    }
  };
  put('Gov-Client-Screens', () => formatScreens(screens));
  put('Gov-Client-Browser-JS-User-Agent', () => formatBrowserJsUserAgent(navigator.userAgent));
  // deviceId() gives a UUID it checked or made: nothing left to format.
  put('Gov-Client-Device-ID', () => deviceId(note));
  put('Gov-Client-Timezone', () => formatTimezone(utcOffsetMinutes()));
  put('Gov-Client-Window-Size', () =>
    formatWindowSize({ width: window.innerWidth, height: window.innerHeight }),
  );
  return { headers, notes };
}

/**
 * Collects the browser's part of the WEB_APP_VIA_SERVER header set, right now: call it immediately
 * before each request (the transport helpers do). Rejects with {@link BrowserError} only for
 * mistakes in `options`; what the browser cannot give is reported in `notes`.
 */
export async function collect(options?: CollectOptions): Promise<CollectResult> {
  await prepare(options);
  return collectNow(options);
}
