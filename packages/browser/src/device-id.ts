import { isUuid } from '@fph-kit/spec';
import type { Note } from './collect.js';

/** The localStorage key of the device ID; the cookie is `fph_device_id`. */
const KEY = 'fph-device-id';

/** The ID used when storage is blocked, so it stays the same for the life of the page. */
let sessionId: string | undefined;

/**
 * `use()`, or undefined where the browser throws: blocked storage throws SecurityError on
 * access, and opaque origins (sandboxed frames) throw on `document.cookie`.
 */
function attempt<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {}
}

/** What localStorage and the cookie hold. */
const stored = (): unknown[] => [
  attempt(() => localStorage.getItem(KEY)),
  attempt(() => /(^|; )fph_device_id=([^;]*)/.exec(document.cookie)?.[2]),
];

/**
 * A random UUID made by the browser: `crypto.randomUUID`, which exists only in secure contexts
 * (https, localhost) of recent browsers, else the UUID that ends every blob URL (the File API
 * generates a random one for each; every engine makes it version 4). That URL keeps an empty blob
 * until the page is left: at most one per page, since the ID is stored or kept for the page.
 */
export function randomUuid(): string {
  return crypto.randomUUID?.() ?? URL.createObjectURL(new Blob()).slice(-36);
}

/**
 * The device ID: read from localStorage, else from the cookie, else newly generated; then written
 * to whichever store lacks it, so either one alone restores it. A new ID appears only when both
 * stores were cleared (or held something that is not a UUID). When neither store keeps it, it
 * lasts for this page, and a `DEVICE_ID_NOT_STORED` note says so.
 */
export function deviceId(note: Note): string {
  const [local, cookie] = stored();
  const id = ([local, cookie, sessionId] as string[]).find(isUuid) ?? randomUuid();
  if (local !== id || cookie !== id) {
    attempt(() => localStorage.setItem(KEY, id));
    attempt(() => {
      // 400 days, the longest lifetime browsers grant.
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is async and not in every browser; the value is a UUID, nothing to escape
      document.cookie = `fph_device_id=${id};max-age=34560000;path=/;samesite=lax${
        location.protocol === 'https:' ? ';secure' : ''
      }`;
    });
    sessionId = stored().includes(id) ? undefined : id;
  }
  if (sessionId) note('Gov-Client-Device-ID', 'DEVICE_ID_NOT_STORED', 'storage blocked');
  return id;
}
