import type { Screen, WindowSize } from '@fph-kit/spec';
import type { GraphicsDisplay } from './source.js';

/**
 * Screens and window size. A desktop app passes a {@link DisplayAdapter}; {@link electronDisplay}
 * builds one from Electron's `screen` and `BrowserWindow`. Without an adapter the collector falls
 * back to systeminformation's displays, and on a headless machine there is nothing to send.
 *
 * Units: the spec asks for the "reported width" of each screen with its "reported scaling
 * factor", and its mobile example (375 x 812 at scaling factor 2) is in logical points, not
 * physical pixels. Browsers report the same (`screen.width` in CSS pixels beside
 * `devicePixelRatio`). So widths and heights are sent as the platform reports them to apps:
 * Electron's `Display.size`, in device-independent pixels, with `scaleFactor` beside them;
 * physical pixels are width x scaling factor.
 */

/** A screen as the app's platform reports it. */
export interface DisplayAdapter {
  /** Where the values come from, for explanations (e.g. "Electron screen.getAllDisplays()"). */
  readonly description: string;
  /** Every screen of the device. Read on every request (displays come and go). */
  screens(): readonly Screen[];
  /** The app window's content size, or undefined when there is no window to measure. */
  windowSize(): WindowSize | undefined;
}

/** The fields of Electron's `Display` structure the adapter reads. */
export interface DisplayLike {
  /** In device-independent pixels. */
  size: { width: number; height: number };
  scaleFactor: number;
  colorDepth: number;
}

/** Electron's `screen` module (only `getAllDisplays`). */
export interface ScreenLike {
  getAllDisplays(): readonly DisplayLike[];
}

/** An Electron `BrowserWindow` (only what is read). */
export interface WindowLike {
  /** `[width, height]` of the content area in device-independent pixels. */
  getContentSize(): number[];
  isDestroyed?(): boolean;
}

/** Electron's `BrowserWindow` class (only its static `getFocusedWindow`). */
export interface BrowserWindowClassLike {
  getFocusedWindow(): WindowLike | null;
}

export interface ElectronDisplayOptions {
  /** `screen` from `electron` (use it after the app's `ready` event). */
  screen: ScreenLike;
  /** `BrowserWindow` from `electron`: the focused window is measured. */
  BrowserWindow?: BrowserWindowClassLike;
  /** The window to measure when none has focus (for example the app's main window). */
  window?: () => WindowLike | null | undefined;
}

function whole(n: number): number {
  return Math.round(n);
}

/** A display adapter over Electron's documented `screen` and `BrowserWindow` APIs. */
export function electronDisplay(options: ElectronDisplayOptions): DisplayAdapter {
  const { screen, BrowserWindow } = options;
  const pick = (): WindowLike | undefined => {
    const focused = BrowserWindow?.getFocusedWindow() ?? undefined;
    if (focused && !focused.isDestroyed?.()) return focused;
    const fallback = options.window?.() ?? undefined;
    return fallback && !fallback.isDestroyed?.() ? fallback : undefined;
  };
  return {
    description: 'Electron screen.getAllDisplays() and the focused BrowserWindow',
    screens: () =>
      screen.getAllDisplays().map((d) => ({
        width: whole(d.size.width),
        height: whole(d.size.height),
        scalingFactor: d.scaleFactor,
        colourDepth: d.colorDepth,
      })),
    windowSize: () => {
      const size = pick()?.getContentSize();
      if (!size) return undefined;
      const [width, height] = size;
      if (width === undefined || height === undefined) return undefined;
      return { width: whole(width), height: whole(height) };
    },
  };
}

export interface GraphicsScreens {
  screens: Screen[];
  /** Why displays were skipped, one line each. */
  skipped: string[];
}

/** A number that rounds to a whole number of at least 1 (0.3 would be sent as 0, which is refused). */
function positive(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && whole(n) >= 1;
}

/**
 * Screens from systeminformation's `graphics().displays`. It reports the current resolution in
 * pixels and the colour depth but not the operating system's scaling, so each screen is sent in
 * those pixels with scaling factor 1 (one reported pixel per pixel); an adapter gives the real
 * scaling. Displays without a resolution or depth are skipped and listed.
 */
export function screensFromGraphics(displays: readonly GraphicsDisplay[]): GraphicsScreens {
  const screens: Screen[] = [];
  const skipped: string[] = [];
  displays.forEach((d, i) => {
    const width = positive(d.currentResX) ? d.currentResX : d.resolutionX;
    const height = positive(d.currentResY) ? d.currentResY : d.resolutionY;
    const missing = [
      positive(width) ? '' : 'width',
      positive(height) ? '' : 'height',
      positive(d.pixelDepth) ? '' : 'colour depth',
    ].filter(Boolean);
    if (missing.length > 0 || !positive(width) || !positive(height) || !positive(d.pixelDepth)) {
      skipped.push(`display ${i + 1}: systeminformation reports no ${missing.join(', ')}`);
      return;
    }
    screens.push({
      width: whole(width),
      height: whole(height),
      scalingFactor: 1,
      colourDepth: whole(d.pixelDepth),
    });
  });
  return { screens, skipped };
}
