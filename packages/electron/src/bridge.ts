/**
 * The contract between the preload bridge and the main process: one IPC channel, the request the
 * renderer may make, and the answer. It imports nothing, so the preload (which runs sandboxed,
 * with no access to Node or to npm packages) can bundle it alone.
 */

/** The one channel `ipcMain.handle` answers and `ipcRenderer.invoke` calls. */
export const FPH_CHANNEL = 'fph-kit:headers';

/** The key of `window.fph`. */
export const FPH_BRIDGE_KEY = 'fph';

/** An MFA status as the renderer passes it (the sign-in happens in the renderer). */
export interface BridgeMultiFactor {
  type: 'TOTP' | 'AUTH_CODE' | 'OTHER';
  /** A Date, or a UTC string of at least `yyyy-MM-ddTHH:mmZ`. */
  timestamp: Date | string;
  /** Identifies the factor (a salted hash), never the secret. */
  uniqueReference: string;
}

/**
 * What the renderer may say about one request: only the values the renderer knows. Everything
 * else (device ID, addresses, the OS user, screens, window size, the vendor's values) comes from
 * the main process or the vendor's server, and a request that claims any of it is refused.
 */
export interface BridgeRequest {
  /** The app's user identifiers for this request, e.g. `{ 'acme-tax': 'alice123' }`; never `os`. */
  userIds?: Readonly<Record<string, string>>;
  /** MFA statuses for this request. */
  multiFactor?: readonly BridgeMultiFactor[];
}

/** What the main process answers, as the preload receives it. */
export type BridgeResponse =
  | { ok: true; headers: Record<string, string>; field?: string; json?: string }
  | { ok: false; code: BridgeRefusalCode; message: string };

/** Why the main process refused a request. */
export const BRIDGE_REFUSAL_CODES = [
  /** The request is not an object of {@link BridgeRequest}'s shape, or claims a value it may not. */
  'REQUEST_REFUSED',
  /** `headers()` on a via-server app or `payload()` on a direct one. */
  'WRONG_METHOD',
  /** The call did not come from a BrowserWindow's page, or `allowSender` turned it away. */
  'SENDER_REFUSED',
  /** A value the renderer passed cannot become a spec-conformant header value. */
  'INVALID_ARGUMENT',
  /** The collector failed in a way it does not turn into a warning. */
  'COLLECTOR_FAILED',
  /** Thrown by `exposeFph` in the preload: the window has no context isolation. */
  'INSECURE_WINDOW',
] as const;
export type BridgeRefusalCode = (typeof BRIDGE_REFUSAL_CODES)[number];

/** Which of the two calls: the wire's first argument after the channel. */
export type BridgeCall = 'headers' | 'payload';

/** `window.fph`: the only thing the renderer gets. */
export interface FphBridge {
  /**
   * DESKTOP_APP_DIRECT: every Gov-* header for a call to HMRC made from the renderer, with the
   * calling window's size.
   */
  headers(request?: BridgeRequest): Promise<Record<string, string>>;
  /**
   * DESKTOP_APP_VIA_SERVER: the client payload for a call to the vendor's server (set each as a
   * request header, or send `json` in the `fph_client` field).
   */
  payload(request?: BridgeRequest): Promise<BridgePayload>;
}

/** The client payload as the renderer receives it. */
export interface BridgePayload {
  headers: Record<string, string>;
  /** `fph_client`. */
  field: string;
  json: string;
}

/** The message a refused call rejects with in the renderer: `fph: CODE: message`. */
export function refusalMessage(code: string, message: string): string {
  return `fph: ${code}: ${message}`;
}
