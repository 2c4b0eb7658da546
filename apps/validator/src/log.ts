/**
 * Structured logs: one JSON object per line. Request lines carry the method, the endpoint path
 * (identifiers such as NINOs and VRNs replaced by placeholders), the status and the duration;
 * never a header value, a query string, a body, a token or a secret.
 */

export interface LogRecord {
  /** ISO time of the event. */
  time: string;
  level: 'info' | 'warn' | 'error';
  /** `request` for the one line per request; `listen`, `close`, `hmrc`, `gateway`, `error` otherwise. */
  msg: string;
  [field: string]: unknown;
}

/** Where log records go. The default writes one JSON line per record to standard output. */
export type LogSink = (record: LogRecord) => void;

export const stdoutSink: LogSink = (record) => {
  process.stdout.write(`${JSON.stringify(record)}\n`);
};

/** A sink that never throws: a failing sink must not fail a request. */
export function safeSink(sink: LogSink): LogSink {
  return (record) => {
    try {
      sink(record);
    } catch {
      // Logging is best effort.
    }
  };
}

/** Writes one record: the time, the level, what happened and its fields. */
export type Emit = (
  level: LogRecord['level'],
  msg: string,
  fields?: Record<string, unknown>,
) => void;

/** The service's one way to log: `false` logs nothing, a sink never fails a request. */
export function createEmit(sink: LogSink | false | undefined, now: () => number): Emit {
  const log: LogSink = sink === false ? () => undefined : safeSink(sink ?? stdoutSink);
  return (level, msg, fields = {}) =>
    log({ time: new Date(now()).toISOString(), level, msg, ...fields });
}
