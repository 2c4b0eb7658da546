import { inspect } from 'node:util';
import { FakeClock, trackingFetch } from '@fph-kit/test-support/fake-clock';
import {
  HmrcSim,
  PLATFORM_ERRORS,
  type SeenRequest,
  validateExample,
} from '@fph-kit/test-support/hmrc-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApiClient,
  type FetchLike,
  type HmrcLogEvent,
  type TestApiClientOptions,
} from './index.js';

/**
 * Runs every endpoint and error path with credentials configured, including a server that echoes
 * credentials back, and searches every log event, result and error (causes and stacks included)
 * for the client secret and each bearer token.
 */

const SECRET = 'Sbx-Secret-7f3a9c1e2d4b';
const STATIC_TOKEN = 'caller-bearer-5e6f7a8b9c';
const sim = new HmrcSim({ clientSecret: SECRET, staticTokens: [STATIC_TOKEN] });
const bearerOf = (seen: SeenRequest): string => seen.headers.authorization ?? '';
const HEADERS = {
  'Gov-Client-Connection-Method': 'OTHER_DIRECT',
  'Gov-Client-Timezone': 'UTC+00:00',
};

beforeAll(async () => {
  await sim.start();
});
afterAll(async () => {
  await sim.close();
});

describe('secrets', () => {
  it('never appear in logs, errors, causes or results', async () => {
    const outputs: unknown[] = [];
    const tokens = new Set<string>([STATIC_TOKEN]);
    const clock = new FakeClock();
    const logger = (event: HmrcLogEvent): void => {
      outputs.push(event);
    };
    const make = (extra: Partial<TestApiClientOptions> = {}, fetchFn?: FetchLike) =>
      createTestApiClient({
        baseUrl: sim.baseUrl,
        clientId: sim.options.clientId,
        clientSecret: SECRET,
        clock,
        fetch: fetchFn ?? trackingFetch(clock, []),
        timeoutMs: 60_000,
        logger,
        retry: { maxAttempts: 2 },
        ...extra,
      } as TestApiClientOptions);
    const run = async (scenario: () => Promise<unknown>): Promise<void> => {
      try {
        outputs.push(await scenario());
      } catch (error) {
        outputs.push(error);
      }
      for (const token of sim.issued) tokens.add(token);
    };

    // Success on both endpoints, then a 401 that forces a refresh.
    const client = make();
    await run(() => client.validate(HEADERS));
    await run(() => client.validationFeedback('vat-mtd'));
    sim.revoked.add(sim.issued[0]!);
    await run(() => client.validate(HEADERS));

    // Every platform error, persistent 401 included.
    for (const status of [401, 403, 404, 406, 429, 500] as const) {
      sim.reset();
      sim.always('validate', { status, body: PLATFORM_ERRORS[status] });
      await run(() => make().validate(HEADERS));
    }

    // A server that echoes the credentials it was sent: in error bodies, 200 bodies, headers.
    sim.reset();
    sim.always('validate', (seen) => ({
      status: 400,
      body: { code: 'INVALID_REQUEST', message: `rejected ${bearerOf(seen)}` },
    }));
    await run(() => make().validate(HEADERS));
    sim.reset();
    sim.always('validate', (seen) => ({
      status: 200,
      headers: {
        deprecation: `see ${bearerOf(seen)}`,
        link: `<https://x.example/${bearerOf(seen).slice(7)}>`,
      },
      body: { ...validateExample('allFphHeadersValid'), message: `you sent ${bearerOf(seen)}` },
    }));
    await run(() => make().validate(HEADERS));
    sim.reset();
    sim.always('validate', (seen) => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"token": "${bearerOf(seen).slice(7)}", broken`,
    }));
    await run(() => make().validate(HEADERS));
    sim.reset();
    sim.always('validate', (seen) => ({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: bearerOf(seen),
    }));
    await run(() => make().validate(HEADERS));
    sim.reset();
    sim.queue('token', (seen) => ({
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: `unknown secret ${new URLSearchParams(seen.body).get('client_secret')}`,
      },
    }));
    await run(() => make().validate(HEADERS));
    sim.reset();
    sim.queue('token', (seen) => ({ status: 500, body: `<pre>${seen.body}</pre>` }));
    sim.queue('token', (seen) => ({ status: 500, body: `<pre>${seen.body}</pre>` }));
    await run(() => make().validate(HEADERS));

    // Timeouts and resets.
    sim.reset();
    sim.always('validate', { reset: true });
    await run(() => make().validate(HEADERS));
    sim.reset();
    sim.always('validate', { hang: true });
    const hanging = make({ retry: { maxAttempts: 1 } }).validate(HEADERS);
    await sim.waitForRequests(2);
    clock.advance(60_000);
    await run(() => hanging);

    // A fetch that fails quoting the request's headers, as fetch does for malformed values.
    sim.reset();
    const quoting: FetchLike = async (_input, init) => {
      throw new TypeError(`invalid request: ${JSON.stringify(init.headers)} ${String(init.body)}`, {
        cause: new Error(`headers were ${JSON.stringify(init.headers)}`),
      });
    };
    await run(() => make({}, quoting).validate(HEADERS));

    // Caller-supplied bearer tokens: a string, and a function that fails quoting its token.
    sim.reset();
    const staticClient = createTestApiClient({
      baseUrl: sim.baseUrl,
      bearerToken: STATIC_TOKEN,
      clock,
      fetch: trackingFetch(clock, []),
      timeoutMs: 60_000,
      logger,
    });
    await run(() => staticClient.validate(HEADERS));
    sim.revoked.add(STATIC_TOKEN);
    await run(() => staticClient.validate(HEADERS));
    // The function's first token is refused; asked again, it fails quoting that token.
    sim.reset();
    sim.revoked.add(STATIC_TOKEN);
    let asked = 0;
    const failing = createTestApiClient({
      baseUrl: sim.baseUrl,
      bearerToken: async () => {
        if (asked++ === 0) return STATIC_TOKEN;
        throw new Error(`vault could not renew ${STATIC_TOKEN}`);
      },
      clock,
      fetch: trackingFetch(clock, []),
      timeoutMs: 60_000,
      logger,
    });
    await run(() => failing.validate(HEADERS));
    expect(asked).toBe(2);
    const spaced = createTestApiClient({
      baseUrl: sim.baseUrl,
      bearerToken: async () => `${STATIC_TOKEN} trailing`,
      clock,
      logger,
    });
    await run(() => spaced.validate(HEADERS));

    // The searched text: results and log events as JSON, errors as inspected (message, stack,
    // properties, causes), plus every string property of the errors.
    const text = outputs
      .map((output) =>
        output instanceof Error
          ? `${inspect(output, { depth: 10 })} ${JSON.stringify(output)}`
          : JSON.stringify(output),
      )
      .join('\n');
    expect(tokens.size).toBeGreaterThan(5);
    expect(outputs.filter((o) => o instanceof Error).length).toBeGreaterThan(10);
    expect(
      outputs.some((o) => !(o instanceof Error) && (o as HmrcLogEvent).event === 'retry'),
    ).toBe(true);
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(encodeURIComponent(SECRET));
    for (const token of tokens) expect(text).not.toContain(token);
  });
});
