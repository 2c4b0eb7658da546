import type { Display } from 'electron';

/**
 * A display of Electron's documented shape
 * (structures/display), typed with Electron's own type so its shape is checked.
 */
export function electronDisplayOf(
  width: number,
  height: number,
  scaleFactor: number,
  colorDepth: number,
): Display {
  return {
    accelerometerSupport: 'unknown',
    bounds: { x: 0, y: 0, width, height },
    colorDepth,
    colorSpace: '{primaries:BT709, transfer:SRGB}',
    depthPerComponent: 8,
    detected: true,
    displayFrequency: 60,
    id: width * 10_000 + height,
    internal: false,
    label: 'Test display',
    maximumCursorSize: { width: 64, height: 64 },
    monochrome: false,
    nativeOrigin: { x: 0, y: 0 },
    rotation: 0,
    scaleFactor,
    size: { width, height },
    touchSupport: 'unknown',
    workArea: { x: 0, y: 0, width, height: height - 40 },
    workAreaSize: { width, height: height - 40 },
  };
}
