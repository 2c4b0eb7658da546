import type { HmrcErrorCode, HmrcOperation } from './errors.js';
import type { Redactor } from './redact.js';

/** What the client tells its logger. Every string in it has been through the redactor. */
export interface HmrcLogEvent {
  level: 'debug' | 'info' | 'warn' | 'error';
  event: 'request' | 'response' | 'retry' | 'token' | 'deprecation' | 'schema' | 'failure';
  operation: HmrcOperation;
  message: string;
  /** The attempt number within the call (1 for the first request). */
  attempt?: number;
  status?: number;
  /** For `retry`: how long the client waits before the next attempt. */
  delayMs?: number;
  /** For `response`: clock time the attempt took. */
  durationMs?: number;
  /** HmrcError code, for `retry` and `failure`. */
  code?: HmrcErrorCode;
  /** URL of the request, without credentials. */
  url?: string;
}

export type HmrcLogger = (event: HmrcLogEvent) => void;

/** The client's own log function: scrubs every event and never lets the logger fail a call. */
export function createLog(logger: HmrcLogger | undefined, redactor: Redactor): HmrcLogger {
  return (event) => {
    if (!logger) return;
    const safe = redactor.value(event);
    try {
      logger(safe);
    } catch {
      // A failing logger must never fail a call.
    }
  };
}
