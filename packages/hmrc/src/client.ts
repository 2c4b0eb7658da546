import { CONNECTION_METHODS, type HeaderInput, isConnectionMethod } from '@fph-kit/spec';
import { createAttemptLoop, describeRequest } from './attempt-loop.js';
import { createAuth, hasClientCredentials } from './auth.js';
import {
  describeValue,
  invalidOption,
  resolveClientOptions,
  type TestApiCallOptions,
  type TestApiClientOptions,
  type ValidationFeedbackOptions,
} from './client-options.js';
import { deprecationWarnings, type HmrcResponseWarning } from './deprecation.js';
import { type HmrcOperation, isHmrcError } from './errors.js';
import { govHeaders } from './gov-headers.js';
import type { ExchangeRequest } from './http.js';
import { createLog } from './log.js';
import { API_IDENTIFIERS } from './openapi.generated.js';
import { Redactor } from './redact.js';
import { type Attempted, createFailures } from './response-errors.js';
import { checkFeedbackResponse, checkValidateResponse, type SchemaIssue } from './schemas.js';
import type { HmrcFeedbackResponse, HmrcValidateResponse } from './types.js';

/** The Accept header every call sends: JSON, version 1.0 of the API. */
export const HMRC_ACCEPT = 'application/vnd.hmrc.1.0+json';

/** One value of the validation-feedback `api` path parameter. */
export type ApiIdentifier = (typeof API_IDENTIFIERS)[number];

export function isApiIdentifier(value: unknown): value is ApiIdentifier {
  return typeof value === 'string' && (API_IDENTIFIERS as readonly string[]).includes(value);
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

/** Creates a client for HMRC's Test Fraud Prevention Headers API. Throws INVALID_OPTIONS. */
export function createTestApiClient(options: TestApiClientOptions): TestApiClient {
  if (options === null || typeof options !== 'object')
    throw invalidOption('createTestApiClient needs an options object');
  const redactor = new Redactor();
  const config = resolveClientOptions(options);
  const { baseUrl, clock, policy } = config;
  const log = createLog(options.logger, redactor);
  const failures = createFailures(redactor, hasClientCredentials(options));
  const { fail, restate } = failures;
  const perform = createAttemptLoop(config, failures, log);
  const auth = createAuth(options, { config, failures, redactor, log, perform });

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
    return { ...attempted, body: failures.jsonBody(operation, attempted), warnings };
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
