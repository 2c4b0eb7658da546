import { HINTS, HmrcError, type HmrcErrorCode, type HmrcOperation } from './errors.js';
import { isJsonContentType, type RawResponse } from './http.js';
import type { Redactor } from './redact.js';

/**
 * Every HmrcError the client throws is made here, scrubbed: refusals before sending, HMRC's
 * error answers (its own `{code, message}` bodies, OAuth errors, bare statuses) and unreadable
 * bodies.
 */

export interface FailDetails {
  operation: HmrcOperation;
  status?: number;
  attempts?: number;
  hmrcMessage?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** A 2xx answer, how many requests it took, and how messages name the request. */
export interface Attempted {
  response: RawResponse;
  attempts: number;
  what: string;
}

export interface Failures {
  /** A new HmrcError with the code's hint appended, every string scrubbed. */
  fail(code: HmrcErrorCode, message: string, details: FailDetails): HmrcError;
  /** The same failure said again with more context (attempts made, why retrying stopped). */
  restate(
    error: HmrcError,
    addition: string,
    changes: { attempts: number; retryAfterMs?: number | undefined },
  ): HmrcError;
  /** The error a non-2xx answer stands for, named by HMRC's code when its body has one. */
  fromResponse(
    what: string,
    operation: HmrcOperation,
    response: RawResponse,
    attempts: number,
  ): HmrcError;
  /**
   * Parses a 2xx body as JSON, or throws INVALID_RESPONSE saying why not. Bodies are scrubbed of
   * secrets, except the token endpoint's, which is never returned to callers.
   */
  jsonBody(operation: HmrcOperation, attempted: Attempted): unknown;
}

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

/**
 * The client's error factory. `hasClientCredentials` picks the hint for a refused token: check
 * HMRC_CLIENT_ID and HMRC_CLIENT_SECRET, or (for a caller's bearer token) that it has expired.
 */
export function createFailures(redactor: Redactor, hasClientCredentials: boolean): Failures {
  const fail: Failures['fail'] = (code, message, details) => {
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

  return {
    fail,

    restate(error, addition, changes) {
      let text = error.message;
      if (error.hint && text.endsWith(error.hint))
        text = text.slice(0, -error.hint.length).trimEnd();
      const details: FailDetails = {
        operation: error.operation ?? 'validate',
        attempts: changes.attempts,
      };
      if (error.status !== undefined) details.status = error.status;
      if (error.hmrcMessage !== undefined) details.hmrcMessage = error.hmrcMessage;
      const retryAfterMs = changes.retryAfterMs ?? error.retryAfterMs;
      if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
      if (error.cause !== undefined) details.cause = error.cause;
      return fail(error.code, `${text.replace(/\.$/, '')}${addition}`, details);
    },

    fromResponse(what, operation, response, attempts) {
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
      const details: FailDetails = { operation, status, attempts };
      if (hmrcMessage !== undefined) details.hmrcMessage = hmrcMessage;
      return fail(code, `${what} answered ${status} ${code}${said}`, details);
    },

    jsonBody(operation, attempted) {
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
    },
  };
}
