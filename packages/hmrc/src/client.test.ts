import { FakeClock, type SentRequest, trackingFetch } from '@fph-kit/test-support/fake-clock';
import {
  feedbackExample,
  HmrcSim,
  PLATFORM_ERRORS,
  validateExample,
} from '@fph-kit/test-support/hmrc-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApiClient, HMRC_ACCEPT } from './client.js';
import {
  type ClientCredentialsOptions,
  SANDBOX_BASE_URL,
  type TestApiClientBaseOptions,
  type TestApiClientOptions,
} from './client-options.js';
import { type HmrcError, isHmrcError } from './errors.js';
import type { HmrcLogEvent } from './log.js';
import { createRateLimiter } from './rate-limiter.js';

const sim = new HmrcSim();
const DESKTOP = {
  'Gov-Client-Connection-Method': 'DESKTOP_APP_DIRECT',
  'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
  'Gov-Client-Timezone': 'UTC+00:00',
};

beforeAll(async () => {
  await sim.start();
});
afterEach(() => {
  sim.reset();
});
afterAll(async () => {
  await sim.close();
});

function setup(overrides: Partial<TestApiClientBaseOptions> = {}) {
  const clock = new FakeClock();
  const sent: SentRequest[] = [];
  const events: HmrcLogEvent[] = [];
  const options: ClientCredentialsOptions = {
    baseUrl: sim.baseUrl,
    clientId: sim.options.clientId,
    clientSecret: sim.options.clientSecret,
    clock,
    fetch: trackingFetch(clock, sent),
    random: () => 0.5,
    // Longer than the fake clock's automatic waits: timeouts pass only when a test says so.
    timeoutMs: 60_000,
    logger: (event) => events.push(event),
    ...overrides,
  };
  const client = createTestApiClient(options);
  const apiSends = (): SentRequest[] => sent.filter((s) => !s.url.endsWith('/oauth/token'));
  return { client, clock, sent, events, apiSends };
}

/** A client on a fake clock with its own options (bearer tokens, other credentials). */
function isolated(options: TestApiClientOptions, clock = new FakeClock()) {
  return createTestApiClient({
    clock,
    fetch: trackingFetch(clock, []),
    timeoutMs: 60_000,
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<HmrcError> {
  try {
    await promise;
  } catch (error) {
    if (isHmrcError(error)) return error;
    throw new Error(`expected an HmrcError, got ${String(error)}`);
  }
  throw new Error('expected the call to fail');
}

describe('validate', () => {
  it('gets a token, sends the Gov-* headers with Accept and Bearer, and returns the checked body', async () => {
    const { client } = setup();
    const result = await client.validate(DESKTOP);

    expect(result).toMatchObject({
      status: 200,
      attempts: 1,
      conforms: true,
      issues: [],
      tolerated: [],
    });
    expect(result.body).toEqual(validateExample('allFphHeadersValid'));
    expect(result.warnings).toEqual([]);

    const [token, call] = sim.requests;
    expect(token?.endpoint).toBe('token');
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token?.body))).toEqual({
      client_id: sim.options.clientId,
      client_secret: sim.options.clientSecret,
      grant_type: 'client_credentials',
    });
    expect(call?.endpoint).toBe('validate');
    expect(call?.method).toBe('GET');
    expect(call?.headers.accept).toBe(HMRC_ACCEPT);
    expect(call?.headers.authorization).toBe(`Bearer ${sim.issued[0]}`);
    expect(call?.headers['gov-client-connection-method']).toBe('DESKTOP_APP_DIRECT');
    expect(call?.headers['gov-client-device-id']).toBe('beec798b-b366-47fa-b1f8-92cede14a1ce');
    expect(call?.headers['gov-client-timezone']).toBe('UTC+00:00');
  });

  it('sends an empty header as empty, so HMRC can say EMPTY_HEADER rather than MISSING_HEADER', async () => {
    const { client } = setup();
    await client.validate({ ...DESKTOP, 'Gov-Client-Multi-Factor': '' });
    expect(sim.requests.at(-1)?.headers['gov-client-multi-factor']).toBe('');
  });

  it('accepts a Fetch Headers object and [name, value] pairs', async () => {
    const { client } = setup();
    await client.validate(new Headers({ 'gov-client-timezone': 'UTC+01:00' }));
    await client.validate([['Gov-Client-Timezone', 'UTC-05:00']]);
    const seen = sim.requests.filter((r) => r.endpoint === 'validate');
    expect(seen.map((r) => r.headers['gov-client-timezone'])).toEqual(['UTC+01:00', 'UTC-05:00']);
  });

  it('passes HMRC\'s "no fraud prevention headers" answer through when none are given', async () => {
    const { client } = setup();
    const result = await client.validate({});
    expect(result.body).toEqual(validateExample('noFphHeadersProvided'));
  });

  it('refuses headers that cannot travel as given, naming each, without sending anything', async () => {
    const { client } = setup();
    const error = await failure(
      client.validate({
        'Gov-Client-Timezone': 'UTC+00:00\r\nX-Injected: 1',
        Authorization: 'Bearer mine',
        'Gov-Client-User-IDs': ' os=alice ',
        'Gov-Client-Screens': 'width=1920\u2028',
      }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('Gov-Client-Timezone: value has U+000D at position 10');
    expect(error.message).toContain('Authorization is not a fraud prevention header');
    expect(error.message).toContain('Gov-Client-User-IDs: value starts or ends with whitespace');
    expect(error.message).toContain('Gov-Client-Screens: value has U+2028');
    expect(error.attempts).toBe(0);
    expect(sim.requests).toHaveLength(0);
  });

  it('names a character beyond the BMP by its code point, not half of it', async () => {
    const { client } = setup();
    const error = await failure(client.validate({ 'Gov-Client-User-IDs': 'acme=Zoë 🙂' }));
    expect(error.message).toContain('Gov-Client-User-IDs: value has U+1F642 at position 10');
    expect(sim.requests).toHaveLength(0);
  });

  it('reports a body that does not match the schema as data, with Ajv issues', async () => {
    sim.queue('validate', { status: 200, body: { specVersion: 3.3, code: 'ALL_GOOD' } });
    const { client, events } = setup();
    const result = await client.validate(DESKTOP);
    expect(result.conforms).toBe(false);
    expect(result.body).toEqual({ specVersion: 3.3, code: 'ALL_GOOD' });
    expect(result.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/specVersion', keyword: 'type' }),
        expect.objectContaining({ path: '/code', keyword: 'enum' }),
        expect.objectContaining({
          path: '',
          keyword: 'required',
          params: { missingProperty: 'message' },
        }),
      ]),
    );
    expect(events.some((e) => e.event === 'schema' && e.level === 'warn')).toBe(true);
  });

  it("accepts HMRC's known deviations and lists them as tolerated", async () => {
    sim.queue('validate', {
      status: 200,
      body: {
        specVersion: '3.3',
        code: 'POTENTIALLY_INVALID_HEADERS',
        message: 'At least 1 header is potentially invalid',
        warnings: [
          { code: 'EMPTY_HEADER', message: 'Value required', headers: ['gov-vendor-license-ids'] },
        ],
      },
    });
    const { client } = setup();
    const result = await client.validate(DESKTOP);
    expect(result.conforms).toBe(true);
    expect(result.tolerated).toEqual([
      expect.objectContaining({ path: '/warnings/0/code', keyword: 'enum' }),
    ]);
  });

  it('surfaces Deprecation, Sunset and Link response headers as warnings', async () => {
    sim.queue('validate', {
      status: 200,
      headers: {
        deprecation: 'Sun, 01 Jan 2023 23:59:59 GMT',
        sunset: 'Sun, 02 Jul 2023 23:59:59 GMT',
        link: 'https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/txm-fph-validator-api',
      },
      body: validateExample('allFphHeadersValid'),
    });
    const { client, events } = setup();
    const result = await client.validate(DESKTOP);
    expect(result.warnings).toEqual([
      {
        code: 'ENDPOINT_DEPRECATED',
        message: expect.stringContaining('2023-07-02T23:59:59.000Z'),
        deprecation: 'Sun, 01 Jan 2023 23:59:59 GMT',
        deprecatedAt: '2023-01-01T23:59:59.000Z',
        sunset: 'Sun, 02 Jul 2023 23:59:59 GMT',
        sunsetAt: '2023-07-02T23:59:59.000Z',
        links: [
          'https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/txm-fph-validator-api',
        ],
      },
    ]);
    expect(events.filter((e) => e.event === 'deprecation')).toHaveLength(1);
  });
});

describe('validationFeedback', () => {
  it('asks for the API and connection method and returns the OpenAPI example', async () => {
    const { client } = setup();
    const result = await client.validationFeedback('vat-mtd', {
      connectionMethod: 'DESKTOP_APP_VIA_SERVER',
    });
    expect(result.conforms).toBe(true);
    expect(result.body).toEqual(feedbackExample());
    const call = sim.requests.find((r) => r.endpoint === 'feedback');
    expect(call?.path).toBe('/test/fraud-prevention-headers/vat-mtd/validation-feedback');
    expect(call?.query.get('connectionMethod')).toBe('DESKTOP_APP_VIA_SERVER');
    expect(call?.headers.accept).toBe(HMRC_ACCEPT);
  });

  it('sends no query without a connection method', async () => {
    const { client } = setup();
    await client.validationFeedback('self-assessment-mtd');
    expect([...(sim.requests.find((r) => r.endpoint === 'feedback')?.query.keys() ?? [])]).toEqual(
      [],
    );
  });

  it('refuses an API or connection method HMRC does not list, before any request', async () => {
    const { client } = setup();
    const api = await failure(client.validationFeedback('vat'));
    expect(api.code).toBe('INVALID_ARGUMENT');
    expect(api.message).toContain('unknown API "vat"');
    expect(api.message).toContain('vat-mtd');
    const method = await failure(
      client.validationFeedback('vat-mtd', { connectionMethod: 'WEB_APP' }),
    );
    expect(method.code).toBe('INVALID_ARGUMENT');
    expect(method.message).toContain('WEB_APP_VIA_SERVER');
    expect(sim.requests).toHaveLength(0);
  });

  it('accepts feedback with empty arrays left out', async () => {
    const body = feedbackExample() as { requests: Array<Record<string, unknown>> };
    const request = body.requests[0]!;
    delete request.crossValidation;
    for (const header of request.headers as Array<Record<string, unknown>>) {
      if ((header.errors as unknown[]).length === 0) delete header.errors;
      if ((header.warnings as unknown[]).length === 0) delete header.warnings;
    }
    sim.queue('feedback', { status: 200, body: body as never });
    const { client } = setup();
    const result = await client.validationFeedback('vat-mtd');
    expect(result.conforms).toBe(true);
    expect(result.tolerated.length).toBeGreaterThan(0);
    expect(result.tolerated.every((t) => t.keyword === 'required')).toBe(true);
  });
});

describe('OAuth tokens', () => {
  it('fetches one token for many calls, concurrent ones included', async () => {
    const { client } = setup();
    await Promise.all([
      client.validate(DESKTOP),
      client.validate(DESKTOP),
      client.validationFeedback('vat-mtd'),
    ]);
    await client.validate(DESKTOP);
    expect(sim.count('token')).toBe(1);
    expect(sim.count('validate') + sim.count('feedback')).toBe(4);
  });

  it('renews the token shortly before expires_in, not after', async () => {
    const { client, clock } = setup();
    await client.validate(DESKTOP);
    clock.advance(4 * 3600_000 - 61_000); // still more than a minute left
    await client.validate(DESKTOP);
    expect(sim.count('token')).toBe(1);
    clock.advance(2_000); // less than a minute left: renewed
    await client.validate(DESKTOP);
    expect(sim.count('token')).toBe(2);
    expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${sim.issued[1]}`);
  });

  it('on a 401 gets one fresh token and retries the call once', async () => {
    const { client } = setup();
    await client.validate(DESKTOP);
    sim.revoked.add(sim.issued[0]!);
    const result = await client.validate(DESKTOP);
    expect(result.attempts).toBe(2);
    expect(sim.count('token')).toBe(2);
    expect(sim.count('validate')).toBe(3);
  });

  it('concurrent callers hit by the same 401 share one refresh', async () => {
    const { client } = setup();
    await client.validate(DESKTOP);
    sim.revoked.add(sim.issued[0]!);
    await Promise.all([
      client.validate(DESKTOP),
      client.validate(DESKTOP),
      client.validate(DESKTOP),
    ]);
    expect(sim.count('token')).toBe(2);
  });

  it('gives up with INVALID_CREDENTIALS when the fresh token is refused too', async () => {
    sim.always('validate', { status: 401, body: PLATFORM_ERRORS[401] });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      status: 401,
      attempts: 2,
      operation: 'validate',
    });
    expect(error.hmrcMessage).toBe(PLATFORM_ERRORS[401].message);
    expect(error.message).toContain('also with a fresh token');
    expect(error.hint).toContain('HMRC_CLIENT_ID');
    expect(sim.count('token')).toBe(2);
    expect(sim.count('validate')).toBe(2);
  });

  it('maps a refused client secret to INVALID_CREDENTIALS without calling the API', async () => {
    const wrong = isolated({
      baseUrl: sim.baseUrl,
      clientId: sim.options.clientId,
      clientSecret: 'not-the-secret',
    });
    const error = await failure(wrong.validate(DESKTOP));
    expect(error).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      status: 401,
      operation: 'token',
      attempts: 1,
    });
    expect(error.hmrcMessage).toBe('invalid_client: invalid client id or secret');
    expect(sim.count('validate')).toBe(0);
  });

  it('treats a token answer without access_token as INVALID_RESPONSE', async () => {
    sim.queue('token', { status: 200, body: { token_type: 'bearer', expires_in: 100 } });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', operation: 'token' });
    expect(sim.count('validate')).toBe(0);
  });

  it('uses a caller-supplied bearer token as is, and does not retry its 401', async () => {
    const token = 'caller-token-0123456789';
    const client = isolated({ baseUrl: sim.baseUrl, bearerToken: token });
    sim.options.staticTokens.push(token);
    try {
      await client.validate(DESKTOP);
      expect(sim.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
      sim.revoked.add(token);
      const error = await failure(client.validate(DESKTOP));
      expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', attempts: 1 });
      expect(error.hint).toContain('bearer token was refused');
      expect(sim.count('token')).toBe(0);
      expect(sim.count('validate')).toBe(2);
    } finally {
      sim.options.staticTokens.length = 0;
    }
  });

  it('asks a bearer token function before each call and again after a 401', async () => {
    const tokens = ['first-token-aaaa', 'second-token-bbbb'];
    sim.options.staticTokens.push(...tokens);
    sim.revoked.add('first-token-aaaa');
    let asked = 0;
    const client = isolated({
      baseUrl: sim.baseUrl,
      bearerToken: async () => tokens[Math.min(asked++, 1)]!,
    });
    try {
      const result = await client.validate(DESKTOP);
      expect(result.attempts).toBe(2);
      expect(asked).toBe(2);
      expect(sim.requests.map((r) => r.headers.authorization)).toEqual([
        'Bearer first-token-aaaa',
        'Bearer second-token-bbbb',
      ]);
    } finally {
      sim.options.staticTokens.length = 0;
    }
  });
});

describe('platform errors', () => {
  const cases = [
    [
      403,
      'RESOURCE_FORBIDDEN',
      'Subscribe the application to the Test Fraud Prevention Headers API',
    ],
    [404, 'MATCHING_RESOURCE_NOT_FOUND', 'HMRC_BASE_URL'],
    [406, 'ACCEPT_HEADER_INVALID', 'application/vnd.hmrc.1.0+json'],
  ] as const;
  for (const [status, code, hint] of cases) {
    it(`turns ${status} ${code} into one HmrcError with a hint, without retrying`, async () => {
      sim.always('validate', { status, body: PLATFORM_ERRORS[status] });
      const { client } = setup();
      const error = await failure(client.validate(DESKTOP));
      expect(error).toMatchObject({
        name: 'HmrcError',
        code,
        status,
        attempts: 1,
        operation: 'validate',
      });
      expect(error.hmrcMessage).toBe(PLATFORM_ERRORS[status].message);
      expect(error.message).toContain(
        `answered ${status} ${code}: ${PLATFORM_ERRORS[status].message}`,
      );
      expect(error.hint).toContain(hint);
      expect(error.message).toContain(hint);
      expect(sim.count('validate')).toBe(1);
    });
  }

  it('maps a 404 from something that is not HMRC (HTML) by its status', async () => {
    sim.always('feedback', {
      status: 404,
      headers: { 'content-type': 'text/html' },
      body: '<h1>Not found</h1>',
    });
    const { client } = setup();
    const error = await failure(client.validationFeedback('vat-mtd'));
    expect(error).toMatchObject({ code: 'MATCHING_RESOURCE_NOT_FOUND', status: 404 });
    expect(error.hmrcMessage).toBeUndefined();
  });

  it('passes an unknown HMRC code through and does not retry a 400', async () => {
    sim.always('validate', {
      status: 400,
      body: { code: 'INVALID_REQUEST', message: 'Bad request' },
    });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 400, attempts: 1 });
  });

  it('does not follow redirects', async () => {
    sim.always('validate', {
      status: 302,
      headers: { location: 'https://example.test/elsewhere' },
    });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 302, attempts: 1 });
    expect(error.message).toContain('https://example.test/elsewhere');
  });
});

describe('retries', () => {
  it('honours Retry-After in seconds on 429, then succeeds', async () => {
    sim.queue('validate', {
      status: 429,
      headers: { 'retry-after': '2' },
      body: PLATFORM_ERRORS[429],
    });
    const { client, apiSends, events } = setup();
    const result = await client.validate(DESKTOP);
    expect(result.attempts).toBe(2);
    const [first, second] = apiSends();
    expect(second!.at - first!.at).toBe(2000);
    expect(events.filter((e) => e.event === 'retry')).toEqual([
      expect.objectContaining({
        code: 'MESSAGE_THROTTLED_OUT',
        status: 429,
        delayMs: 2000,
        attempt: 1,
      }),
    ]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { client, clock, apiSends } = setup();
    sim.queue('validate', () => ({
      status: 429,
      headers: { 'retry-after': new Date(clock.now() + 3000).toUTCString() },
      body: PLATFORM_ERRORS[429],
    }));
    await client.validate(DESKTOP);
    const [first, second] = apiSends();
    // The date has whole seconds; the first send was 400 ms past one (after the token request).
    expect(first!.at % 1000).toBe(400);
    expect(second!.at - first!.at).toBe(2600);
  });

  it('stops after maxAttempts on persistent 429 and says so', async () => {
    sim.always('validate', { status: 429, body: PLATFORM_ERRORS[429] });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'MESSAGE_THROTTLED_OUT', status: 429, attempts: 4 });
    expect(error.message).toContain('gave up after 4 attempts');
    expect(error.hint).toContain('3 requests per second');
    expect(sim.count('validate')).toBe(4);
  });

  it('backs off exponentially with jitter between attempts', async () => {
    sim.always('validate', {
      status: 503,
      body: { code: 'SERVER_ERROR', message: 'Service unavailable' },
    });
    const { client, apiSends } = setup({ random: () => 1 });
    await failure(client.validate(DESKTOP));
    const times = apiSends().map((s) => s.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps).toEqual([500, 1000, 2000]);
  });

  it('does not retry when Retry-After asks for more than the time budget', async () => {
    sim.always('validate', {
      status: 429,
      headers: { 'retry-after': '120' },
      body: PLATFORM_ERRORS[429],
    });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({
      code: 'MESSAGE_THROTTLED_OUT',
      attempts: 1,
      retryAfterMs: 120_000,
    });
    expect(error.message).toContain('would exceed the 30000 ms time budget');
    expect(sim.count('validate')).toBe(1);
  });

  it('retries 500s and returns the answer once HMRC recovers', async () => {
    sim.queue(
      'validate',
      { status: 500, body: PLATFORM_ERRORS[500] },
      { status: 500, body: PLATFORM_ERRORS[500] },
    );
    const { client } = setup();
    const result = await client.validate(DESKTOP);
    expect(result.attempts).toBe(3);
    expect(sim.count('validate')).toBe(3);
  });

  it("gives up on persistent 5xx after the bounded attempts, keeping HMRC's code", async () => {
    sim.always('validate', { status: 500, body: PLATFORM_ERRORS[500] });
    const { client } = setup({ retry: { maxAttempts: 3 } });
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', status: 500, attempts: 3 });
    expect(sim.count('validate')).toBe(3);
  });

  it('calls a 5xx without an HMRC body SERVER_ERROR', async () => {
    sim.always('validate', {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad gateway</html>',
    });
    const { client } = setup({ retry: { maxAttempts: 2 } });
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'SERVER_ERROR', status: 502, attempts: 2 });
  });

  it('retries a reset connection, then reports NETWORK when it keeps happening', async () => {
    sim.queue('validate', { reset: true });
    const { client } = setup();
    const ok = await client.validate(DESKTOP);
    expect(ok.attempts).toBe(2);

    sim.reset();
    sim.always('validate', { reset: true });
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'NETWORK', attempts: 4 });
    expect(error.status).toBeUndefined();
    expect(error.cause).toBeInstanceOf(Error);
    expect(sim.count('validate')).toBe(4);
  });

  it('reports NETWORK for a server that is not there', async () => {
    const gone = new HmrcSim();
    await gone.start();
    const baseUrl = gone.baseUrl;
    await gone.close();
    const client = isolated({ baseUrl, bearerToken: 'tok-abcdef', retry: { maxAttempts: 2 } });
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'NETWORK', attempts: 2 });
    expect(error.message).toContain(
      `could not reach ${baseUrl}/test/fraud-prevention-headers/validate`,
    );
  });

  it('times out each attempt of a server that never answers, a bounded number of times', async () => {
    sim.always('validate', { hang: true });
    const { client, clock } = setup({ retry: { maxAttempts: 2, maxElapsedMs: 600_000 } });
    const pending = failure(client.validate(DESKTOP));
    await sim.waitForRequests(2); // token + first attempt
    clock.advance(60_000);
    await sim.waitForRequests(3); // second attempt, after backoff
    clock.advance(60_000);
    const error = await pending;
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 2, operation: 'validate' });
    expect(error.message).toContain('did not answer within 60000 ms');
    expect(sim.count('validate')).toBe(2);
  });

  it('times out a body that stops arriving half way', async () => {
    sim.always('validate', { stall: true });
    const { client, clock } = setup({ retry: { maxAttempts: 1 } });
    const pending = failure(client.validate(DESKTOP));
    await sim.waitForRequests(2);
    clock.advance(60_000);
    expect(await pending).toMatchObject({ code: 'TIMEOUT', attempts: 1 });
  });

  it('retries a connection closed mid-body, then reports NETWORK', async () => {
    sim.queue('validate', { cut: true });
    const { client } = setup();
    expect((await client.validate(DESKTOP)).attempts).toBe(2);
    sim.reset();
    sim.always('validate', { cut: true });
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'NETWORK', attempts: 4 });
    expect(sim.count('validate')).toBe(4);
  });

  it('cuts the last attempt short at the time budget and does not retry past it', async () => {
    sim.always('validate', { hang: true });
    const { client, clock } = setup();
    let settled = false;
    const pending = failure(client.validate(DESKTOP)).finally(() => {
      settled = true;
    });
    await sim.waitForRequests(2);
    // The attempt starts 400 ms into the call (the token request had the first slot), so
    // 29600 ms of the 30 s budget remain for it.
    clock.advance(29_599);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    clock.advance(1);
    const error = await pending;
    expect(error).toMatchObject({ code: 'TIMEOUT', attempts: 1 });
    expect(error.message).toContain('did not answer within 29600 ms');
    expect(sim.count('validate')).toBe(1);
  });
});

describe('unreadable answers', () => {
  it('reports malformed JSON as INVALID_RESPONSE and does not retry it', async () => {
    sim.always('validate', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"specVersion": "3.3", "code": ',
    });
    const { client } = setup();
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200, attempts: 1 });
    expect(error.message).toContain('not JSON');
    expect(error.cause).toBeInstanceOf(Error);
    expect(sim.count('validate')).toBe(1);
  });

  it('reports a wrong content type as INVALID_RESPONSE', async () => {
    sim.always('feedback', {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<html><body>Maintenance</body></html>',
    });
    const { client } = setup();
    const error = await failure(client.validationFeedback('vat-mtd'));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
    expect(error.message).toContain('content type text/html; charset=utf-8, expected JSON');
  });

  it('accepts HMRC vendor JSON content types', async () => {
    sim.always('validate', {
      status: 200,
      headers: { 'content-type': 'application/vnd.hmrc.1.0+json' },
      body: JSON.stringify(validateExample('allFphHeadersValid')),
    });
    const { client } = setup();
    const result = await client.validate(DESKTOP);
    expect(result.conforms).toBe(true);
  });

  it('refuses an oversized body', async () => {
    sim.always('validate', {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(5000) }),
    });
    const { client } = setup({ maxResponseBytes: 1024 });
    const error = await failure(client.validate(DESKTOP));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
    expect(error.message).toContain('larger than 1024 bytes');
  });
});

describe('rate limiting', () => {
  it('keeps to at most 3 requests in any one second, in arrival order', async () => {
    const { client, sent } = setup();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.validate(DESKTOP)));
    expect(results.every((r) => r.conforms)).toBe(true);
    expect(sent).toHaveLength(11); // one token request, ten calls
    const times = sent.map((s) => s.at);
    for (const start of times)
      expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(3);
    // 2.5 per second with a bucket of 1: one request every 400 ms, none skipped.
    expect(times.map((t) => t - times[0]!)).toEqual(Array.from({ length: 11 }, (_, i) => i * 400));
  });

  it('holds every caller after a 429 instead of letting them pile on (no retry storm)', async () => {
    const { client, apiSends } = setup();
    sim.queue('validate', {
      status: 429,
      headers: { 'retry-after': '2' },
      body: PLATFORM_ERRORS[429],
    });
    await Promise.all(Array.from({ length: 5 }, () => client.validate(DESKTOP)));
    const sends = apiSends();
    expect(sends).toHaveLength(6); // five calls and one retry
    const throttledAt = sends[0]!.at;
    // Nothing else went out until the Retry-After had passed.
    expect(sends.slice(1).every((s) => s.at >= throttledAt + 2000)).toBe(true);
  });

  it('shares one limiter between clients of the same application', async () => {
    const clock = new FakeClock();
    const sent: SentRequest[] = [];
    const limiter = createRateLimiter({ clock });
    const make = () =>
      createTestApiClient({
        baseUrl: sim.baseUrl,
        clientId: sim.options.clientId,
        clientSecret: sim.options.clientSecret,
        clock,
        fetch: trackingFetch(clock, sent),
        rateLimit: limiter,
        timeoutMs: 60_000,
      });
    const [a, b] = [make(), make()];
    await Promise.all([
      a.validate(DESKTOP),
      b.validate(DESKTOP),
      a.validate(DESKTOP),
      b.validate(DESKTOP),
    ]);
    const times = sent.map((s) => s.at);
    for (const start of times)
      expect(times.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(3);
  });

  it('fails fast with RATE_LIMITED when the queue is longer than the time budget', async () => {
    const { client } = setup({ retry: { maxElapsedMs: 1000 } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => client.validate(DESKTOP)),
    );
    const codes = outcomes.map((o) =>
      o.status === 'rejected' ? (o.reason as HmrcError).code : 'OK',
    );
    expect(codes.filter((c) => c === 'OK').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThan(0);
    expect(codes.every((c) => c === 'OK' || c === 'RATE_LIMITED')).toBe(true);
  });
});

describe('cancellation', () => {
  it('rejects with ABORTED when the caller aborts during a request', async () => {
    sim.always('validate', { hang: true });
    const { client } = setup();
    const controller = new AbortController();
    const pending = failure(client.validate(DESKTOP, { signal: controller.signal }));
    await sim.waitForRequests(2);
    controller.abort();
    const error = await pending;
    expect(error).toMatchObject({ code: 'ABORTED', attempts: 1 });
    expect(sim.count('validate')).toBe(1);
  });

  it('rejects with ABORTED when aborted during backoff', async () => {
    sim.always('validate', {
      status: 503,
      headers: { 'retry-after': '20' },
      body: PLATFORM_ERRORS[500],
    });
    const clock = new FakeClock(undefined, 5_000); // backoff of 20 s waits for the test
    const client = isolated({ baseUrl: sim.baseUrl, bearerToken: 'tok-abcdef' }, clock);
    sim.options.staticTokens.push('tok-abcdef');
    try {
      const controller = new AbortController();
      const pending = failure(client.validate(DESKTOP, { signal: controller.signal }));
      await sim.waitForRequests(1);
      while (clock.pending < 1) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      expect(await pending).toMatchObject({ code: 'ABORTED', attempts: 1 });
    } finally {
      sim.options.staticTokens.length = 0;
    }
  });
});

describe('options', () => {
  it('defaults to HMRC sandbox', () => {
    expect(createTestApiClient({ bearerToken: 'abc' }).baseUrl).toBe(SANDBOX_BASE_URL);
    expect(
      createTestApiClient({ bearerToken: 'abc', baseUrl: 'https://proxy.example/hmrc/' }).baseUrl,
    ).toBe('https://proxy.example/hmrc');
  });

  const bad: Array<[string, unknown, string]> = [
    ['no credentials', { baseUrl: 'https://x.example' }, 'credentials missing'],
    ['both kinds', { clientId: 'a', clientSecret: 'b', bearerToken: 'c' }, 'not both'],
    [
      'empty secret',
      { clientId: 'a', clientSecret: '' },
      'clientSecret must be a non-empty string',
    ],
    ['missing id', { clientSecret: 'b' }, 'clientId must be a non-empty string'],
    [
      'not a URL',
      { bearerToken: 'a', baseUrl: 'test-api.service.hmrc.gov.uk' },
      'baseUrl is not a URL',
    ],
    ['ftp', { bearerToken: 'a', baseUrl: 'ftp://x.example' }, 'must use https'],
    [
      'user info',
      { bearerToken: 'a', baseUrl: 'https://u:p@x.example' },
      'must not contain a user name',
    ],
    [
      'plain http to a remote host',
      { bearerToken: 'a', baseUrl: 'http://x.example' },
      'unencrypted',
    ],
    ['bad timeout', { bearerToken: 'a', timeoutMs: -1 }, 'timeoutMs must be a positive number'],
    ['bad retry', { bearerToken: 'a', retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    ['bad rate', { bearerToken: 'a', rateLimit: { requestsPerSecond: 0 } }, 'requestsPerSecond'],
    ['token with a space', { bearerToken: 'a b' }, 'visible ASCII'],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name} with INVALID_OPTIONS`, () => {
      let error: unknown;
      try {
        createTestApiClient(options as ClientCredentialsOptions);
      } catch (caught) {
        error = caught;
      }
      expect(isHmrcError(error)).toBe(true);
      expect((error as HmrcError).code).toBe('INVALID_OPTIONS');
      expect((error as HmrcError).message).toContain(message);
    });
  }

  it('allows plain http to a remote host only when asked', () => {
    expect(
      createTestApiClient({
        bearerToken: 'a',
        baseUrl: 'http://gateway.internal:8787',
        allowInsecureHttp: true,
      }).baseUrl,
    ).toBe('http://gateway.internal:8787');
  });

  it('never lets a failing logger fail a call', async () => {
    const { client } = setup({
      logger: () => {
        throw new Error('logger broke');
      },
    });
    await expect(client.validate(DESKTOP)).resolves.toMatchObject({ conforms: true });
  });
});

describe('failures nobody foresaw', () => {
  it('become INTERNAL, with the original error (a scrubbed copy) as the cause', async () => {
    // A fetch that answers with something that is not a Response.
    const client = createTestApiClient({
      baseUrl: sim.baseUrl,
      bearerToken: 'bearer-of-this-test',
      fetch: (async () => ({ status: 200, ok: true })) as unknown as typeof fetch,
    });
    const error = await client.validate(DESKTOP).catch((caught: unknown) => caught);
    expect(isHmrcError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INTERNAL', operation: 'validate' });
    expect((error as HmrcError).message).toContain('please report it');
    expect((error as HmrcError).cause).toMatchObject({
      name: 'TypeError',
      message: expect.stringContaining("reading 'get'"),
    });
  });
});
