import { readFileSync } from 'node:fs';
import {
  createTestApiClient,
  type HmrcLogEvent,
  type TestApiClient,
  type TestApiClientOptions,
} from '@fph-kit/hmrc';
import { ServiceError } from './errors.js';
import type { Emit, LogSink } from './log.js';
import type { RecordStore } from './store/record-store.js';

/** The options of createValidatorService, their defaults and their checks. */

/** Size and count limits; each has a default. */
export interface ServiceLimits {
  /** Largest JSON body (`/v1/validate`, `/v1/compare`), bytes. Default 1 MiB. */
  jsonBodyBytes: number;
  /** Largest pasted text or HAR file (`/v1/validate-text`), bytes. Default 16 MiB. */
  textBodyBytes: number;
  /** Header sets one `/v1/validate-text` request may hold. Default 2000. */
  setsPerRequest: number;
  /** Request headers per request. Default 100. */
  headerCount: number;
  /** One request header's value, bytes. Default 8 KiB. */
  headerValueBytes: number;
  /** All request headers together (request line included), bytes. Default 32 KiB. */
  headerBytes: number;
  /** Endpoints the gateway remembers; the least recently called are forgotten first. Default 1000. */
  recordedEndpoints: number;
  /** How long the gateway waits for the upstream (idle time), ms. Default 60000. */
  upstreamTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ServiceLimits> = {
  jsonBodyBytes: 1024 * 1024,
  textBodyBytes: 16 * 1024 * 1024,
  setsPerRequest: 2000,
  headerCount: 100,
  headerValueBytes: 8 * 1024,
  headerBytes: 32 * 1024,
  recordedEndpoints: 1000,
  upstreamTimeoutMs: 60_000,
};

export interface ValidatorServiceOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1` (this machine only). */
  host?: string;
  /**
   * Base URL every request the service does not answer itself is forwarded to (the gateway).
   * Default HMRC's sandbox, `https://test-api.service.hmrc.gov.uk`; `false` turns the gateway off
   * (such requests get 404).
   */
  upstream?: string | false;
  /**
   * HMRC's Test API, for `POST /v1/compare`: client options (as from
   * `testApiClientOptionsFromEnv`) or a client. Without it, compare answers 503.
   */
  hmrc?: TestApiClientOptions | TestApiClient;
  /** Where log records go. Default: one JSON line each on standard output; `false`: nowhere. */
  log?: LogSink | false;
  limits?: Partial<ServiceLimits>;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Path of the browser collector's IIFE bundle. Default: resolved from `@fph-kit/browser/iife`. */
  browserBundle?: string;
  /**
   * Host names (without port) the service answers for; other Host headers get 421. Default: when
   * listening on a loopback address, `localhost`, `127.0.0.1` and `::1` (a web page elsewhere
   * cannot then reach the service, its evidence or its gateway through DNS rebinding); otherwise
   * any host.
   */
  allowedHosts?: readonly string[];
  /**
   * Where the gateway's records are kept (from `openRecordStore`); the service closes it when it
   * closes. Default: in memory, gone when the process stops.
   */
  store?: RecordStore;
  /**
   * Requests older than this many days are forgotten, at `listen()` and daily after. Default 90.
   */
  retainDays?: number;
  /**
   * The service token: with it, the endpoints that show or change recorded requests
   * (`/v1/evidence`, `/evidence`, validation-feedback) and `/v1/compare` answer only to
   * `Authorization: Bearer <token>`. Required when `host` is not a loopback address. At least 16
   * visible ASCII characters.
   */
  token?: string;
}

/** Days of records kept by default. */
export const DEFAULT_RETAIN_DAYS = 90;
/** The most days of records that may be kept (a hundred years). */
export const MAX_RETAIN_DAYS = 36_500;

export function resolveRetainDays(given: number | undefined): number {
  const days = given ?? DEFAULT_RETAIN_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETAIN_DAYS) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `retainDays must be a whole number of days from 1 to ${MAX_RETAIN_DAYS}, got ${String(days)}`,
    );
  }
  return days;
}

/** The service's own version, from its package.json. */
export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `limits.${name} must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

export function resolveLimits(given: Partial<ServiceLimits> | undefined): ServiceLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) positiveInteger(value, name);
  return limits;
}

export function resolvePort(given: number | undefined): number {
  const port = given ?? 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `port must be an integer from 0 to 65535, got ${String(port)}`,
    );
  }
  return port;
}

export function upstreamUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ServiceError('INVALID_OPTIONS', `upstream ${JSON.stringify(value)} is not a URL`, {
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `upstream must be an http(s) URL, got ${url.protocol}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      'upstream must be a base URL without credentials, query or fragment',
    );
  }
  return url;
}

function isClient(value: TestApiClientOptions | TestApiClient): value is TestApiClient {
  return typeof (value as TestApiClient).validate === 'function';
}

/** The HMRC client for `/v1/compare`: the one given, or one built from options, logging here. */
export function resolveHmrc(
  given: TestApiClientOptions | TestApiClient | undefined,
  emit: Emit,
): TestApiClient | undefined {
  if (!given) return undefined;
  if (isClient(given)) return given;
  const logger = (event: HmrcLogEvent): void => {
    emit(event.level === 'error' ? 'error' : event.level === 'warn' ? 'warn' : 'info', 'hmrc', {
      event: event.event,
      operation: event.operation,
      message: event.message,
      ...(event.status === undefined ? {} : { status: event.status }),
      ...(event.attempt === undefined ? {} : { attempt: event.attempt }),
      ...(event.durationMs === undefined ? {} : { durationMs: event.durationMs }),
      ...(event.code === undefined ? {} : { code: event.code }),
    });
  };
  return createTestApiClient({ ...given, logger } as TestApiClientOptions);
}
