import type { ClientCredentialsOptions } from './client-options.js';
import { HmrcError } from './errors.js';

/** The environment variables the CLI and the service read to reach HMRC's real Test API. */
export const HMRC_ENV = {
  clientId: 'HMRC_CLIENT_ID',
  clientSecret: 'HMRC_CLIENT_SECRET',
  baseUrl: 'HMRC_BASE_URL',
} as const;

/**
 * Client options from `HMRC_CLIENT_ID`, `HMRC_CLIENT_SECRET` and `HMRC_BASE_URL`; undefined when
 * neither credential is set (local validation only). Throws INVALID_OPTIONS when only one is set.
 * Spread the result into {@link createTestApiClient}'s options to add a logger, timeouts, ...
 */
export function testApiClientOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): ClientCredentialsOptions | undefined {
  const clientId = env[HMRC_ENV.clientId] ?? '';
  const clientSecret = env[HMRC_ENV.clientSecret] ?? '';
  const baseUrl = env[HMRC_ENV.baseUrl] ?? '';
  if (clientId === '' && clientSecret === '') return undefined;
  const missing =
    clientId === '' ? HMRC_ENV.clientId : clientSecret === '' ? HMRC_ENV.clientSecret : undefined;
  if (missing)
    throw new HmrcError(
      'INVALID_OPTIONS',
      `${missing} is not set: set both ${HMRC_ENV.clientId} and ${HMRC_ENV.clientSecret} to call HMRC's Test API, or neither to validate locally.`,
      { operation: 'configure' },
    );
  const options: ClientCredentialsOptions = { clientId, clientSecret };
  if (baseUrl !== '') options.baseUrl = baseUrl;
  return options;
}
