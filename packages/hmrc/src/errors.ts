import { FphError } from '@fph-kit/spec';

/**
 * The package's one error class. `code` is HMRC's own code when HMRC sent one (`{code, message}`
 * error bodies), otherwise one of fph-kit's codes below.
 */

/** Codes HMRC's API platform answers with (error bodies `{code, message}`). */
export const HMRC_PLATFORM_CODES = [
  /** 401: the bearer token is missing, expired or not valid for this environment. */
  'INVALID_CREDENTIALS',
  /** 403: the application is not subscribed to the Test Fraud Prevention Headers API. */
  'RESOURCE_FORBIDDEN',
  /** 404: no such resource (wrong base URL, path or API name). */
  'MATCHING_RESOURCE_NOT_FOUND',
  /** 406: the Accept header is missing or names a version HMRC does not offer. */
  'ACCEPT_HEADER_INVALID',
  /** 429: more than about 3 requests per second for this application. */
  'MESSAGE_THROTTLED_OUT',
] as const;
export type HmrcPlatformCode = (typeof HMRC_PLATFORM_CODES)[number];

/** fph-kit's own codes, for failures HMRC did not name. */
export const HMRC_CLIENT_CODES = [
  /** Options given to createTestApiClient are unusable (no credentials, bad base URL, ...). */
  'INVALID_OPTIONS',
  /** A call's arguments were refused before anything was sent (unknown API, bad header value). */
  'INVALID_ARGUMENT',
  /** Every attempt ran out of time (per-attempt timeout). */
  'TIMEOUT',
  /** The connection failed: refused, reset, DNS, TLS. */
  'NETWORK',
  /** The caller's AbortSignal fired. */
  'ABORTED',
  /** The client-side rate limiter could not give a slot within the call's time budget. */
  'RATE_LIMITED',
  /** HMRC answered something unreadable: malformed JSON, wrong content type, oversized body. */
  'INVALID_RESPONSE',
  /** A 5xx answer without an HMRC code. */
  'SERVER_ERROR',
  /** Any other non-2xx answer without an HMRC code. */
  'HTTP_ERROR',
  /** The OAuth token endpoint refused the request for a reason other than the credentials. */
  'TOKEN_REQUEST_FAILED',
  /** A failure fph-kit did not foresee (a bug: please report it). */
  'INTERNAL',
] as const;
export type HmrcClientCode = (typeof HMRC_CLIENT_CODES)[number];

/**
 * Every code an {@link HmrcError} can carry. HMRC may add codes; any other SCREAMING_SNAKE code it
 * sends is passed through as is, so the type stays open.
 */
export type HmrcErrorCode = HmrcPlatformCode | HmrcClientCode | (string & {});

/** What the client was doing when it failed. */
export type HmrcOperation = 'token' | 'validate' | 'validation-feedback' | 'configure';

export interface HmrcErrorDetails {
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  operation?: HmrcOperation;
  /** Requests sent for the call, retries included (0 when refused before sending). */
  attempts?: number;
  /** What to do about it, for people. */
  hint?: string;
  /** HMRC's own `message`, when its body had one. */
  hmrcMessage?: string;
  /** The wait HMRC asked for (Retry-After), in milliseconds, when it exceeded the retry budget. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class HmrcError extends FphError<HmrcErrorCode> {
  override readonly name = 'HmrcError';
  readonly status: number | undefined;
  readonly operation: HmrcOperation | undefined;
  readonly attempts: number;
  readonly hint: string | undefined;
  readonly hmrcMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: HmrcErrorCode, message: string, details: HmrcErrorDetails = {}) {
    super(code, message, 'cause' in details ? { cause: details.cause } : undefined);
    this.status = details.status;
    this.operation = details.operation;
    this.attempts = details.attempts ?? 0;
    this.hint = details.hint;
    this.hmrcMessage = details.hmrcMessage;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isHmrcError(value: unknown): value is HmrcError {
  return value instanceof HmrcError;
}

/** One line per code worth explaining: what a person should do next. */
export const HINTS: Readonly<Record<string, string>> = {
  INVALID_CREDENTIALS:
    "Check HMRC_CLIENT_ID and HMRC_CLIENT_SECRET: they must be a sandbox application's credentials from HMRC's Developer Hub, for the base URL in use.",
  RESOURCE_FORBIDDEN:
    "Subscribe the application to the Test Fraud Prevention Headers API in HMRC's Developer Hub (https://developer.service.hmrc.gov.uk), then try again.",
  MATCHING_RESOURCE_NOT_FOUND:
    'Check the base URL (HMRC_BASE_URL) and, for validation feedback, that the API name is one HMRC lists.',
  ACCEPT_HEADER_INVALID:
    'fph-kit sends Accept: application/vnd.hmrc.1.0+json; a proxy between here and HMRC may have changed it.',
  MESSAGE_THROTTLED_OUT:
    'HMRC allows about 3 requests per second per application: lower the rate limit, or share one limiter between clients of the same application.',
  TIMEOUT: 'HMRC did not answer in time; raise timeoutMs or try again later.',
  NETWORK: 'Check the network connection and HMRC_BASE_URL.',
  RATE_LIMITED:
    'Too many calls are queued on this client; spread them out or raise the time budget.',
};
