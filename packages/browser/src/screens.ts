import type { Screen } from '@fph-kit/spec';
import type { Note } from './collect.js';

/** The parts of the Window Management API used here (not yet in TypeScript's DOM library). */
interface ScreenDetailed {
  readonly width: number;
  readonly height: number;
  readonly colorDepth: number;
  readonly devicePixelRatio: number;
}

interface ScreenDetails {
  readonly screens: readonly ScreenDetailed[];
}

type WindowManagement = Window & { getScreenDetails?: () => Promise<ScreenDetails> };

/** Both live: the status follows the user's choice, the details every screen change. */
let permission: PermissionStatus | undefined;
let details: ScreenDetails | undefined;

/** True when the permission lets every screen be read (or asked for, with `prompt`). */
function allowed(prompt: boolean): boolean {
  const state = permission?.state;
  return state === 'granted' || (prompt && state !== 'denied');
}

/**
 * Fetches what only a promise gives, once per page: the `window-management` permission status,
 * then the screen details when the permission is granted (or may be asked for, with `prompt`).
 * Never rejects: without the API, the permission or the user's consent, there is nothing to fetch.
 */
export async function prepareScreens(prompt: boolean): Promise<void> {
  const w = window as WindowManagement;
  if (w.getScreenDetails) {
    // No Permissions API, or one that does not know this permission: not granted.
    permission ??= await navigator.permissions
      ?.query({ name: 'window-management' as PermissionName })
      .catch(() => undefined);
    if (!details && allowed(prompt)) details = await w.getScreenDetails().catch(() => undefined);
  }
}

function toScreen(s: Omit<ScreenDetailed, 'devicePixelRatio'>, scalingFactor: number): Screen {
  return { width: s.width, height: s.height, scalingFactor, colourDepth: s.colorDepth };
}

/**
 * Every screen when the permission allows and {@link prepareScreens} got them, else the screen the
 * window is on, with a `SCREENS_CURRENT_ONLY` note saying why: no API, no permission, or the
 * details not at hand (refused when asked, or not fetched yet).
 */
export function readScreens(prompt: boolean, note: Note): Screen[] {
  const w = window as WindowManagement;
  const ok = allowed(prompt);
  const all = ok ? details?.screens : undefined;
  if (all?.length) return all.map((s) => toScreen(s, s.devicePixelRatio));
  note(
    'Gov-Client-Screens',
    'SCREENS_CURRENT_ONLY',
    w.getScreenDetails
      ? ok
        ? 'screen details not available'
        : 'no window-management permission'
      : 'no Window Management API',
  );
  return [toScreen(w.screen, w.devicePixelRatio)];
}
