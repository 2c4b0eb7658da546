/**
 * The service's one error class and the one table from error codes to HTTP statuses. Every error
 * response outside the HMRC-compatible endpoints is an RFC 9457 `application/problem+json` body
 * built from a {@link ServiceError}; nothing else reaches a client, never a stack trace.
 */

import { FphError } from '@fph-kit/spec';

export interface ServiceErrorDetails {
  /** Overrides the status of the code (used for HMRC's errors relayed by /v1/compare). */
  status?: number;
  /** Extra members of the problem body (`pointer`, `line`, `limit`, `hmrcStatus`, ...). */
  extensions?: Record<string, unknown>;
  /** Response headers to set with the problem (`Allow`, `Retry-After`). */
  headers?: Record<string, string>;
  /** Close the connection after answering (the rest of an oversized body is not read). */
  close?: boolean;
  cause?: unknown;
}

/** `code` is one of {@link ServiceErrorCode}, or HMRC's own code when relaying an HMRC error. */
export class ServiceError extends FphError<ServiceErrorCode | (string & {})> {
  override readonly name = 'ServiceError';
  readonly status: number;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly close: boolean;

  constructor(
    code: ServiceErrorCode | (string & {}),
    message: string,
    details: ServiceErrorDetails = {},
  ) {
    super(code, message, 'cause' in details ? { cause: details.cause } : undefined);
    this.status = details.status ?? PROBLEMS[code as ServiceErrorCode]?.status ?? 500;
    this.extensions = details.extensions ?? {};
    this.headers = details.headers ?? {};
    this.close = details.close === true;
  }
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}

/**
 * The one table from error code to HTTP status, with the title every problem of that code has:
 * its keys are the codes of {@link ServiceError}.
 */
export const PROBLEMS = {
  /** The JSON body is not the shape the endpoint takes (wrong type, missing or unknown property). */
  INVALID_BODY: { status: 400, title: 'The request body is not what this endpoint takes' },
  /** The body is not JSON; `line` and `column` say where it goes wrong. */
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON' },
  /** A JSON object has the same key twice (the first value would be lost). */
  DUPLICATE_KEY: { status: 400, title: 'A JSON object has the same key twice' },
  /** The body is not UTF-8; `offset` is the first bad byte. */
  INVALID_UTF8: { status: 400, title: 'The request body is not UTF-8 text' },
  /** A header name is not an HTTP token. */
  INVALID_HEADER_NAME: { status: 400, title: 'A header name is not a valid HTTP header name' },
  /** A header value holds NUL, CR, LF or another control character HTTP cannot carry. */
  INVALID_HEADER_VALUE: { status: 400, title: 'A header value cannot be sent in HTTP' },
  /** `connectionMethod` is not one of the eight methods. */
  INVALID_CONNECTION_METHOD: { status: 400, title: 'Unknown connection method' },
  /** Pasted text is none of the formats read (JSON object, header block, HAR) or has no headers. */
  UNREADABLE_INPUT: { status: 400, title: 'The text holds no header set that could be read' },
  /** A request line or header the HTTP parser refused. */
  BAD_REQUEST: { status: 400, title: 'The HTTP request is malformed' },
  /** A query parameter is not one the endpoint takes, or its value is not usable. */
  INVALID_QUERY: { status: 400, title: 'A query parameter is not usable' },
  /**
   * An endpoint that shows or changes recorded requests, called without the service token (or
   * with another) where one is needed: `Authorization: Bearer <token>`.
   */
  UNAUTHORIZED: { status: 401, title: 'The service token is missing or wrong' },
  /**
   * The Host header names a host this service does not answer for: on loopback only `localhost`,
   * `127.0.0.1` and `::1` are, so a web page cannot reach the service through DNS rebinding.
   */
  MISDIRECTED_REQUEST: { status: 421, title: 'This service does not answer for that host name' },
  /** No such endpoint of the service. */
  NOT_FOUND: { status: 404, title: 'No such endpoint' },
  /** The endpoint exists but not for this HTTP method. */
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed on this endpoint' },
  /** The body's Content-Type (or Content-Encoding) is not one the endpoint reads. */
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported body type' },
  /** The body is larger than the limit. */
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  /** Pasted text holds more header sets (HAR entries) than one request may validate. */
  TOO_MANY_SETS: { status: 413, title: 'Too many header sets in one request' },
  /** More request headers than the limit. */
  TOO_MANY_HEADERS: { status: 431, title: 'Too many request headers' },
  /** A request header, or all of them together, larger than the limit. */
  HEADERS_TOO_LARGE: { status: 431, title: 'Request headers too large' },
  /** The request was not received in time. */
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  /** The web page's browser bundle was not built (`pnpm build`). */
  BROWSER_BUNDLE_MISSING: { status: 404, title: 'The browser collector bundle is not built' },
  /** `POST /v1/compare` without HMRC credentials configured. */
  HMRC_NOT_CONFIGURED: { status: 503, title: "HMRC's Test API is not configured" },
  /** The gateway could not reach the upstream, or it failed before answering. */
  UPSTREAM_UNAVAILABLE: { status: 502, title: 'The upstream API could not be reached' },
  /** The upstream did not answer in time. */
  UPSTREAM_TIMEOUT: { status: 504, title: 'The upstream API did not answer in time' },
  /** The record store failed (the database went away, the disk is full, ...). */
  STORE_UNAVAILABLE: { status: 503, title: 'The record store failed' },
  /** The record store could not be opened: a folder that cannot be written, a database not reached. */
  STORE_OPEN_FAILED: { status: 500, title: 'The record store could not be opened' },
  /** The record store was written by a newer fph-kit; it is left untouched. */
  STORE_TOO_NEW: { status: 500, title: 'The record store was written by a newer fph-kit' },
  /** Unusable options given to createValidatorService. */
  INVALID_OPTIONS: { status: 500, title: 'The service is misconfigured' },
  /** The port is taken by another process. */
  PORT_IN_USE: { status: 500, title: 'The port is in use' },
  /** Listening failed for another reason (permission, unknown host). */
  LISTEN_FAILED: { status: 500, title: 'The service could not listen' },
  /** A failure fph-kit did not foresee (a bug: the log has the details). */
  INTERNAL: { status: 500, title: 'Unexpected failure' },
} as const;

/** Codes of {@link ServiceError}, each with one HTTP status in {@link PROBLEMS}. */
export type ServiceErrorCode = keyof typeof PROBLEMS;

/**
 * HMRC client error codes relayed by `/v1/compare`: HMRC (or the way to it) failed, not the
 * caller, so most are 502; a refused argument is the caller's (400), throttling is 429 and time
 * running out 504.
 */
export const HMRC_ERROR_STATUS: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  MESSAGE_THROTTLED_OUT: 429,
  RATE_LIMITED: 429,
  TIMEOUT: 504,
};

/** The `type` URI of a code's problems: an anchor of the service's `/problems` page. */
export function problemType(code: string): string {
  return `/problems#${code.toLowerCase().replaceAll('_', '-')}`;
}

/** An RFC 9457 problem body. `code` is fph-kit's (or HMRC's) machine-readable code. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

export function problemBody(error: ServiceError): ProblemBody {
  const known = PROBLEMS[error.code as ServiceErrorCode];
  return {
    type: problemType(error.code),
    title: known?.title ?? 'HMRC answered with an error',
    status: error.status,
    detail: error.message,
    code: error.code,
    ...error.extensions,
  };
}
