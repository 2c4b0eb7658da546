import { formatWindowSize } from '@fph-kit/spec';
import { guard } from '../collector-options.js';
import {
  type Entry,
  errorText,
  type Notify,
  type PerRequest,
  type Warning,
} from '../collector-types.js';
import type { DisplayAdapter } from '../display.js';

/** Gov-Client-Window-Size: the request's own size, else the display adapter's focused window. */
export class WindowSizeHeader {
  /** Without an adapter there is never a window: one entry and one warning, built once. */
  private readonly noWindow: { entry: Entry; warning: Warning } = (() => {
    const reason =
      'no display adapter given: this process has no application window to measure (a command line or background process)';
    return {
      entry: { status: 'missing', source: reason },
      warning: { code: 'NO_WINDOW', header: 'Gov-Client-Window-Size', message: reason },
    };
  })();

  constructor(private readonly display: DisplayAdapter | undefined) {}

  entry(per: PerRequest | undefined, notify: Notify): Entry {
    if (per?.windowSize !== undefined) {
      const given = per.windowSize;
      return {
        value: guard('INVALID_ARGUMENT', 'windowSize', () => formatWindowSize(given)),
        status: 'collected',
        source: 'the windowSize given for this request',
      };
    }
    const display = this.display;
    if (!display) {
      notify(this.noWindow.warning);
      return this.noWindow.entry;
    }
    let reason: string;
    const size = display.windowSize();
    if (size) {
      try {
        return {
          value: formatWindowSize(size),
          status: 'collected',
          source: `${display.description}: content size, read for this request`,
        };
      } catch (error) {
        reason = `${display.description} gave an unusable window size (${errorText(error)})`;
      }
    } else {
      reason = `${display.description}: no window to measure (none has focus and no fallback window was given)`;
    }
    notify({ code: 'NO_WINDOW', header: 'Gov-Client-Window-Size', message: reason });
    return { status: 'missing', source: reason };
  }
}
