import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HMRC_ACCEPT } from '@fph-kit/hmrc';
import { printable } from '@fph-kit/validator';
import { CliError } from '../errors.js';
import { whyUnreadable } from '../input.js';
import type { CliIO } from '../io.js';

/**
 * `fph feedback --service URL`: the validator service's HMRC-compatible
 * `GET /test/fraud-prevention-headers/{api}/validation-feedback`, with the service token when one
 * is given (a service reached beyond loopback asks for it).
 */

/** How long the service has to answer. */
export const SERVICE_TIMEOUT_MS = 30_000;

/** The environment variable that holds the service token (as `fph serve` reads it). */
export const SERVICE_TOKEN_ENV = 'FPH_SERVICE_TOKEN';

const TOKEN_CHARS = /^[\x21-\x7e]+$/;

function usage(message: string): CliError {
  return new CliError('USAGE', `feedback: ${message}; see fph feedback --help`);
}

/** The service's base URL: http(s), no credentials, query or fragment; a path prefix is kept. */
export function serviceUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usage(`--service '${printable(value)}' is not a URL (e.g. http://127.0.0.1:8787)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usage(`--service must be an http or https URL, got ${printable(url.protocol)}`);
  if (url.username || url.password)
    throw usage('--service must not contain a user name or password (give a token instead)');
  if (url.search || url.hash) throw usage('--service must not have a query or fragment');
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

/**
 * The service token: `--token-file` (its content, without the line end) or FPH_SERVICE_TOKEN;
 * undefined when neither is given.
 */
export async function serviceToken(
  file: string | undefined,
  io: CliIO,
): Promise<string | undefined> {
  let token: string;
  let from: string;
  if (file !== undefined) {
    from = `--token-file '${printable(file)}'`;
    try {
      token = (await readFile(resolve(io.cwd, file), 'utf8')).replace(/\r?\n$/, '');
    } catch (error) {
      throw new CliError('BAD_INPUT', `feedback: cannot read ${from}: ${whyUnreadable(error)}`, {
        cause: error,
      });
    }
  } else {
    const fromEnv = io.env[SERVICE_TOKEN_ENV];
    if (fromEnv === undefined || fromEnv === '') return undefined;
    from = SERVICE_TOKEN_ENV;
    token = fromEnv;
  }
  if (token === '') throw new CliError('BAD_INPUT', `feedback: ${from} is empty`);
  if (!TOKEN_CHARS.test(token))
    throw new CliError(
      'BAD_INPUT',
      `feedback: ${from} must hold one token of visible ASCII characters (no spaces or line breaks inside)`,
    );
  return token;
}

/** What the service said when it refused: a problem's detail or HMRC's `{code, message}`. */
function refusal(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null;
    if (body && typeof body === 'object') {
      const said = [body.code, body.detail ?? body.message].filter((v) => typeof v === 'string');
      if (said.length > 0) return `: ${printable(said.join(': '))}`;
    }
  } catch {
    // Not JSON: say nothing more than the status.
  }
  return '';
}

function operational(message: string, cause?: unknown): CliError {
  return new CliError('OPERATIONAL', `feedback: ${message}`, cause === undefined ? {} : { cause });
}

/** Asks the service for its feedback on `api`; resolves to the parsed JSON body. */
export async function serviceFeedback(
  base: URL,
  api: string,
  connectionMethod: string | undefined,
  token: string | undefined,
): Promise<unknown> {
  const url = new URL(`test/fraud-prevention-headers/${api}/validation-feedback`, base);
  if (connectionMethod !== undefined) url.searchParams.set('connectionMethod', connectionMethod);
  const where = `the service at ${base.origin}${base.pathname.replace(/\/$/, '')}`;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      headers: {
        accept: HMRC_ACCEPT,
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(SERVICE_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const why = timedOut
      ? `no answer within ${SERVICE_TIMEOUT_MS / 1000} s`
      : typeof cause?.code === 'string'
        ? cause.code
        : (error as Error).message;
    throw operational(`cannot reach ${where}: ${why}; is fph serve running there?`, error);
  }
  const { status } = response;
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    throw operational(
      `${where} answered ${status}, a redirect${location ? ` to ${printable(location)}` : ''}; check --service`,
    );
  }
  if (status === 401 || status === 403) {
    const hint =
      token === undefined
        ? `give the service token with --token-file FILE or ${SERVICE_TOKEN_ENV}`
        : 'the token given was refused: check it is the one the service was started with';
    throw operational(`${where} answered ${status}${refusal(text)}; ${hint}`);
  }
  if (status !== 200)
    throw operational(
      `${where} answered ${status}${refusal(text)}${status === 404 ? '; is it an fph serve (validator service)?' : ''}`,
    );
  try {
    return JSON.parse(text);
  } catch (error) {
    throw operational(`${where} answered 200 with a body that is not JSON`, error);
  }
}
