import { type Clock, systemClock } from './clock.js';
import { HmrcError } from './errors.js';
import type { FetchLike } from './http.js';
import type { HmrcLogger } from './log.js';
import { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { type RetryOptions, type RetryPolicy, retryPolicy } from './retry.js';

/** HMRC's sandbox, where the Test Fraud Prevention Headers API lives. */
export const SANDBOX_BASE_URL = 'https://test-api.service.hmrc.gov.uk';

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

/** Everything but the credentials, checked and with defaults filled in. */
export interface ResolvedClientOptions {
  /** Without a trailing slash. */
  baseUrl: string;
  tokenUrl: string;
  timeoutMs: number;
  maxBodyBytes: number;
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  fetch: FetchLike;
  limiter: RateLimiter;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** How messages quote a value the caller gave. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value);
  return value === undefined ? 'nothing' : typeof value;
}

export function invalidOption(message: string): HmrcError {
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

/** Checks every option but the credentials (see auth.ts). Throws INVALID_OPTIONS. */
export function resolveClientOptions(options: TestApiClientBaseOptions): ResolvedClientOptions {
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
  return {
    baseUrl,
    tokenUrl,
    timeoutMs,
    maxBodyBytes,
    policy,
    clock,
    random,
    fetch: fetchFn,
    limiter,
  };
}
