import { errorText, type Warning } from './collector-types.js';

/**
 * The collector's warnings: every distinct one kept once (by code and message) and passed to the
 * `onWarning` callback once, however many requests meet the same lasting condition.
 */
export class WarningLog {
  readonly list: Warning[] = [];
  private readonly seen = new Set<string>();
  private readonly seenObjects = new WeakSet<Warning>();

  constructor(private readonly onWarning: ((warning: Warning) => void) | undefined) {}

  /** Adds `warning` to the collection's `into` list, and to the log when it is new. */
  add(into: Warning[], warning: Warning): void {
    into.push(warning);
    // Warnings built once (a lasting condition) are recognised by identity, without a key.
    if (this.seenObjects.has(warning)) return;
    this.seenObjects.add(warning);
    const key = `${warning.code}\u0000${warning.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(warning);
    try {
      this.onWarning?.(warning);
    } catch (error) {
      // A failing listener must not cost the request its headers; Node reports it instead.
      process.emitWarning(`@fph-kit/node: the onWarning callback threw: ${errorText(error)}`);
    }
  }
}
