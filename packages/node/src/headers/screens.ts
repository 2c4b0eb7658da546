import { formatScreens } from '@fph-kit/spec';
import { type Entry, errorText, type Notify, type Settled } from '../collector-types.js';
import { type DisplayAdapter, screensFromGraphics } from '../display.js';
import type { GraphicsInfo } from '../source.js';

/**
 * Gov-Client-Screens. With a display adapter (Electron) the screens are read for every request;
 * without one, systeminformation's `graphics()` is read once, and it knows no scaling factor.
 */

/** From systeminformation's graphics() (no display adapter given); read once per snapshot. */
export function graphicsScreensEntry(
  graphics: Settled<GraphicsInfo> | undefined,
  notify: Notify,
): Entry {
  if (!graphics || 'error' in graphics) {
    const why = graphics && 'error' in graphics ? graphics.error : 'no answer';
    const reason = `no display adapter given and systeminformation graphics() failed (${why})`;
    notify({ code: 'NO_SCREENS', header: 'Gov-Client-Screens', message: reason });
    return { status: 'missing', source: reason };
  }
  const { screens, skipped } = screensFromGraphics(graphics.ok.displays);
  if (screens.length === 0) {
    const reason =
      graphics.ok.displays.length === 0
        ? 'no display adapter given and systeminformation reports no displays: a headless machine (no display server), where screens cannot be collected'
        : `no display adapter given and no usable display from systeminformation (${skipped.join('; ')})`;
    notify({ code: 'NO_SCREENS', header: 'Gov-Client-Screens', message: reason });
    return { status: 'missing', source: reason };
  }
  const note =
    'systeminformation graphics().displays: current resolution in pixels and colour depth; it does not report the operating system scaling, so scaling-factor is 1 (pixels as reported). Pass a display adapter (electronDisplay) for the real scaling';
  notify({ code: 'SCREENS_WITHOUT_SCALING', header: 'Gov-Client-Screens', message: note });
  return {
    value: formatScreens(screens),
    status: 'partial',
    source: skipped.length > 0 ? `${note}; skipped ${skipped.join('; ')}` : note,
  };
}

/** From the display adapter, read for this request. */
export function adapterScreensEntry(display: DisplayAdapter, notify: Notify): Entry {
  const screens = display.screens();
  // Each display formatted alone, so that one the formatter refuses is skipped, not all.
  const usable: string[] = [];
  const skipped: string[] = [];
  screens.forEach((s, i) => {
    try {
      usable.push(formatScreens([s]));
    } catch (error) {
      skipped.push(`display ${i + 1}: ${errorText(error)}`);
    }
  });
  if (usable.length === 0) {
    const reason =
      screens.length === 0
        ? `${display.description} reports no displays (a headless session)`
        : `${display.description} reports no usable display (${skipped.join('; ')})`;
    notify({ code: 'NO_SCREENS', header: 'Gov-Client-Screens', message: reason });
    return { status: 'missing', source: reason };
  }
  const read = `${display.description}, read for this request (sizes in device-independent pixels)`;
  return {
    value: usable.join(','),
    status: skipped.length > 0 ? 'partial' : 'collected',
    source: skipped.length > 0 ? `${read}; skipped ${skipped.join('; ')}` : read,
  };
}
