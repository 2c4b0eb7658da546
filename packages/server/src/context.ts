import { type CollectionNote, isHeaderName } from '@fph-kit/spec';
import {
  type Assembler,
  type AssemblyResult,
  createAssembler,
  type VendorValues,
} from './assembler.js';
import { AssemblerError } from './errors.js';
import { withFphHeaders } from './fetch-init.js';
import { FORWARDING_HEADER_NAMES } from './forwarding.js';
import type { AssemblerOptions, RequestFacts } from './options.js';
import { type AssemblyProblemCode, problem } from './problems.js';

/** Where an adapter reports problems: anything with a `warn(message)` method. */
export interface FphLogger {
  warn(message: string): void;
}

/** The options of every adapter: the assembler's, and where problems are logged. */
export interface FphMiddlewareOptions extends AssemblerOptions {
  /**
   * Logs each kind of problem (code and header) once for the life of the adapter; every
   * occurrence stays in the request's `fph.problems`. Default `console`; `false` logs nothing.
   */
  logger?: FphLogger | false;
}

/** What every adapter gives each request (`req.fph`, `request.fph`, `c.get('fph')`, ...). */
export interface FphRequestContext {
  /** When the request arrived (Gov-Client-Public-IP-Timestamp). */
  readonly receivedAt: Date;
  /**
   * The complete Gov-* header set for the call to HMRC, as a new plain object. Assembled on the
   * first call (after your body parser has run, so the `fph_client` field is read) and again only
   * if the parsed body changes.
   */
  headers(): Record<string, string>;
  /** What was left out, dropped or refused for this request, and why. */
  readonly problems: readonly CollectionNote<AssemblyProblemCode>[];
  /** Headers, problems and where the client was found. */
  result(): AssemblyResult;
  /** A copy of a `fetch` init with the header set added, for the call to HMRC. */
  fetchInit(init?: RequestInit): RequestInit;
}

/** A request's facts as an adapter captures them: arrival in epoch milliseconds. */
export interface AdapterFacts extends RequestFacts {
  readonly receivedAt: number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Logs each kind of problem (code and header) once, through a logger that may fail. */
export class ProblemLog {
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

/** The context for a request whose vendor values are resolved. */
class Context implements FphRequestContext {
  private cached: AssemblyResult | undefined;
  private cachedBody: unknown;

  constructor(
    private readonly assembler: Assembler,
    private readonly facts: AdapterFacts,
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

/** The context when the adapter itself failed on the request: no headers, and why. */
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

/** What each adapter is built on: one assembler, one problem log, and the start of a request. */
export interface FphCore {
  readonly assembler: Assembler;
  readonly log: ProblemLog;
  /**
   * Starts a request: its context now when the vendor's side is fixed, else a promise of it.
   * Never throws and never rejects: a failure becomes an INTERNAL_ERROR problem.
   */
  begin(facts: AdapterFacts): FphRequestContext | Promise<FphRequestContext>;
  /** The context of a request the adapter could not read: no headers, and why. */
  failed(receivedAt: number, error: unknown): FphRequestContext;
  /** Reports a failure outside the assembler (passing the request on, reading a body). */
  fail(what: string, error: unknown): void;
}

/**
 * Checks the options and creates the assembler once. Throws {@link AssemblerError}
 * `INVALID_OPTIONS` for unusable options.
 */
export function createCore(options: FphMiddlewareOptions): FphCore {
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
  return {
    assembler,
    log,
    begin(facts) {
      let vendor: VendorValues | Promise<VendorValues>;
      try {
        vendor = assembler.resolveVendor(facts);
      } catch (error) {
        return new FailedContext(facts.receivedAt, error, log);
      }
      if (!(vendor instanceof Promise)) return new Context(assembler, facts, vendor, log);
      // Neither callback can throw, so the chain never ends in a rejection.
      return vendor.then(
        (resolved) => new Context(assembler, facts, resolved, log),
        (error: unknown) => new FailedContext(facts.receivedAt, error, log),
      );
    },
    failed(receivedAt, error) {
      return new FailedContext(receivedAt, error, log);
    },
    fail(what, error) {
      log.add([problem('INTERNAL_ERROR', undefined, `${what} failed: ${message(error)}.`)]);
    },
  };
}
