import { isUuid } from '@fph-kit/spec';
import type { Note } from './collect.js';

/** The ID used when storage is blocked, so it stays the same for the life of the page. */
let sessionId: string | undefined;
/** Set once the stores have been rewritten on this page (which renews the cookie's lifetime). */
let renewed = false;

/**
 * `use()`, or undefined where the browser throws: blocked storage throws SecurityError on
 * access, and opaque origins (sandboxed frames) throw on `document.cookie`.
 */
function attempt<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    return undefined;
  }
}

/** A random (version 4) UUID: `crypto.randomUUID` where available, else `getRandomValues`. */
export function randomUuid(): string {
  // randomUUID exists only in secure contexts (https, localhost) of recent browsers.
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  return Array.from(bytes, (b) => (b + 256).toString(16).slice(1))
    .join('')
    .replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

/**
 * The device ID: read from localStorage, else from the cookie, else newly generated; then written
 * back to whichever store lacks it, so either one alone restores it. A new ID appears only when
 * both stores were cleared (or held something that is not a UUID). When neither store keeps it,
 * it lasts for this page, and a `DEVICE_ID_NOT_STORED` note says so.
 */
export function deviceId(key: string, cookieName: string, note: Note): string {
  const readLocal = () => attempt(() => localStorage.getItem(key));
  const readCookie = () =>
    attempt(() =>
      document.cookie
        .split('; ')
        .find((part) => part.startsWith(`${cookieName}=`))
        ?.slice(cookieName.length + 1),
    );
  const local = readLocal();
  const cookie = readCookie();
  const id = ([local, cookie, sessionId] as string[]).find(isUuid) ?? randomUuid();
  if (!renewed || local !== id || cookie !== id) {
    attempt(() => localStorage.setItem(key, id));
    attempt(() => {
      // 400 days, the longest lifetime browsers grant; renewed on the first call on each page.
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is async and not in every browser; the value is a UUID, nothing to escape
      document.cookie = `${cookieName}=${id}; max-age=34560000; path=/; samesite=lax${
        location.protocol === 'https:' ? '; secure' : ''
      }`;
    });
    renewed = true;
  }
  // Read back, the cookie only when localStorage did not keep it (document.cookie is slower).
  sessionId = readLocal() === id || readCookie() === id ? undefined : id;
  if (sessionId) {
    note(
      'Gov-Client-Device-ID',
      'DEVICE_ID_NOT_STORED',
      'storage blocked: this ID lasts until the page is left',
    );
  }
  return id;
}
