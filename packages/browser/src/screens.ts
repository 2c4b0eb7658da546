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

let permission: Promise<PermissionStatus> | undefined;
let details: Promise<ScreenDetails | undefined> | undefined;

function toScreen(s: Omit<ScreenDetailed, 'devicePixelRatio'>, scalingFactor: number): Screen {
  return { width: s.width, height: s.height, scalingFactor, colourDepth: s.colorDepth };
}

/**
 * Every screen through `getScreenDetails` when the `window-management` permission is already
 * granted (or when `prompt` allows asking), else the screen the window is on, with a
 * `SCREENS_CURRENT_ONLY` note saying why. The permission status and the ScreenDetails object are
 * live, so both are fetched once per page and read on each call.
 */
export async function readScreens(prompt: boolean, note: Note): Promise<Screen[]> {
  const w = window as WindowManagement;
  let limitation = 'no Window Management API';
  if (w.getScreenDetails) {
    let state: PermissionState | undefined;
    try {
      permission ??= navigator.permissions.query({ name: 'window-management' as PermissionName });
      state = (await permission).state;
    } catch {
      // No Permissions API, or a browser that does not know this permission: not granted.
    }
    if (state === 'granted' || (prompt && state !== 'denied')) {
      details ??= w.getScreenDetails().catch(() => {
        details = undefined; // refused now; a later grant may succeed
        return undefined;
      });
      const all = (await details)?.screens;
      if (all?.length) return all.map((s) => toScreen(s, s.devicePixelRatio));
    }
    limitation = 'window-management permission not granted';
  }
  note('Gov-Client-Screens', 'SCREENS_CURRENT_ONLY', `only the current screen: ${limitation}`);
  return [toScreen(w.screen, w.devicePixelRatio)];
}
