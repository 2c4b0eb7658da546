import {
  createTestApiClient,
  HMRC_ENV,
  type HmrcError,
  isHmrcError,
  type TestApiClient,
  testApiClientOptionsFromEnv,
} from '@fph-kit/hmrc';
import { CliError, type CliErrorCode } from './errors.js';
import type { CliIO } from './io.js';

/** HMRC's Test API for `fph compare` and `fph feedback`: the client, and its failures as exits. */

/**
 * A client with the credentials in HMRC_CLIENT_ID and HMRC_CLIENT_SECRET (HMRC_BASE_URL for
 * another environment). Without them, a USAGE error saying what to set; `otherwise` adds what
 * the command can do instead.
 */
export function hmrcClientFromEnv(command: string, io: CliIO, otherwise: string): TestApiClient {
  let options: ReturnType<typeof testApiClientOptionsFromEnv>;
  try {
    options = testApiClientOptionsFromEnv(io.env);
    if (options) return createTestApiClient(options);
  } catch (error) {
    throw hmrcFailure(command, error);
  }
  throw new CliError(
    'USAGE',
    `${command}: calling HMRC's Test API needs a sandbox application's credentials: set ${HMRC_ENV.clientId} and ${HMRC_ENV.clientSecret} (and ${HMRC_ENV.baseUrl} for an environment other than HMRC's sandbox); ${otherwise}`,
  );
}

/**
 * The exit an HmrcError stands for: settings or arguments refused before anything was sent are
 * usage or input errors (2); everything HMRC, or the way to it, did is operational (3).
 */
function exitCodeOf(error: HmrcError): CliErrorCode {
  if (error.code === 'INVALID_OPTIONS') return 'USAGE';
  if (error.code === 'INVALID_ARGUMENT') return 'BAD_INPUT';
  return 'OPERATIONAL';
}

/** An HmrcError as a CliError (anything else is passed on to the top-level catch). */
export function hmrcFailure(command: string, error: unknown, where = ''): unknown {
  if (!isHmrcError(error)) return error;
  // The client names its option; people set the environment variable.
  const said =
    error.code === 'INVALID_OPTIONS'
      ? error.message.replace(/^baseUrl\b/, HMRC_ENV.baseUrl)
      : `HMRC's Test API: ${error.message}`;
  return new CliError(exitCodeOf(error), `${command}: ${said}${where}`, { cause: error });
}
