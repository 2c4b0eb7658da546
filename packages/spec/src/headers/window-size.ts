import { decodeKeyValue } from '../codec.js';
import type { HeaderDefinition } from '../headers.js';
import { def } from './catalogue-entry.js';
import { formatDimensions, readNumber, type WindowSize } from './screens.js';
import {
  addCodecProblems,
  nonEmptyText,
  type ParseProblem,
  type ParseResult,
  result,
} from './shared.js';

/** `Gov-Client-Window-Size`. */
export function formatWindowSize(size: WindowSize): string {
  return formatDimensions(size, 'windowSize.');
}

/** `Gov-Client-Window-Size`. */
export function parseWindowSize(text: string): ParseResult<WindowSize> {
  const problems: ParseProblem[] = [];
  if (!nonEmptyText(text, problems)) return result({ width: 0, height: 0 }, problems);
  const decoded = decodeKeyValue(text);
  addCodecProblems(problems, decoded.problems);
  const size = {
    width: readNumber(decoded.value, 'width', 'windowSize', false, problems),
    height: readNumber(decoded.value, 'height', 'windowSize', false, problems),
  };
  return result(size, problems);
}

/** Gov-Client-Window-Size in the header catalogue. */
export const WINDOW_SIZE_HEADER: HeaderDefinition = /* @__PURE__ */ def(
  'Gov-Client-Window-Size',
  'key-value',
  'client',
  'The width and height of the application window in pixels.',
  { requiredKeys: ['width', 'height'] },
);
