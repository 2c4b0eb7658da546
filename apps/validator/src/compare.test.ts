import { checkValidateResponse, compareReports } from '@fph-kit/hmrc';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { HmrcSim, PLATFORM_ERRORS } from '@fph-kit/test-support/hmrc-sim';
import {
  expectProblemShape,
  HMRC_ACCEPT,
  json,
  postJson,
  type Running,
  startService,
  startUpstream,
  type Upstream,
} from '@fph-kit/test-support/service-harness';
import { validate } from '@fph-kit/validator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const WEB = cleanSet('WEB_APP_VIA_SERVER');
const CLIENT_ID = 'fph-test-client-7d1e';
const CLIENT_SECRET = 'sim-secret-4f9a2b7c1e8d';

describe('compareReports', () => {
  const local = validate({ ...WEB, 'Gov-Client-Timezone': 'Europe/London' }, { now: NOW }).report;

  it('finds nothing when the bodies agree', () => {
    expect(compareReports(local, structuredClone(local))).toEqual([]);
  });

  it('lists the code, spec version and each issue found by one side only', () => {
    const hmrc = {
      specVersion: '3.1',
      code: 'VALID_HEADERS',
      message: 'All headers ...',
      warnings: [{ code: 'UNEXPECTED_HEADER', message: 'Unrecognised header', headers: ['gov-x'] }],
    };
    const found = compareReports(local, hmrc);
    expect(found.map((d) => [d.field, d.only])).toEqual([
      ['specVersion', undefined],
      ['code', undefined],
      ['message', undefined],
      ['errors', 'local'],
      ['warnings', 'hmrc'],
    ]);
    expect(found[3]!.issue).toEqual(local.errors![0]);
    expect(found[3]!.detail).toContain(
      'only fph-kit reports INVALID_HEADER on gov-client-timezone',
    );
  });

  it('notices the same issues in another order', () => {
    const two = validate(
      { ...WEB, 'Gov-Client-Timezone': 'Europe/London', 'Gov-Client-Public-Port': 'x' },
      { now: NOW },
    ).report;
    const swapped = { ...two, errors: [...two.errors!].reverse() };
    expect(compareReports(two, swapped)).toEqual([
      expect.objectContaining({ field: 'errors', order: { local: [0, 1], hmrc: [1, 0] } }),
    ]);
  });

  it('says when HMRC answered something that is not a report', () => {
    expect(compareReports(local, 'oops')[0]!.field).toBe('body');
    expect(compareReports(local, { ...local, errors: 'x' }).some((d) => d.field === 'body')).toBe(
      true,
    );
  });
});

describe('POST /v1/compare against a local HMRC', () => {
  let sim: HmrcSim;
  let upstream: Upstream;
  let svc: Running;
  /** Every body the service answered, for the secrets check. */
  const answers: string[] = [];

  const compare = async (body: unknown) => {
    const response = await postJson(`${svc.url}/v1/compare`, body);
    const text = await response.text();
    answers.push(text, JSON.stringify([...response.headers]));
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  };

  beforeAll(async () => {
    sim = await new HmrcSim({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"obligations":[]}');
    });
    svc = await startService({
      now: () => NOW.getTime(),
      upstream: upstream.url,
      hmrc: {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        baseUrl: sim.baseUrl,
        retry: { maxAttempts: 1 },
        rateLimit: { requestsPerSecond: 1000, burst: 100 },
        timeoutMs: 500,
      },
    });
  });
  beforeEach(() => {
    sim.reset();
  });
  afterAll(async () => {
    await svc.close();
    await sim.close();
    await upstream.close();
  });

  it('agrees when HMRC answers as the validator does, sending only the Gov-* headers', async () => {
    sim.queue('validate', (seen) => {
      const gov = Object.entries(seen.headers).filter(([n]) => n.startsWith('gov-')) as [
        string,
        string,
      ][];
      return { status: 200, body: validate(gov, { now: NOW }).report as never };
    });
    const { status, body } = await compare({ headers: { ...WEB, 'X-Request-ID': 'r-1' } });
    expect(status).toBe(200);
    expect(body.agree).toBe(true);
    expect(body.disagreements).toEqual([]);
    expect(body.ignored).toEqual(['X-Request-ID']);
    expect(body.hmrc.conforms).toBe(true);
    expect(checkValidateResponse(body.hmrc.body).conforms).toBe(true);
    expect(body.local.report).toEqual(validate(WEB, { now: NOW }).report);
    const sent = sim.requests.find((r) => r.endpoint === 'validate')!;
    expect(sent.headers['x-request-id']).toBeUndefined();
    expect(sent.headers.accept).toBe(HMRC_ACCEPT);
    expect(sent.headers['gov-client-device-id']).toBe(WEB['Gov-Client-Device-ID']);
  });

  it('lists every disagreement when HMRC answers differently', async () => {
    // The simulator answers with the OpenAPI example (specVersion 3.1, VALID_HEADERS).
    const faulty = { ...WEB, 'Gov-Client-Timezone': 'Europe/London' };
    const { body } = await compare({ headers: faulty });
    expect(body.agree).toBe(false);
    expect(
      body.disagreements.map((d: { field: string; only?: string }) => `${d.field}:${d.only ?? ''}`),
    ).toEqual(['specVersion:', 'code:', 'message:', 'errors:local']);
    expect(body.local.report.code).toBe('INVALID_HEADERS');
    expect(body.hmrc.body.code).toBe('VALID_HEADERS');
  });

  it("relays HMRC's errors as problems with HMRC's code and status mapping", async () => {
    sim.queue('validate', { status: 403, body: PLATFORM_ERRORS[403] });
    const forbidden = await compare({ headers: WEB });
    expect(forbidden.status).toBe(502);
    expectProblemShape(forbidden.body);
    expect(forbidden.body).toMatchObject({ code: 'RESOURCE_FORBIDDEN', hmrcStatus: 403 });
    expect(forbidden.body.detail).toContain('Subscribe the application');

    sim.queue('validate', {
      status: 429,
      headers: { 'Retry-After': '7' },
      body: PLATFORM_ERRORS[429],
    });
    const throttled = await compare({ headers: WEB });
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('MESSAGE_THROTTLED_OUT');

    sim.queue('validate', { status: 500, body: PLATFORM_ERRORS[500] });
    const failed = await compare({ headers: WEB });
    expect(failed.status).toBe(502);
    expect(failed.body.code).toBe('INTERNAL_SERVER_ERROR');

    sim.queue('validate', { hang: true });
    const slow = await compare({ headers: WEB });
    expect(slow.status).toBe(504);
    expect(slow.body.code).toBe('TIMEOUT');

    const unsendable = await compare({ headers: { ...WEB, 'Gov-Client-User-IDs': 'acme=Zoë 🙂' } });
    expect(unsendable.status).toBe(400);
    expect(unsendable.body.code).toBe('INVALID_ARGUMENT');
    expect(unsendable.body.detail).toContain('Gov-Client-User-IDs');

    const method = await compare({ headers: WEB, connectionMethod: 'WEB_APP_VIA_SERVER' });
    expect(method.status).toBe(400);
    expect(method.body.detail).toContain('Gov-Client-Connection-Method');
  });

  it('reports refused credentials without revealing them', async () => {
    const wrong = await startService({
      hmrc: {
        clientId: CLIENT_ID,
        clientSecret: `${CLIENT_SECRET}-wrong`,
        baseUrl: sim.baseUrl,
        retry: { maxAttempts: 1 },
      },
    });
    try {
      const response = await postJson(`${wrong.url}/v1/compare`, { headers: WEB });
      const text = await response.text();
      expect(response.status).toBe(502);
      const body = JSON.parse(text);
      expectProblemShape(body);
      expect(body.code).toBe('INVALID_CREDENTIALS');
      expect(body.detail).toContain('HMRC_CLIENT_SECRET');
      for (const out of [text, wrong.logText()]) {
        expect(out).not.toContain(CLIENT_SECRET);
      }
    } finally {
      await wrong.close();
    }
  });

  it('never shows the client secret or a token in any log line, answer or evidence', async () => {
    sim.queue('validate', { status: 401, body: PLATFORM_ERRORS[401] });
    await compare({ headers: WEB });
    await compare({ headers: WEB });
    const token = sim.issued.at(-1)!;
    // A gateway call carrying the token, and every other endpoint and error path.
    const calls: [string, RequestInit][] = [
      [
        '/organisations/vat/564738291/obligations',
        { headers: { Authorization: `Bearer ${token}`, ...WEB } },
      ],
      [
        '/test/fraud-prevention-headers/validate',
        { headers: { Accept: HMRC_ACCEPT, Authorization: `Bearer ${token}`, ...WEB } },
      ],
      [
        '/test/fraud-prevention-headers/vat-mtd/validation-feedback',
        { headers: { Accept: HMRC_ACCEPT } },
      ],
      [
        '/test/fraud-prevention-headers/vat-mtd/validation-feedback?connectionMethod=X',
        { headers: { Accept: HMRC_ACCEPT } },
      ],
      ['/test/fraud-prevention-headers/validate', {}],
      [
        '/v1/validate',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ headers: WEB }),
        },
      ],
      [
        '/v1/validate',
        { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{bad' },
      ],
      ['/v1/validate-text', { method: 'POST', body: 'Gov-Client-Timezone: UTC+00:00' }],
      ['/v1/evidence', {}],
      ['/evidence', {}],
      ['/healthz', {}],
      ['/openapi.json', {}],
      ['/', {}],
      ['/problems', {}],
      ['/v1/nothing', {}],
    ];
    for (const [path, init] of calls) {
      const response = await fetch(`${svc.url}${path}`, init);
      answers.push(await response.text(), JSON.stringify([...response.headers]));
    }
    expect(sim.issued.length).toBeGreaterThan(0);
    const everything = [...answers, svc.logText()].join('\n');
    expect(everything).not.toContain(CLIENT_SECRET);
    for (const issued of sim.issued) expect(everything).not.toContain(issued);
    // The log shows the HMRC calls happened, redacted.
    expect(svc.logs.some((r) => r.msg === 'hmrc' && r.event === 'response')).toBe(true);
  });

  it('/healthz says HMRC comparison is on, with the base URL and nothing secret', async () => {
    const body = await json(await fetch(`${svc.url}/healthz`));
    expect(body.hmrc).toEqual({ enabled: true, baseUrl: sim.baseUrl });
  });
});
