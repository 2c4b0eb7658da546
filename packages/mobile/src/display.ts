import type { Screen, WindowSize } from '@fph-kit/spec';
import { type MobileNote, note } from './notes.js';

/**
 * Gov-Client-Screens and Gov-Client-Window-Size from React Native's `Dimensions` and `PixelRatio`.
 * Both report sizes in density-independent pixels with the scale beside them, which is what the
 * spec's mobile example shows (`width=375&height=812&scaling-factor=2`).
 */

/** React Native's `ScaledSize`, as `Dimensions.get('screen' | 'window')` returns it. */
export interface ScaledSizeLike {
  width: number;
  height: number;
  /** The pixel ratio (`PixelRatio.get()` gives the same for the screen). */
  scale: number;
  fontScale?: number;
}

/** What the app reads for one request. */
export interface DisplayReading {
  /** `Dimensions.get('screen')`. */
  screen?: ScaledSizeLike | null;
  /** `Dimensions.get('window')` (or the root view's `onLayout` size). */
  window?: ScaledSizeLike | WindowSize | null;
  /** `PixelRatio.get()`; default: `screen.scale`. */
  pixelRatio?: number;
  /**
   * Colour depth in bits. Neither `Dimensions` nor `PixelRatio` (nor expo-device or
   * react-native-device-info) reports it: pass what the platform reports, for example a WebView's
   * `screen.colorDepth` or a native module reading the display's pixel format. Without it
   * Gov-Client-Screens is left out and noted.
   */
  colourDepth?: number;
}

export interface DisplayValues {
  screens?: Screen[];
  windowSize?: WindowSize;
  notes: MobileNote[];
}

function positive(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && Math.round(n) >= 1;
}

/** Screens and window size from one display reading; what is missing becomes a note. */
export function readDisplay(reading: DisplayReading | undefined): DisplayValues {
  const notes: MobileNote[] = [];
  const out: DisplayValues = { notes };
  const screen = reading?.screen ?? undefined;
  const scale = reading?.pixelRatio ?? screen?.scale;
  if (!screen || !positive(screen.width) || !positive(screen.height)) {
    notes.push(
      note(
        'NO_SCREENS',
        'Gov-Client-Screens',
        'No screen size was given (Dimensions.get("screen") with a positive width and height): Gov-Client-Screens is left out.',
        screen ?? undefined,
      ),
    );
  } else if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    notes.push(
      note(
        'NO_SCREENS',
        'Gov-Client-Screens',
        "No positive scaling factor was given (PixelRatio.get() or the screen's scale): Gov-Client-Screens is left out.",
        scale,
      ),
    );
  } else if (!positive(reading?.colourDepth)) {
    notes.push(
      note(
        'NO_COLOUR_DEPTH',
        'Gov-Client-Screens',
        'React Native reports no colour depth (Dimensions and PixelRatio give size and scale only) and none was passed: Gov-Client-Screens is left out rather than sent with a guessed depth.',
        reading?.colourDepth,
      ),
    );
  } else {
    out.screens = [
      {
        width: Math.round(screen.width),
        height: Math.round(screen.height),
        scalingFactor: scale,
        colourDepth: Math.round(reading.colourDepth),
      },
    ];
  }
  const window = reading?.window ?? undefined;
  if (window && positive(window.width) && positive(window.height)) {
    out.windowSize = { width: Math.round(window.width), height: Math.round(window.height) };
  } else {
    notes.push(
      note(
        'NO_WINDOW',
        'Gov-Client-Window-Size',
        'No window size was given (Dimensions.get("window") with a positive width and height): Gov-Client-Window-Size is left out.',
        window,
      ),
    );
  }
  return out;
}
