import { describe, expect, it } from 'vitest';
import { testApiClientOptionsFromEnv } from './env.js';
import { isHmrcError } from './errors.js';

describe('testApiClientOptionsFromEnv', () => {
  it('is undefined without credentials (local validation only)', () => {
    expect(testApiClientOptionsFromEnv({})).toBeUndefined();
    expect(testApiClientOptionsFromEnv({ HMRC_BASE_URL: 'https://x.example' })).toBeUndefined();
  });

  it('reads the credentials and the base URL', () => {
    expect(
      testApiClientOptionsFromEnv({ HMRC_CLIENT_ID: 'id', HMRC_CLIENT_SECRET: 'secret' }),
    ).toEqual({
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(
      testApiClientOptionsFromEnv({
        HMRC_CLIENT_ID: 'id',
        HMRC_CLIENT_SECRET: 'secret',
        HMRC_BASE_URL: 'http://127.0.0.1:8787',
      }),
    ).toEqual({ clientId: 'id', clientSecret: 'secret', baseUrl: 'http://127.0.0.1:8787' });
  });

  it('names the missing half of a credential pair, without echoing the other', () => {
    for (const [env, missing] of [
      [{ HMRC_CLIENT_ID: 'id' }, 'HMRC_CLIENT_SECRET'],
      [{ HMRC_CLIENT_SECRET: 's3cr3t-value' }, 'HMRC_CLIENT_ID'],
    ] as const) {
      let error: unknown;
      try {
        testApiClientOptionsFromEnv(env);
      } catch (caught) {
        error = caught;
      }
      expect(isHmrcError(error) && error.code).toBe('INVALID_OPTIONS');
      expect((error as Error).message).toContain(`${missing} is not set`);
      expect((error as Error).message).not.toContain('s3cr3t-value');
    }
  });
});
