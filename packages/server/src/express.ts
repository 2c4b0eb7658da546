import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  type AdapterFacts,
  createCore,
  type FphLogger,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './context.js';
import type { FrameworkTrust } from './trust.js';

export type { FphLogger, FphMiddlewareOptions, FphRequestContext };

declare global {
  namespace Express {
    interface Request {
      /** Set by @fph-kit/server's `createFphMiddleware` on the routes it runs for. */
      fph: FphRequestContext;
    }
  }
}

const SETTING = "Express's trust proxy setting";

/** The request's facts, its body read when the set is assembled (after the body parser ran). */
class ExpressFacts implements AdapterFacts {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: Request['headers'];
  readonly proxyTrust: FrameworkTrust | undefined;
  readonly proxyTrustSetting = SETTING;
  constructor(
    private readonly req: Request,
    readonly receivedAt: number,
  ) {
    const socket = req.socket;
    this.remoteAddress = socket?.remoteAddress;
    this.remotePort = socket?.remotePort;
    this.headers = req.headers;
    // The compiled `trust proxy` of the app that handles the request (a sub-app may differ).
    const trust: unknown = req.app?.get?.('trust proxy fn');
    this.proxyTrust = typeof trust === 'function' ? (trust as FrameworkTrust) : undefined;
  }

  get body(): unknown {
    return this.req.body;
  }
}

/**
 * Express middleware (Express 4 and 5) for the via-server connection methods. Put it first on
 * the routes that call HMRC: it records the arrival time and the connection's address and port
 * as the request arrives, and gives `req.fph`. Without `proxies.trusted` it follows the app's own
 * `trust proxy` setting, so Gov-Client-Public-IP is `req.ip`'s address. It never throws, never
 * rejects, and never holds a request for something it cannot get: a missing value becomes a
 * problem, not an error. Throws {@link AssemblerError} `INVALID_OPTIONS` at creation for
 * unusable options.
 */
export function createFphMiddleware(options: FphMiddlewareOptions): RequestHandler {
  const core = createCore(options);
  const proceed = (req: Request, next: NextFunction, context: FphRequestContext): void => {
    req.fph = context;
    try {
      next();
    } catch (error) {
      core.fail('Passing the request on', error);
    }
  };

  return function fphMiddleware(req: Request, _res: Response, next: NextFunction): void {
    const receivedAt = Date.now();
    let context: FphRequestContext | Promise<FphRequestContext>;
    try {
      context = core.begin(new ExpressFacts(req, receivedAt));
    } catch (error) {
      // Only a request object without the shape Express gives lands here.
      context = core.failed(receivedAt, error);
    }
    if (!(context instanceof Promise)) {
      req.fph = context;
      next();
      return;
    }
    context.then((resolved) => proceed(req, next, resolved));
  };
}
