import { pairValue, SCREEN_KEYS, sizeNumber } from '@fph-kit/spec';
import { rule } from '../rules.js';
import { readKeyValue } from '../structure.js';
import type { Check } from './check.js';

/** Gov-Client-Screens and Gov-Client-Window-Size: sizes as positive numbers. */

const SCR = 'gov-client-screens';
const SCREEN_RULES = SCREEN_KEYS.map(
  ([k, decimal]) =>
    [k, decimal, rule(`client-screens.${k}-missing`), rule(`client-screens.${k}-invalid`)] as const,
);
const SCREEN_IMPLAUSIBLE = rule('client-screens.implausible');

export const screens: Check = (value, run) => {
  const structures = readKeyValue(value, SCR, true, run);
  if (!structures) return;
  const sizes: [number, number][] = [];
  const numbers = [0, 0, 0, 0];
  for (let i = 0; i < structures.length; i++) {
    const pairs = structures[i]!;
    let ok = true;
    for (let k = 0; k < SCREEN_RULES.length; k++) {
      const screenRule = SCREEN_RULES[k]!;
      const key = screenRule[0];
      const raw = pairValue(pairs, key);
      const number = raw ? sizeNumber(raw, screenRule[1]) : Number.NaN;
      if (!raw) {
        run.hit(screenRule[2], SCR, value, `screen ${i + 1}`);
        ok = false;
      } else if (Number.isNaN(number)) {
        run.hit(screenRule[3], SCR, value, `screen ${i + 1} has ${key}=${raw}`);
        ok = false;
      } else {
        numbers[k] = number;
      }
    }
    if (!ok) continue;
    const width = numbers[0]!;
    const height = numbers[1]!;
    const scaling = numbers[2]!;
    const depth = numbers[3]!;
    if (width > 16384 || height > 16384 || scaling > 8 || depth > 64) {
      run.hit(SCREEN_IMPLAUSIBLE, SCR, value, `screen ${i + 1}`);
    }
    sizes.push([width, height]);
  }
  run.screens = sizes;
};

const WIN = 'gov-client-window-size';
const WINDOW_RULES = (['width', 'height'] as const).map(
  (k) =>
    [k, rule(`client-window-size.${k}-missing`), rule(`client-window-size.${k}-invalid`)] as const,
);

export const windowSize: Check = (value, run) => {
  const structures = readKeyValue(value, WIN, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  const size: [number, number] = [0, 0];
  let ok = true;
  for (let k = 0; k < WINDOW_RULES.length; k++) {
    const [key, missing, invalid] = WINDOW_RULES[k]!;
    const raw = pairValue(pairs, key);
    const number = raw ? sizeNumber(raw, false) : Number.NaN;
    if (!raw) {
      run.hit(missing, WIN, value);
      ok = false;
    } else if (Number.isNaN(number)) {
      run.hit(invalid, WIN, value, `${key}=${raw}`);
      ok = false;
    } else {
      size[k] = number;
    }
  }
  if (ok) run.window = size;
};
