import type { NextFunction, Request, Response } from 'express';
import { endpointPath } from './api-paths.js';
import type { Emit } from './log.js';

/**
 * One log line per request, written when its connection is done with it: method, endpoint path
 * (identifiers replaced, no query), status, duration, and what the handlers noted in
 * `res.locals` (`problem`: the error code; `gateway`: the upstream's part). Never a header value.
 */
export function accessLog(emit: Emit): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const started = performance.now();
    res.once('close', () => {
      const status = res.statusCode;
      const path = (req.originalUrl ?? req.url ?? '/').split('?', 1)[0]!;
      const record: Record<string, unknown> = {
        method: req.method,
        path: endpointPath(path.length > 300 ? `${path.slice(0, 300)}...` : path),
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      };
      if (res.locals.problem !== undefined) record.code = res.locals.problem;
      if (!res.writableFinished) record.aborted = true;
      if (res.locals.gateway !== undefined) record.gateway = res.locals.gateway;
      emit(
        status >= 500 || record.aborted ? 'error' : status >= 400 ? 'warn' : 'info',
        'request',
        record,
      );
    });
    next();
  };
}
