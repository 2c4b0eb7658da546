import type { Perform } from './attempt-loop.js';
import {
  invalidOption,
  type ResolvedClientOptions,
  type TestApiClientOptions,
} from './client-options.js';
import { isHmrcError } from './errors.js';
import type { HmrcLogger } from './log.js';
import type { Redactor } from './redact.js';
import type { Failures } from './response-errors.js';

/**
 * Where a call's bearer token comes from: HMRC's OAuth token endpoint (client credentials, one
 * token cached until shortly before it expires, one request for concurrent callers), or the
 * caller's own token or token function.
 */
export interface Auth {
  /** Resolves to the bearer token to send. */
  token(signal: AbortSignal | undefined): Promise<string>;
  /** Forgets `used` after a 401; true when asking again may give a different token. */
  refresh(used: string): boolean;
}

export interface AuthContext {
  config: ResolvedClientOptions;
  failures: Failures;
  redactor: Redactor;
  log: HmrcLogger;
  perform: Perform;
}

/** Visible ASCII: what a bearer token may hold. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
/** Token lifetime assumed when HMRC's answer omits expires_in (HMRC documents 4 hours). */
const DEFAULT_TOKEN_SECONDS = 4 * 60 * 60;

/** True when the options name client credentials (complete or not). */
export function hasClientCredentials(options: TestApiClientOptions): boolean {
  return options.clientId !== undefined || options.clientSecret !== undefined;
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

/** The credentials in `options`, checked (INVALID_OPTIONS), as a token source. */
export function createAuth(options: TestApiClientOptions, context: AuthContext): Auth {
  const { redactor } = context;
  const withCredentials = hasClientCredentials(options);
  if (withCredentials && options.bearerToken !== undefined)
    throw invalidOption('give either clientId and clientSecret, or bearerToken, not both');
  if (withCredentials) {
    const { clientId, clientSecret } = options;
    if (typeof clientId !== 'string' || clientId.trim() === '')
      throw invalidOption('clientId must be a non-empty string (HMRC_CLIENT_ID)');
    if (typeof clientSecret !== 'string' || clientSecret.trim() === '')
      throw invalidOption('clientSecret must be a non-empty string (HMRC_CLIENT_SECRET)');
    redactor.add(clientSecret);
    return oauth(clientId, clientSecret, context);
  }
  if (typeof options.bearerToken === 'string') {
    const token = options.bearerToken;
    redactor.add(token);
    if (!TOKEN_CHARS.test(token))
      throw invalidOption('bearerToken must be a non-empty string of visible ASCII characters');
    return { token: async () => token, refresh: () => false };
  }
  if (typeof options.bearerToken === 'function')
    return bearerFunction(options.bearerToken, context);
  throw invalidOption(
    'credentials missing: give clientId and clientSecret (HMRC_CLIENT_ID, HMRC_CLIENT_SECRET) or bearerToken',
  );
}

function bearerFunction(
  source: () => string | Promise<string>,
  { failures: { fail }, redactor }: AuthContext,
): Auth {
  return {
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
}

function oauth(clientId: string, clientSecret: string, context: AuthContext): Auth {
  const { config, failures, redactor, log, perform } = context;
  const { clock, policy, tokenUrl } = config;
  const { fail } = failures;
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
    const body = failures.jsonBody('token', attempted) as Record<string, unknown> | null;
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
