import { type CollectionNote, isHeaderName } from '@fph-kit/spec';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import {
  type Assembler,
  type AssemblyResult,
  createAssembler,
  type VendorValues,
} from './assembler.js';
import { AssemblerError } from './errors.js';
import { withFphHeaders } from './fetch.js';
import { FORWARDING_HEADER_NAMES } from './forwarding.js';
import type { AssemblerOptions, RequestFacts } from './options.js';
import { type AssemblyProblemCode, problem } from './problems.js';

/** Where the middleware reports problems: anything with a `warn(message)` method. */
export interface FphLogger {
  warn(message: string): void;
}

export interface FphMiddlewareOptions extends AssemblerOptions {
  /**
   * Logs each kind of problem (code and header) once for the life of the middleware; every
   * occurrence stays in `req.fph.problems`. Default `console`; `false` logs nothing.
   */
  logger?: FphLogger | false;
}

/** What the middleware gives each request, as `req.fph`. */
export interface FphRequestContext {
  /** When the request arrived (Gov-Client-Public-IP-Timestamp). */
  readonly receivedAt: Date;
  /**
   * The complete Gov-* header set for the call to HMRC, as a new plain object. Assembled on the
   * first call (after your body parser has run, so the `fph_client` field is read) and again only
   * if `req.body` changes.
   */
  headers(): Record<string, string>;
  /** What was left out, dropped or refused for this request, and why. */
  readonly problems: readonly CollectionNote<AssemblyProblemCode>[];
  /** Headers, problems and where the client was found. */
  result(): AssemblyResult;
  /** A copy of a `fetch` init with the header set added, for the call to HMRC. */
  fetchInit(init?: RequestInit): RequestInit;
}

declare global {
  namespace Express {
    interface Request {
      /** Set by @fph-kit/server's `createFphMiddleware` on the routes it runs for. */
      fph: FphRequestContext;
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Logs each kind of problem (code and header) once, through a logger that may fail. */
class ProblemLog {
  private readonly logged = new Set<string>();
  constructor(private readonly logger: FphLogger | undefined) {}

  add(problems: readonly CollectionNote<AssemblyProblemCode>[]): void {
    if (!this.logger || problems.length === 0) return;
    for (const p of problems) {
      const header =
        p.header !== undefined && (isHeaderName(p.header) || FORWARDING_HEADER_NAMES.has(p.header))
          ? p.header
          : '*';
      const key = `${p.code} ${header}`;
      if (this.logged.has(key)) continue;
      this.logged.add(key);
      try {
        this.logger.warn(`fph-kit: ${p.code}${p.header ? ` ${p.header}` : ''}: ${p.message}`);
      } catch {
        // A failing logger must not fail the request.
      }
    }
  }
}

/** The request's facts, its body read when the set is assembled (after the body parser ran). */
class ExpressFacts implements RequestFacts {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: Request['headers'];
  constructor(
    private readonly req: Request,
    readonly receivedAt: number,
  ) {
    const socket = req.socket;
    this.remoteAddress = socket?.remoteAddress;
    this.remotePort = socket?.remotePort;
    this.headers = req.headers;
  }

  get body(): unknown {
    return this.req.body;
  }
}

/** `req.fph` for a request whose vendor values are resolved. */
class Context implements FphRequestContext {
  private cached: AssemblyResult | undefined;
  private cachedBody: unknown;

  constructor(
    private readonly assembler: Assembler,
    private readonly facts: ExpressFacts,
    private readonly vendor: VendorValues,
    private readonly log: ProblemLog,
  ) {}

  get receivedAt(): Date {
    return new Date(this.facts.receivedAt);
  }

  result(): AssemblyResult {
    const body = this.facts.body;
    if (this.cached && this.cachedBody === body) return this.cached;
    let result: AssemblyResult;
    try {
      result = this.assembler.assembleWith(this.facts, this.vendor);
    } catch (error) {
      return failedResult(error, this.log);
    }
    this.cached = result;
    this.cachedBody = body;
    this.log.add(result.problems);
    return result;
  }

  headers(): Record<string, string> {
    return { ...this.result().headers };
  }

  get problems(): readonly CollectionNote<AssemblyProblemCode>[] {
    return this.result().problems;
  }

  fetchInit(init?: RequestInit): RequestInit {
    return withFphHeaders(init, this.result().headers);
  }
}

function failedResult(error: unknown, log: ProblemLog): AssemblyResult {
  const result: AssemblyResult = {
    headers: {},
    problems: [
      problem(
        'INTERNAL_ERROR',
        undefined,
        `The fraud prevention headers could not be assembled: ${message(error)}.`,
      ),
    ],
    client: { source: 'socket' },
  };
  log.add(result.problems);
  return result;
}

/** `req.fph` when the middleware itself failed on the request: no headers, and why. */
class FailedContext implements FphRequestContext {
  private readonly failure: AssemblyResult;
  readonly receivedAt: Date;

  constructor(receivedAt: number, error: unknown, log: ProblemLog) {
    this.receivedAt = new Date(receivedAt);
    this.failure = failedResult(error, log);
  }

  result(): AssemblyResult {
    return this.failure;
  }

  headers(): Record<string, string> {
    return {};
  }

  get problems(): readonly CollectionNote<AssemblyProblemCode>[] {
    return this.failure.problems;
  }

  fetchInit(init?: RequestInit): RequestInit {
    return withFphHeaders(init, {});
  }
}

/**
 * Express middleware for the via-server connection methods. Put it first on the routes that call
 * HMRC: it records the arrival time and the connection's address and port as the request
 * arrives, and gives `req.fph`. It never throws, never rejects, and never holds a request for
 * something it cannot get: a missing value becomes a problem, not an error. Throws
 * {@link AssemblerError} `INVALID_OPTIONS` at creation for unusable options.
 */
export function createFphMiddleware(options: FphMiddlewareOptions): RequestHandler {
  if (options === null || typeof options !== 'object') {
    throw new AssemblerError(
      'INVALID_OPTIONS',
      'fph-kit server options: expected an options object',
    );
  }
  const { logger: loggerOption, ...assemblerOptions } = options;
  const assembler = createAssembler(assemblerOptions);
  const logger: FphLogger | undefined =
    loggerOption === undefined ? console : loggerOption === false ? undefined : loggerOption;
  if (logger !== undefined && typeof logger?.warn !== 'function') {
    throw new AssemblerError(
      'INVALID_OPTIONS',
      'fph-kit server options: logger must have a warn(message) method, or be false',
    );
  }
  const log = new ProblemLog(logger);

  const proceed = (req: Request, next: NextFunction, context: FphRequestContext): void => {
    req.fph = context;
    try {
      next();
    } catch (error) {
      log.add([
        problem('INTERNAL_ERROR', undefined, `Passing the request on failed: ${message(error)}.`),
      ]);
    }
  };

  return function fphMiddleware(req: Request, _res: Response, next: NextFunction): void {
    const receivedAt = Date.now();
    let facts: ExpressFacts;
    let vendor: VendorValues | Promise<VendorValues>;
    try {
      facts = new ExpressFacts(req, receivedAt);
      vendor = assembler.resolveVendor(facts);
    } catch (error) {
      req.fph = new FailedContext(receivedAt, error, log);
      next();
      return;
    }
    if (!(vendor instanceof Promise)) {
      req.fph = new Context(assembler, facts, vendor, log);
      next();
      return;
    }
    // Neither callback can throw, so the chain never ends in a rejection.
    vendor.then(
      (resolved) => proceed(req, next, new Context(assembler, facts, resolved, log)),
      (error: unknown) => proceed(req, next, new FailedContext(receivedAt, error, log)),
    );
  };
}
