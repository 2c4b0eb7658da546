import { electronDisplayOf } from '@fph-kit/test-support/electron-display';
import type { BrowserWindow, Display, Screen } from 'electron';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type BrowserWindowClassLike,
  type DisplayLike,
  type ElectronDisplayOptions,
  electronDisplay,
  type ScreenLike,
  screensFromGraphics,
  type WindowLike,
} from './display.js';

describe("Electron's real types", () => {
  it('satisfy the adapter input (checked by tsc in `pnpm typecheck`)', () => {
    expectTypeOf<Display>().toExtend<DisplayLike>();
    expectTypeOf<Screen>().toExtend<ScreenLike>();
    expectTypeOf<BrowserWindow>().toExtend<WindowLike>();
    expectTypeOf<typeof BrowserWindow>().toExtend<BrowserWindowClassLike>();
    expectTypeOf<{
      screen: Screen;
      BrowserWindow: typeof BrowserWindow;
      window: () => BrowserWindow | null;
    }>().toExtend<ElectronDisplayOptions>();
    // The check has teeth: a display without scaleFactor is refused.
    expectTypeOf<Omit<Display, 'scaleFactor'>>().not.toExtend<DisplayLike>();
  });
});

describe('electronDisplay', () => {
  const screen = (displays: Display[]): ScreenLike => ({ getAllDisplays: () => displays });
  const windowOf = (size: number[], destroyed = false): WindowLike => ({
    getContentSize: () => size,
    isDestroyed: () => destroyed,
  });

  it('reports each display in device-independent pixels with its own scale factor', () => {
    const adapter = electronDisplay({
      screen: screen([electronDisplayOf(1920, 1080, 1, 24), electronDisplayOf(1280, 800, 2, 30)]),
    });
    expect(adapter.screens()).toEqual([
      { width: 1920, height: 1080, scalingFactor: 1, colourDepth: 24 },
      { width: 1280, height: 800, scalingFactor: 2, colourDepth: 30 },
    ]);
  });

  it('rounds fractional device-independent sizes to whole pixels', () => {
    const adapter = electronDisplay({ screen: screen([electronDisplayOf(1706.67, 960, 1.5, 24)]) });
    expect(adapter.screens()[0]).toMatchObject({ width: 1707, height: 960, scalingFactor: 1.5 });
  });

  it('measures the focused window, else the fallback window, else nothing', () => {
    let focused: WindowLike | null = windowOf([1256, 803]);
    const main = windowOf([800, 600]);
    const adapter = electronDisplay({
      screen: screen([]),
      BrowserWindow: { getFocusedWindow: () => focused },
      window: () => main,
    });
    expect(adapter.windowSize()).toEqual({ width: 1256, height: 803 });
    focused = null;
    expect(adapter.windowSize()).toEqual({ width: 800, height: 600 });
    const without = electronDisplay({
      screen: screen([]),
      BrowserWindow: { getFocusedWindow: () => null },
    });
    expect(without.windowSize()).toBeUndefined();
  });

  it('never measures a destroyed window', () => {
    const adapter = electronDisplay({
      screen: screen([]),
      BrowserWindow: { getFocusedWindow: () => windowOf([1, 1], true) },
      window: () => windowOf([640, 480]),
    });
    expect(adapter.windowSize()).toEqual({ width: 640, height: 480 });
  });
});

describe('screensFromGraphics (systeminformation displays)', () => {
  const display = (x: number | null, y: number | null, depth: number | null) => ({
    resolutionX: x,
    resolutionY: y,
    currentResX: x,
    currentResY: y,
    pixelDepth: depth,
  });

  it('uses the current resolution and depth, scaling factor 1', () => {
    expect(screensFromGraphics([display(2560, 1440, 30)])).toEqual({
      screens: [{ width: 2560, height: 1440, scalingFactor: 1, colourDepth: 30 }],
      skipped: [],
    });
  });

  it('prefers the current resolution over the maximum one', () => {
    const d = { ...display(3840, 2160, 24), currentResX: 1920, currentResY: 1080 };
    expect(screensFromGraphics([d]).screens[0]).toMatchObject({ width: 1920, height: 1080 });
  });

  it('skips displays without a resolution or depth and says which', () => {
    const result = screensFromGraphics([display(1920, 1080, null), display(null, null, 24)]);
    expect(result.screens).toEqual([]);
    expect(result.skipped).toEqual([
      'display 1: systeminformation reports no colour depth',
      'display 2: systeminformation reports no width, height',
    ]);
  });

  it('returns nothing on a headless machine', () => {
    expect(screensFromGraphics([])).toEqual({ screens: [], skipped: [] });
  });
});
