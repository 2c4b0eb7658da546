import {
  CONNECTION_METHODS,
  type HeaderInput,
  isConnectionMethod,
  toHeaderMap,
} from '@fph-kit/spec';
import { type Clock, systemClock } from './clock.js';
import { deprecationWarnings, type HmrcResponseWarning } from './deprecation.js';
import { HINTS, HmrcError, type HmrcErrorCode, type HmrcOperation, isHmrcError } from './errors.js';
import {
  type ExchangeRequest,
  exchange,
  type FetchLike,
  isJsonContentType,
  type RawResponse,
} from './http.js';
import { API_IDENTIFIERS } from './openapi.generated.js';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { Redactor } from './redact.js';
import { backoffDelay, parseRetryAfter, type RetryOptions, retryPolicy } from './retry.js';
import { checkFeedbackResponse, checkValidateResponse, type SchemaIssue } from './schemas.js';
import type { HmrcFeedbackResponse, HmrcValidateResponse } from './types.js';

/** HMRC's sandbox, where the Test Fraud Prevention Headers API lives. */
export const SANDBOX_BASE_URL = 'https://test-api.service.hmrc.gov.uk';

/** The Accept header every call sends: JSON, version 1.0 of the API. */
export const HMRC_ACCEPT = 'application/vnd.hmrc.1.0+json';

/** One value of the validation-feedback `api` path parameter. */
export type ApiIdentifier = (typeof API_IDENTIFIERS)[number];

export function isApiIdentifier(value: unknown): value is ApiIdentifier {
  return typeof value === 'string' && (API_IDENTIFIERS as readonly string[]).includes(value);
}

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

/** A bearer token the caller manages: a string, or a function asked before every call. */
export type BearerTokenSource = string | (() => string | Promise<string>);

export interface TestApiClientBaseOptions {
  /** Default {@link SANDBOX_BASE_URL}; the CLI and service pass `HMRC_BASE_URL`. */
  baseUrl?: string;
  /** OAuth token endpoint; default `{baseUrl}/oauth/token`. */
  tokenUrl?: string;
  /** Per-attempt timeout in milliseconds (connect, headers and body). Default 10000. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /**
   * Client-side limiter: options for this client's own token bucket (default 2.5 requests per
   * second, bucket of 1: never more than 3 requests in any one second), or a limiter from
   * {@link createRateLimiter} shared by every client of the same HMRC application.
   */
  rateLimit?: RateLimitOptions | RateLimiter;
  /** Default the global `fetch`. */
  fetch?: FetchLike;
  /** Default the system clock; tests pass a virtual one. */
  clock?: Clock;
  /** Source of jitter in [0, 1); default `Math.random`. */
  random?: () => number;
  logger?: HmrcLogger;
  /** Largest response body accepted, in bytes. Default 4 MiB. */
  maxResponseBytes?: number;
  /**
   * Allow plain `http:` to a host other than loopback. Off by default: credentials and tokens
   * would cross the network unencrypted.
   */
  allowInsecureHttp?: boolean;
}

/** OAuth 2.0 client credentials of an application registered in HMRC's Developer Hub. */
export interface ClientCredentialsOptions extends TestApiClientBaseOptions {
  clientId: string;
  clientSecret: string;
  bearerToken?: never;
}

/** A caller-supplied bearer token instead of client credentials. */
export interface BearerTokenOptions extends TestApiClientBaseOptions {
  bearerToken: BearerTokenSource;
  clientId?: never;
  clientSecret?: never;
}

export type TestApiClientOptions = ClientCredentialsOptions | BearerTokenOptions;

export interface TestApiCallOptions {
  /** Cancels the call, waits included; the call then rejects with code ABORTED. */
  signal?: AbortSignal;
}

export interface ValidationFeedbackOptions extends TestApiCallOptions {
  /** Only requests made with this connection method (HMRC's `connectionMethod` filter). */
  connectionMethod?: string;
}

interface HmrcResultBase {
  /** HTTP status of HMRC's answer (200). */
  status: number;
  /** Requests sent to the endpoint for this call, retries included (token requests excluded). */
  attempts: number;
  /** Deprecation, Sunset and Link response headers, as warnings. */
  warnings: HmrcResponseWarning[];
}

/**
 * HMRC's answer, checked against the OpenAPI schema. `conforms` is false when the body does not
 * match even with HMRC's known deviations allowed; `issues` then lists Ajv's findings and `body`
 * is the parsed JSON as received (secrets masked).
 */
export type HmrcResult<T> =
  | (HmrcResultBase & {
      conforms: true;
      body: T;
      issues: readonly [];
      /** Known HMRC deviations from the document present in the body. */
      tolerated: readonly SchemaIssue[];
    })
  | (HmrcResultBase & {
      conforms: false;
      body: unknown;
      issues: readonly SchemaIssue[];
      tolerated: readonly [];
    });

export type ValidateResult = HmrcResult<HmrcValidateResponse>;
export type FeedbackResult = HmrcResult<HmrcFeedbackResponse>;

export interface TestApiClient {
  /** The base URL in use, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * `GET {base}/test/fraud-prevention-headers/validate` with the given Gov-* headers sent as the
   * request's own headers: HMRC's verdict on that one header set.
   */
  validate(headers: HeaderInput, options?: TestApiCallOptions): Promise<ValidateResult>;
  /**
   * `GET {base}/test/fraud-prevention-headers/{api}/validation-feedback`: HMRC's verdict on the
   * latest sandbox request to each endpoint of `api` (e.g. `vat-mtd`).
   */
  validationFeedback(api: string, options?: ValidationFeedbackOptions): Promise<FeedbackResult>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const STATUS_CODES: Record<number, HmrcErrorCode> = {
  401: 'INVALID_CREDENTIALS',
  403: 'RESOURCE_FORBIDDEN',
  404: 'MATCHING_RESOURCE_NOT_FOUND',
  406: 'ACCEPT_HEADER_INVALID',
  429: 'MESSAGE_THROTTLED_OUT',
};
const BEARER_TOKEN_HINT =
  'The bearer token was refused: it may have expired, or belong to another environment or application.';
const OAUTH_CREDENTIAL_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII: what a bearer token may hold. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
/** Token lifetime assumed when HMRC's answer omits expires_in (HMRC documents 4 hours). */
const DEFAULT_TOKEN_SECONDS = 4 * 60 * 60;

/** A 2xx answer, how many requests it took, and how messages name the request. */
type Attempted = { response: RawResponse; attempts: number; what: string };

function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return value === undefined ? 'nothing' : typeof value;
}

function invalidOption(message: string): HmrcError {
  return new HmrcError('INVALID_OPTIONS', message, { operation: 'configure' });
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    hostname.endsWith('.localhost')
  );
}

function parseEndpoint(value: unknown, field: string, allowInsecureHttp: boolean): URL {
  if (typeof value !== 'string' || value.trim() === '')
    throw invalidOption(`${field} must be an absolute http(s) URL, got ${describeValue(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new HmrcError('INVALID_OPTIONS', `${field} is not a URL: ${describeValue(value)}`, {
      operation: 'configure',
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalidOption(
      `${field} must use https (or http for a local server), got ${url.protocol}`,
    );
  if (url.username || url.password)
    throw invalidOption(`${field} must not contain a user name or password`);
  if (url.search || url.hash) throw invalidOption(`${field} must not have a query or fragment`);
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname))
    throw invalidOption(
      `${field} uses plain http to ${url.hostname}: credentials would travel unencrypted. Use https, or set allowInsecureHttp`,
    );
  return url;
}

function positiveNumber(value: unknown, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw invalidOption(`${field} must be a positive number, got ${describeValue(value)}`);
  return value;
}

/**
 * The Gov-* headers to send, or why they cannot travel as the caller gave them (nothing is dropped
 * or altered silently).
 */
function govHeaders(input: HeaderInput): { headers: Record<string, string> } | { problem: string } {
  if (input === null || typeof input !== 'object')
    return {
      problem: `headers must be an object (or Headers, or [name, value] pairs) of Gov-* header names to values, got ${input === null ? 'null' : typeof input}`,
    };
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const entry of toHeaderMap(input).values()) {
    const { name, value } = entry;
    if (!HEADER_NAME.test(name)) {
      problems.push(`${JSON.stringify(name)} is not a valid HTTP header name`);
      continue;
    }
    if (!name.toLowerCase().startsWith('gov-')) {
      problems.push(
        `${name} is not a fraud prevention header (only Gov-* headers are sent to the validate endpoint)`,
      );
      continue;
    }
    const bad = /[^\t\x20-\x7e\x80-\xff]/.exec(value);
    if (bad) {
      const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      problems.push(
        `${name}: value has U+${code} at position ${bad.index + 1}, which an HTTP header cannot carry (percent-encode it)`,
      );
      continue;
    }
    if (value !== value.trim()) {
      problems.push(
        `${name}: value starts or ends with whitespace, which HTTP strips before HMRC sees it; remove it`,
      );
      continue;
    }
    out[name] = value;
  }
  if (problems.length > 0) return { problem: `cannot send these headers: ${problems.join('; ')}` };
  return { headers: out };
}

function isScreamingSnake(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z][A-Z0-9_]*$/.test(value);
}

function parseJson(
  text: string | undefined,
): { ok: true; value: unknown } | { ok: false; cause: unknown } {
  if (text === undefined) return { ok: false, cause: new Error('the body is not valid UTF-8') };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (cause) {
    return { ok: false, cause };
  }
}

interface Auth {
  /** Resolves to the bearer token to send. */
  token(signal: AbortSignal | undefined): Promise<string>;
  /** Forgets `used` after a 401; true when asking again may give a different token. */
  refresh(used: string): boolean;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Creates a client for HMRC's Test Fraud Prevention Headers API. Throws INVALID_OPTIONS. */
export function createTestApiClient(options: TestApiClientOptions): TestApiClient {
  if (options === null || typeof options !== 'object')
    throw invalidOption('createTestApiClient needs an options object');
  const redactor = new Redactor();
  const allowInsecureHttp = options.allowInsecureHttp === true;
  const base = parseEndpoint(options.baseUrl ?? SANDBOX_BASE_URL, 'baseUrl', allowInsecureHttp);
  const baseUrl = base.href.replace(/\/+$/, '');
  const tokenUrl = parseEndpoint(
    options.tokenUrl ?? `${baseUrl}/oauth/token`,
    'tokenUrl',
    allowInsecureHttp,
  ).href;
  const timeoutMs = positiveNumber(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS);
  const maxBodyBytes = positiveNumber(
    options.maxResponseBytes,
    'maxResponseBytes',
    DEFAULT_MAX_RESPONSE_BYTES,
  );
  const policy = retryPolicy(options.retry);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const limiter: RateLimiter =
    options.rateLimit && typeof (options.rateLimit as RateLimiter).acquire === 'function'
      ? (options.rateLimit as RateLimiter)
      : createRateLimiter({ ...(options.rateLimit as RateLimitOptions | undefined), clock });

  const log = (event: HmrcLogEvent): void => {
    if (!options.logger) return;
    const safe = redactor.value(event);
    try {
      options.logger(safe);
    } catch {
      // A failing logger must never fail a call.
    }
  };

  const hasClientCredentials = options.clientId !== undefined || options.clientSecret !== undefined;

  /** Every HmrcError the client throws is made here, scrubbed. */
  const fail = (
    code: HmrcErrorCode,
    message: string,
    details: {
      operation: HmrcOperation;
      status?: number;
      attempts?: number;
      hmrcMessage?: string;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ): HmrcError => {
    const hint =
      code === 'INVALID_CREDENTIALS' && !hasClientCredentials ? BEARER_TOKEN_HINT : HINTS[code];
    const text = hint ? `${message}. ${hint}` : `${message}.`;
    const init: ConstructorParameters<typeof HmrcError>[2] = {
      operation: details.operation,
      attempts: details.attempts ?? 0,
    };
    if (details.status !== undefined) init.status = details.status;
    if (hint !== undefined) init.hint = hint;
    if (details.hmrcMessage !== undefined) init.hmrcMessage = redactor.text(details.hmrcMessage);
    if (details.retryAfterMs !== undefined) init.retryAfterMs = details.retryAfterMs;
    if ('cause' in details) init.cause = redactor.cause(details.cause);
    return new HmrcError(code, redactor.text(text), init);
  };

  // Credentials.
  let auth: Auth;
  if (hasClientCredentials && options.bearerToken !== undefined)
    throw invalidOption('give either clientId and clientSecret, or bearerToken, not both');
  if (hasClientCredentials) {
    const { clientId, clientSecret } = options;
    if (typeof clientId !== 'string' || clientId.trim() === '')
      throw invalidOption('clientId must be a non-empty string (HMRC_CLIENT_ID)');
    if (typeof clientSecret !== 'string' || clientSecret.trim() === '')
      throw invalidOption('clientSecret must be a non-empty string (HMRC_CLIENT_SECRET)');
    redactor.add(clientSecret);
    auth = oauth(clientId, clientSecret);
  } else if (typeof options.bearerToken === 'string') {
    const token = options.bearerToken;
    redactor.add(token);
    if (!TOKEN_CHARS.test(token))
      throw invalidOption('bearerToken must be a non-empty string of visible ASCII characters');
    auth = { token: async () => token, refresh: () => false };
  } else if (typeof options.bearerToken === 'function') {
    const source = options.bearerToken;
    auth = {
      async token(signal) {
        let token: unknown;
        try {
          token = await raceAbort(Promise.resolve().then(source), signal);
        } catch (cause) {
          if (signal?.aborted)
            throw fail('ABORTED', 'the call was cancelled while waiting for a bearer token', {
              operation: 'token',
              cause,
            });
          throw fail('INVALID_OPTIONS', 'the bearerToken function failed', {
            operation: 'token',
            cause,
          });
        }
        if (typeof token === 'string') redactor.add(token);
        if (typeof token !== 'string' || !TOKEN_CHARS.test(token))
          throw fail(
            'INVALID_OPTIONS',
            `the bearerToken function must resolve to a non-empty string of visible ASCII characters, got ${typeof token === 'string' ? 'an unusable string' : typeof token}`,
            { operation: 'token' },
          );
        return token;
      },
      refresh: () => true,
    };
  } else {
    throw invalidOption(
      'credentials missing: give clientId and clientSecret (HMRC_CLIENT_ID, HMRC_CLIENT_SECRET) or bearerToken',
    );
  }

  /**
   * Sends one request until it succeeds or must stop: limiter slot, attempt with timeout, backoff.
   * Nothing runs past `deadline` (clock time): queueing, attempts (their timeouts are cut short)
   * and waits all fit in it.
   */
  async function perform(
    operation: HmrcOperation,
    request: ExchangeRequest,
    signal: AbortSignal | undefined,
    deadline: number,
  ): Promise<Attempted> {
    const url = request.url;
    const what = describeRequest(operation, request);
    for (let attempt = 1; ; attempt++) {
      let granted: boolean;
      try {
        granted = await limiter.acquire({
          maxWaitMs: Math.max(0, deadline - clock.now()),
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        throw fail('ABORTED', `the call to ${what} was cancelled`, {
          operation,
          attempts: attempt - 1,
          cause,
        });
      }
      if (!granted)
        throw fail(
          'RATE_LIMITED',
          `no request slot for ${what} within the ${policy.maxElapsedMs} ms time budget`,
          { operation, attempts: attempt - 1 },
        );
      log({
        level: 'debug',
        event: 'request',
        operation,
        attempt,
        url,
        message: `${request.method} ${url}`,
      });
      const sentAt = clock.now();
      const attemptTimeoutMs = Math.max(1, Math.min(timeoutMs, deadline - sentAt));
      const outcome = await exchange(request, {
        fetch: fetchFn,
        clock,
        timeoutMs: attemptTimeoutMs,
        maxBodyBytes,
        signal,
      });
      let error: HmrcError;
      let retryAfterMs: number | undefined;
      if (outcome.kind === 'response') {
        const { response } = outcome;
        log({
          level: 'debug',
          event: 'response',
          operation,
          attempt,
          url,
          status: response.status,
          durationMs: clock.now() - sentAt,
          message: `${response.status} from ${request.method} ${url}`,
        });
        if (response.status >= 200 && response.status < 300)
          return { response, attempts: attempt, what };
        error = errorFromResponse(what, operation, response, attempt);
        if (!RETRYABLE_STATUS.has(response.status)) throw error;
        retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());
      } else if (outcome.kind === 'aborted') {
        throw fail('ABORTED', `the call to ${what} was cancelled`, {
          operation,
          attempts: attempt,
          cause: outcome.cause,
        });
      } else if (outcome.kind === 'too-large') {
        throw fail(
          'INVALID_RESPONSE',
          `HMRC's answer to ${what} is larger than ${maxBodyBytes} bytes`,
          { operation, status: outcome.status, attempts: attempt },
        );
      } else if (outcome.kind === 'timeout') {
        error = fail('TIMEOUT', `${what} did not answer within ${attemptTimeoutMs} ms`, {
          operation,
          attempts: attempt,
          cause: outcome.cause,
        });
      } else {
        error = fail('NETWORK', `could not reach ${url}`, {
          operation,
          attempts: attempt,
          cause: outcome.cause,
        });
      }
      if (attempt >= policy.maxAttempts)
        throw attempt === 1
          ? error
          : restate(error, ` (gave up after ${attempt} attempts)`, {
              attempts: attempt,
              retryAfterMs,
            });
      let delay = backoffDelay(attempt, policy, random);
      if (retryAfterMs !== undefined) delay = Math.max(delay, retryAfterMs);
      if (clock.now() + delay >= deadline)
        throw restate(
          error,
          `; not retried: waiting ${delay} ms would exceed the ${policy.maxElapsedMs} ms time budget`,
          { attempts: attempt, retryAfterMs },
        );
      // Throttling and announced outages hold every caller sharing the limiter, not just this one.
      if (error.status === 429 || (error.status === 503 && retryAfterMs !== undefined))
        limiter.pause(clock.now() + delay);
      log({
        level: 'warn',
        event: 'retry',
        operation,
        attempt,
        url,
        delayMs: delay,
        code: error.code,
        ...(error.status !== undefined ? { status: error.status } : {}),
        message: `${error.code} from ${what}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`,
      });
      try {
        await clock.sleep(delay, signal);
      } catch (cause) {
        throw fail('ABORTED', `the call to ${what} was cancelled`, {
          operation,
          attempts: attempt,
          cause,
        });
      }
    }
  }

  /** The same failure said again with more context (attempts made, why retrying stopped). */
  function restate(
    error: HmrcError,
    addition: string,
    changes: { attempts: number; retryAfterMs?: number | undefined },
  ): HmrcError {
    let text = error.message;
    if (error.hint && text.endsWith(error.hint)) text = text.slice(0, -error.hint.length).trimEnd();
    const details: Parameters<typeof fail>[2] = {
      operation: error.operation ?? 'validate',
      attempts: changes.attempts,
    };
    if (error.status !== undefined) details.status = error.status;
    if (error.hmrcMessage !== undefined) details.hmrcMessage = error.hmrcMessage;
    const retryAfterMs = changes.retryAfterMs ?? error.retryAfterMs;
    if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
    if (error.cause !== undefined) details.cause = error.cause;
    return fail(error.code, `${text.replace(/\.$/, '')}${addition}`, details);
  }

  /** How messages name a request: the token endpoint, or the method and path called. */
  function describeRequest(operation: HmrcOperation, request: ExchangeRequest): string {
    if (operation === 'token') return "HMRC's OAuth token endpoint";
    return `${request.method} ${new URL(request.url).pathname}`;
  }

  function errorFromResponse(
    what: string,
    operation: HmrcOperation,
    response: RawResponse,
    attempts: number,
  ): HmrcError {
    const { status } = response;
    const parsed = parseJson(response.text);
    const body =
      parsed.ok && parsed.value !== null && typeof parsed.value === 'object'
        ? (parsed.value as Record<string, unknown>)
        : undefined;
    let code: HmrcErrorCode | undefined;
    let hmrcMessage: string | undefined;
    if (body && isScreamingSnake(body.code)) {
      code = body.code;
      if (typeof body.message === 'string') hmrcMessage = body.message;
    } else if (operation === 'token' && body && typeof body.error === 'string') {
      code = OAUTH_CREDENTIAL_ERRORS.has(body.error)
        ? 'INVALID_CREDENTIALS'
        : 'TOKEN_REQUEST_FAILED';
      hmrcMessage =
        typeof body.error_description === 'string'
          ? `${body.error}: ${body.error_description}`
          : body.error;
    }
    if (code === undefined) {
      if (status >= 300 && status < 400) {
        const location = response.headers.get('location');
        return fail(
          'HTTP_ERROR',
          `${what} answered ${status}, a redirect${location ? ` to ${location}` : ''}; check the base URL`,
          { operation, status, attempts },
        );
      }
      code = STATUS_CODES[status] ?? (status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR');
    }
    const said = hmrcMessage ? `: ${hmrcMessage}` : '';
    const details: Parameters<typeof fail>[2] = { operation, status, attempts };
    if (hmrcMessage !== undefined) details.hmrcMessage = hmrcMessage;
    return fail(code, `${what} answered ${status} ${code}${said}`, details);
  }

  /**
   * Parses a 2xx body as JSON, or throws INVALID_RESPONSE saying why not. Bodies are scrubbed of
   * secrets, except the token endpoint's, which is never returned to callers.
   */
  function jsonBody(operation: HmrcOperation, attempted: Attempted): unknown {
    const { response, attempts, what } = attempted;
    const type = response.headers.get('content-type');
    if (!isJsonContentType(type))
      throw fail(
        'INVALID_RESPONSE',
        `${what} answered ${response.status} with content type ${type ?? '(none)'}, expected JSON`,
        { operation, status: response.status, attempts },
      );
    const parsed = parseJson(response.text);
    if (!parsed.ok)
      throw fail(
        'INVALID_RESPONSE',
        `${what} answered ${response.status} with a body that is not JSON`,
        {
          operation,
          status: response.status,
          attempts,
          cause: parsed.cause,
        },
      );
    return operation === 'token' ? parsed.value : redactor.value(parsed.value);
  }

  function oauth(clientId: string, clientSecret: string): Auth {
    let cached: { token: string; expiresAt: number } | undefined;
    let inflight: Promise<string> | undefined;

    async function requestToken(): Promise<string> {
      const requestedAt = clock.now();
      const attempted = await perform(
        'token',
        {
          method: 'POST',
          url: tokenUrl,
          headers: {
            accept: 'application/json',
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({
            client_id: clientId,
            client_secret: clientSecret,
            grant_type: 'client_credentials',
          }).toString(),
        },
        undefined,
        requestedAt + policy.maxElapsedMs,
      );
      const body = jsonBody('token', attempted) as Record<string, unknown> | null;
      const rawToken = body && typeof body === 'object' ? body.access_token : undefined;
      if (typeof rawToken === 'string') redactor.add(rawToken);
      if (typeof rawToken !== 'string' || !TOKEN_CHARS.test(rawToken))
        throw fail(
          'INVALID_RESPONSE',
          "HMRC's OAuth token endpoint answered without a usable access_token",
          {
            operation: 'token',
            status: attempted.response.status,
            attempts: attempted.attempts,
          },
        );
      const tokenType = body?.token_type;
      if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer')
        throw fail(
          'INVALID_RESPONSE',
          `HMRC's OAuth token endpoint issued a ${tokenType} token, expected bearer`,
          {
            operation: 'token',
            status: attempted.response.status,
            attempts: attempted.attempts,
          },
        );
      const rawExpiry = body?.expires_in;
      const given =
        typeof rawExpiry === 'number' || (typeof rawExpiry === 'string' && /^\d+$/.test(rawExpiry))
          ? Number(rawExpiry)
          : Number.NaN;
      const seconds = Number.isFinite(given) && given > 0 ? given : DEFAULT_TOKEN_SECONDS;
      const lifetime = Math.max(0, seconds * 1000);
      // Renew a minute early (a tenth early for short-lived tokens) so no call carries a dying token.
      cached = {
        token: rawToken,
        expiresAt: requestedAt + lifetime - Math.min(60_000, lifetime / 10),
      };
      log({
        level: 'info',
        event: 'token',
        operation: 'token',
        message: `obtained an access token valid for ${seconds} s`,
      });
      return rawToken;
    }

    return {
      token(signal) {
        if (cached && clock.now() < cached.expiresAt) return Promise.resolve(cached.token);
        inflight ??= requestToken().finally(() => {
          inflight = undefined;
        });
        return raceAbort(inflight, signal).catch((error: unknown) => {
          if (isHmrcError(error)) throw error;
          throw fail('ABORTED', 'the call was cancelled while waiting for an access token', {
            operation: 'token',
            cause: error,
          });
        });
      },
      refresh(used) {
        if (cached?.token === used) cached = undefined;
        return true;
      },
    };
  }

  /** A GET to the API with the bearer token; one fresh token and one retry after a 401. */
  async function callApi(
    operation: HmrcOperation,
    url: string,
    extraHeaders: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Attempted & { body: unknown; warnings: HmrcResponseWarning[] }> {
    const request = (token: string): ExchangeRequest => ({
      method: 'GET',
      url,
      headers: { ...extraHeaders, accept: HMRC_ACCEPT, authorization: `Bearer ${token}` },
    });
    // One budget for the call's own requests, the retry after a 401 included.
    const deadline = clock.now() + policy.maxElapsedMs;
    const send = (token: string): Promise<Attempted> =>
      perform(operation, request(token), signal, deadline);
    const first = await auth.token(signal);
    let attempted: Attempted;
    try {
      attempted = await send(first);
    } catch (error) {
      if (!(isHmrcError(error) && error.status === 401 && auth.refresh(first))) throw error;
      log({
        level: 'info',
        event: 'token',
        operation,
        message: `${describeRequest(operation, request(''))} answered 401; getting a fresh token and trying once more`,
      });
      const fresh = await auth.token(signal);
      try {
        const again = await send(fresh);
        attempted = { ...again, attempts: again.attempts + error.attempts };
      } catch (second) {
        if (isHmrcError(second) && second.status === 401)
          throw restate(second, ' (also with a fresh token)', {
            attempts: second.attempts + error.attempts,
          });
        throw second;
      }
    }
    const endpoint = `GET ${new URL(url).pathname}`;
    const warnings = redactor.value(deprecationWarnings(attempted.response.headers, endpoint));
    for (const warning of warnings)
      log({ level: 'warn', event: 'deprecation', operation, url, message: warning.message });
    return { ...attempted, body: jsonBody(operation, attempted), warnings };
  }

  function finish<T>(
    operation: HmrcOperation,
    outcome: Attempted & { warnings: HmrcResponseWarning[] },
    check: ReturnType<typeof checkValidateResponse> | ReturnType<typeof checkFeedbackResponse>,
  ): HmrcResult<T> {
    const base = {
      status: outcome.response.status,
      attempts: outcome.attempts,
      warnings: outcome.warnings,
    };
    if (!check.conforms) {
      log({
        level: 'warn',
        event: 'schema',
        operation,
        message: `${outcome.what} answered a body that does not match HMRC's OpenAPI schema: ${check.issues
          .slice(0, 3)
          .map((i) => `${i.path || '/'} ${i.message}`)
          .join('; ')}`,
      });
      return { ...base, conforms: false, body: check.body, issues: check.issues, tolerated: [] };
    }
    return {
      ...base,
      conforms: true,
      body: check.body as T,
      issues: [],
      tolerated: check.tolerated,
    };
  }

  const guard = async <T>(operation: HmrcOperation, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const safe = isHmrcError(error)
        ? error
        : fail('INTERNAL', `unexpected failure in the ${operation} call (please report it)`, {
            operation,
            cause: error,
          });
      log({
        level: 'error',
        event: 'failure',
        operation,
        code: safe.code,
        ...(safe.status !== undefined ? { status: safe.status } : {}),
        message: safe.message,
      });
      throw safe;
    }
  };

  return {
    baseUrl,
    validate(headers, callOptions = {}) {
      return guard('validate', async () => {
        const gov = govHeaders(headers);
        if ('problem' in gov)
          throw fail('INVALID_ARGUMENT', gov.problem, { operation: 'validate' });
        const url = `${baseUrl}/test/fraud-prevention-headers/validate`;
        const outcome = await callApi('validate', url, gov.headers, callOptions.signal);
        return finish<HmrcValidateResponse>(
          'validate',
          outcome,
          checkValidateResponse(outcome.body),
        );
      });
    },
    validationFeedback(api, callOptions = {}) {
      return guard('validation-feedback', async () => {
        if (!isApiIdentifier(api))
          throw fail(
            'INVALID_ARGUMENT',
            `unknown API ${describeValue(api)}: HMRC gives validation feedback for ${API_IDENTIFIERS.join(', ')}`,
            { operation: 'validation-feedback' },
          );
        const method = callOptions.connectionMethod;
        if (method !== undefined && !isConnectionMethod(method))
          throw fail(
            'INVALID_ARGUMENT',
            `unknown connectionMethod ${describeValue(method)}: expected one of ${CONNECTION_METHODS.join(', ')}`,
            { operation: 'validation-feedback' },
          );
        const query = method === undefined ? '' : `?connectionMethod=${encodeURIComponent(method)}`;
        const url = `${baseUrl}/test/fraud-prevention-headers/${api}/validation-feedback${query}`;
        const outcome = await callApi('validation-feedback', url, {}, callOptions.signal);
        return finish<HmrcFeedbackResponse>(
          'validation-feedback',
          outcome,
          checkFeedbackResponse(outcome.body),
        );
      });
    },
  };
}
