import { request as httpRequest, type IncomingMessage } from 'node:http';
import { checkFeedbackResponse } from '@fph-kit/hmrc';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import {
  expectProblemShape,
  HMRC_ACCEPT,
  json,
  type Running,
  startService,
  startUpstream,
  type Upstream,
} from '@fph-kit/test-support/service-harness';
import { validate, validationFeedback } from '@fph-kit/validator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Evidence } from './evidence.js';
import { createMemoryStore } from './store/memory-store.js';

const WEB = cleanSet('WEB_APP_VIA_SERVER');
const DESKTOP = cleanSet('DESKTOP_APP_DIRECT');
const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding']);

interface Answer {
  status: number;
  statusMessage: string;
  rawHeaders: string[];
  body: Buffer;
  complete: boolean;
}

/** A request through node:http (raw headers kept), resolving to the raw answer. */
function send(
  url: string,
  options: {
    method?: string;
    headers?: string[];
    body?: Buffer | string;
    onFirstChunk?: () => void;
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        headers: ['Host', new URL(url).host, ...(options.headers ?? [])],
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let first = true;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          if (first) {
            first = false;
            options.onFirstChunk?.();
          }
        });
        const finish = (): void =>
          resolve({
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
            complete: res.complete,
          });
        res.on('end', finish);
        res.on('aborted', finish);
        res.on('error', finish);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function pairs(raw: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

const govRaw = (set: Record<string, string>): string[] => Object.entries(set).flat();

describe('gateway passthrough', () => {
  let upstream: Upstream;
  let svc: Running;
  let release: (() => void) | undefined;
  const responseHeaders = [
    'Date',
    'Mon, 23 Nov 2026 10:00:00 GMT',
    'Content-Type',
    'application/vnd.hmrc.1.0+json',
    'Set-Cookie',
    'a=1; Path=/',
    'set-cookie',
    'b=2; Path=/',
    'X-Correlation-ID',
    'c2d1e1a4-5b6f-4c3e-9d7a-1f2e3d4c5b6a',
    'deprecation',
    '@1767225600',
  ];

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url?.startsWith('/stream')) {
        res.writeHead(201, 'Made It', responseHeaders);
        res.write(Buffer.from([0x7b, 0x22, 0xff, 0x00]));
        // The rest only once the client has the first chunk: proof the gateway streams.
        release = () => res.end(Buffer.from('"tail"}'));
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        Date: 'Mon, 23 Nov 2026 10:00:00 GMT',
      });
      res.end('{"ok":true}');
    });
    svc = await startService({ upstream: upstream.url, now: () => NOW.getTime() });
  });
  afterAll(async () => {
    await svc.close();
    await upstream.close();
  });

  it('forwards method, path, query, headers and body unchanged, and relays the answer byte for byte, streamed', async () => {
    const requestHeaders = [
      'Accept',
      'application/vnd.hmrc.1.0+json',
      'Authorization',
      'Bearer sandbox-user-token-5f2c',
      'X-Custom',
      'one',
      'x-custom',
      'two',
      'Content-Type',
      'application/octet-stream',
      'Content-Length',
      '6',
      ...govRaw(WEB),
    ];
    const body = Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x0a, 0x0d]);
    const answer = await send(
      `${svc.url}/stream/organisations/vat/564738291/returns?periodKey=26A1&x=%2F`,
      {
        method: 'PUT',
        headers: requestHeaders,
        body,
        onFirstChunk: () => release?.(),
      },
    );
    const seen = upstream.received.at(-1)!;
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/stream/organisations/vat/564738291/returns?periodKey=26A1&x=%2F');
    expect(seen.body.equals(body)).toBe(true);
    const forwarded = pairs(seen.rawHeaders).filter(([n]) => !HOP.has(n!.toLowerCase()));
    const host = new URL(upstream.url).host;
    expect(forwarded).toEqual([['Host', host], ...pairs(requestHeaders)]);

    expect(answer.status).toBe(201);
    expect(answer.statusMessage).toBe('Made It');
    expect(answer.complete).toBe(true);
    expect(pairs(answer.rawHeaders).filter(([n]) => !HOP.has(n!.toLowerCase()))).toEqual(
      pairs(responseHeaders),
    );
    expect(
      answer.body.equals(
        Buffer.concat([Buffer.from([0x7b, 0x22, 0xff, 0x00]), Buffer.from('"tail"}')]),
      ),
    ).toBe(true);
  });

  it('adds no header of its own to the upstream answer (no Date, no security headers)', async () => {
    const answer = await send(`${svc.url}/individuals/calculations/AA123456A/self-assessment`, {});
    const names = pairs(answer.rawHeaders).map(([n]) => n!.toLowerCase());
    expect(names.filter((n) => !HOP.has(n)).sort()).toEqual(['content-type', 'date']);
    expect(answer.body.toString()).toBe('{"ok":true}');
  });
});

describe('gateway recording and validation feedback', () => {
  let upstream: Upstream;
  let svc: Running;
  let clock = NOW.getTime();

  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
    svc = await startService({ upstream: upstream.url, now: () => clock });
  });
  afterAll(async () => {
    await svc.close();
    await upstream.close();
  });

  const call = async (method: string, path: string, headers: Record<string, string>) => {
    clock += 1000;
    const at = clock;
    const answer = await send(`${svc.url}${path}`, {
      method,
      headers: [
        'Authorization',
        'Bearer user-token-9c1d',
        'Cookie',
        'session=s3cr3t',
        ...govRaw(headers),
      ],
    });
    expect(answer.status).toBe(200);
    return at;
  };
  const feedback = async (api: string, query = '') => {
    const response = await fetch(
      `${svc.url}/test/fraud-prevention-headers/${api}/validation-feedback${query}`,
      { headers: { Accept: HMRC_ACCEPT } },
    );
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(checkFeedbackResponse(body).conforms).toBe(true);
    return body as { requests: { path: string; method: string; code: string }[] };
  };

  it('answers validation-feedback per API from the last request to each endpoint, as validationFeedback() would', async () => {
    const faulty = { ...WEB, 'Gov-Client-Timezone': 'Europe/London' };
    await call(
      'GET',
      '/organisations/vat/564738291/obligations?from=2026-01-01&to=2026-12-31',
      WEB,
    );
    const lastObligations = await call('GET', '/organisations/vat/123456788/obligations', faulty);
    const returnsAt = await call('POST', '/organisations/vat/123456788/returns', DESKTOP);
    const lastReturns = await call('POST', '/organisations/vat/123456788/returns', WEB);
    await call('GET', '/individuals/business/details/AA123456A/list', DESKTOP);
    await call('GET', '/some/other/api', WEB);
    await call('POST', '/oauth/token', {});

    const vat = await feedback('vat-mtd');
    const at = (ms: number) => new Date(ms).toISOString();
    expect(vat.requests).toEqual([
      validationFeedback(
        WEB,
        {
          method: 'POST',
          path: '/organisations/vat/123456788/returns',
          requestTimestamp: at(lastReturns),
        },
        { now: lastReturns },
      ),
      validationFeedback(
        faulty,
        {
          method: 'GET',
          path: '/organisations/vat/123456788/obligations',
          requestTimestamp: at(lastObligations),
        },
        { now: lastObligations },
      ),
    ]);
    expect(vat.requests.map((r) => r.code)).toEqual(['VALID_HEADERS', 'INVALID_HEADERS']);

    const desktopOnly = await feedback('vat-mtd', '?connectionMethod=DESKTOP_APP_DIRECT');
    expect(desktopOnly.requests).toEqual([
      validationFeedback(
        DESKTOP,
        {
          method: 'POST',
          path: '/organisations/vat/123456788/returns',
          requestTimestamp: at(returnsAt),
        },
        { now: returnsAt },
      ),
    ]);
    expect((await feedback('business-details-mtd')).requests.map((r) => r.path)).toEqual([
      '/individuals/business/details/AA123456A/list',
    ]);
    expect((await feedback('obligations-mtd')).requests).toEqual([]);
  });

  it('exports evidence: each endpoint, its headers and verdict, unknown paths under no API, no credentials', async () => {
    const response = await fetch(`${svc.url}/v1/evidence`);
    const evidence = (await json(response)) as Evidence;
    expect(evidence.endpoints.map((e) => [e.api, e.method, e.endpoint])).toEqual([
      ['business-details-mtd', 'GET', '/individuals/business/details/{nino}/list'],
      ['vat-mtd', 'GET', '/organisations/vat/{vrn}/obligations'],
      ['vat-mtd', 'POST', '/organisations/vat/{vrn}/returns'],
      [null, 'GET', '/some/other/api'],
    ]);
    const returns = evidence.endpoints[2]!;
    expect(returns.headers).toEqual(Object.entries(WEB));
    expect(returns.report).toEqual(
      validate(WEB, { now: Date.parse(returns.requestTimestamp) }).report,
    );
    expect(returns.upstream).toEqual({ status: 200 });
    expect(evidence.summary).toMatchObject({ endpoints: 4, valid: 3, invalid: 1 });

    const html = await (await fetch(`${svc.url}/evidence`)).text();
    expect(html).toContain('<code>POST /organisations/vat/123456788/returns</code>');
    expect(html).toContain('Value must be a recognised timezone in UTC format');
    for (const text of [JSON.stringify(evidence), html, svc.logText()]) {
      expect(text).not.toContain('user-token-9c1d');
      expect(text).not.toContain('s3cr3t');
    }
    expect(JSON.stringify(evidence)).not.toContain('/oauth/');
    // Logs name endpoints, not the identifiers in their paths.
    expect(svc.logText()).toContain('"/organisations/vat/{vrn}/returns"');
    expect(svc.logText()).not.toContain('123456788');
  });

  it('forgets everything on DELETE /v1/evidence', async () => {
    const response = await fetch(`${svc.url}/v1/evidence`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect((await feedback('vat-mtd')).requests).toEqual([]);
  });
});

describe('gateway faults', () => {
  let svc: Running | undefined;
  let upstream: Upstream | undefined;
  afterEach(async () => {
    await svc?.close();
    await upstream?.close();
    svc = undefined;
    upstream = undefined;
  });

  it('aborts the answer when the upstream dies mid-response, records it, and stays up', async () => {
    upstream = await startUpstream((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"partial":', () => res.socket?.destroy());
    });
    svc = await startService({ upstream: upstream.url });
    const answer = await send(`${svc.url}/organisations/vat/564738291/liabilities`, {
      headers: govRaw(WEB),
    });
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(false);
    const health = await fetch(`${svc.url}/healthz`);
    expect(health.status).toBe(200);
    const evidence = (await json(await fetch(`${svc.url}/v1/evidence`))) as Evidence;
    expect(evidence.endpoints[0]!.upstream.error).toBe(
      'upstream closed the connection mid-response',
    );
    expect(svc.logs.some((r) => r.msg === 'request' && r.aborted === true)).toBe(true);
  });

  it('answers 502 with a problem body when the upstream cannot be reached', async () => {
    const closed = await startUpstream(() => undefined);
    const where = closed.url;
    await closed.close();
    svc = await startService({ upstream: where });
    const response = await fetch(`${svc.url}/organisations/vat/564738291/returns`, {
      method: 'POST',
      body: '{"periodKey":"26A1"}',
    });
    expect(response.status).toBe(502);
    const body = await json(response);
    expectProblemShape(body);
    expect(body.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(body.detail).toContain('ECONNREFUSED');
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
  });

  it('answers 504 when the upstream says nothing within the timeout', async () => {
    upstream = await startUpstream(() => undefined);
    svc = await startService({ upstream: upstream.url, limits: { upstreamTimeoutMs: 150 } });
    const response = await fetch(`${svc.url}/organisations/vat/564738291/returns`);
    expect(response.status).toBe(504);
    const body = await json(response);
    expectProblemShape(body);
    expect(body.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('keeps a base path of the upstream, and forgets the least recent endpoints past the limit', async () => {
    upstream = await startUpstream((_req, res) => res.end('ok'));
    svc = await startService({
      upstream: `${upstream.url}/sandbox/`,
      limits: { recordedEndpoints: 2 },
    });
    for (const path of [
      '/organisations/vat/1/a',
      '/organisations/vat/1/b',
      '/organisations/vat/1/c',
    ]) {
      await send(`${svc.url}${path}`, { headers: govRaw(WEB) });
    }
    expect(upstream.received.map((r) => r.url)).toEqual([
      '/sandbox/organisations/vat/1/a',
      '/sandbox/organisations/vat/1/b',
      '/sandbox/organisations/vat/1/c',
    ]);
    const evidence = (await json(await fetch(`${svc.url}/v1/evidence`))) as Evidence;
    expect(evidence.endpoints.map((e) => e.path)).toEqual([
      '/organisations/vat/1/b',
      '/organisations/vat/1/c',
    ]);
    expect(evidence.evicted).toBe(1);
  });
});

describe('evidence history and forgetting one endpoint', () => {
  let upstream: Upstream;
  let svc: Running;
  let clock = NOW.getTime();
  const vrns = ['564738291', '123456788', '987654321'];

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      res.writeHead(req.url?.includes('987654321') ? 404 : 200, {
        'Content-Type': 'application/json',
      });
      res.end('{}');
    });
    svc = await startService({ upstream: upstream.url, now: () => clock });
    for (const vrn of vrns) {
      clock += 1000;
      await send(`${svc.url}/organisations/vat/${vrn}/obligations`, { headers: govRaw(WEB) });
    }
    clock += 1000;
    await send(`${svc.url}/organisations/vat/${vrns[0]}/liabilities`, { headers: govRaw(DESKTOP) });
  });
  afterAll(async () => {
    await svc.close();
    await upstream.close();
  });

  const endpointQuery = 'method=GET&endpoint=%2Forganisations%2Fvat%2F%7Bvrn%7D%2Fobligations';

  it('lists each endpoint with its requests, latest first, paged with before', async () => {
    const evidence = (await json(await fetch(`${svc.url}/v1/evidence?history=10`))) as Evidence;
    const obligations = evidence.endpoints.find((e) => e.endpoint.endsWith('/obligations'))!;
    expect(obligations.path).toBe(`/organisations/vat/${vrns[2]}/obligations`);
    expect(obligations.history!.map((r) => r.path)).toEqual(
      [...vrns].reverse().map((v) => `/organisations/vat/${v}/obligations`),
    );
    expect(obligations.history!.map((r) => r.upstream.status)).toEqual([404, 200, 200]);
    expect(obligations.history![0]!.sequence).toBe(obligations.sequence);
    expect(evidence.store).toEqual({ kind: 'memory', location: 'memory' });

    const page = (await json(
      await fetch(
        `${svc.url}/v1/evidence?${endpointQuery}&history=1&before=${obligations.sequence}`,
      ),
    )) as Evidence;
    expect(page.endpoints).toHaveLength(1);
    expect(page.endpoints[0]!.history!.map((r) => r.path)).toEqual([
      `/organisations/vat/${vrns[1]}/obligations`,
    ]);
    // Without history, the shape is the latest per endpoint, as before.
    const plain = (await json(await fetch(`${svc.url}/v1/evidence`))) as Evidence;
    expect(plain.endpoints.every((e) => e.history === undefined)).toBe(true);
  });

  it('shows the earlier requests on the printable page', async () => {
    const html = await (await fetch(`${svc.url}/evidence`)).text();
    expect(html).toContain('Earlier requests to this endpoint');
    expect(html).toContain(`<code>/organisations/vat/${vrns[0]}/obligations</code>`);
    expect(html).toContain(
      'Records are kept in memory only: nothing is kept when the service stops',
    );
  });

  it('refuses query parameters it cannot use, naming them', async () => {
    for (const [query, parameter] of [
      ['history=all', 'history'],
      ['history=1001', 'history'],
      ['before=0', 'before'],
      ['method=GET', 'endpoint'],
      ['limit=5', 'limit'],
      ['history=1&history=2', 'history'],
    ] as const) {
      const response = await fetch(`${svc.url}/v1/evidence?${query}`);
      expect(response.status, query).toBe(400);
      const body = await json(response);
      expectProblemShape(body);
      expect(body.code).toBe('INVALID_QUERY');
      expect(body.parameter).toBe(parameter);
    }
  });

  it('forgets one endpoint with DELETE ?method&endpoint, and says when there is nothing to forget', async () => {
    const response = await fetch(`${svc.url}/v1/evidence?${endpointQuery}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    const evidence = (await json(await fetch(`${svc.url}/v1/evidence`))) as Evidence;
    expect(evidence.endpoints.map((e) => e.endpoint)).toEqual([
      '/organisations/vat/{vrn}/liabilities',
    ]);
    const again = await fetch(`${svc.url}/v1/evidence?${endpointQuery}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect((await json(again)).detail).toBe(
      'nothing is recorded for GET /organisations/vat/{vrn}/obligations',
    );
    const unknown = await fetch(`${svc.url}/v1/evidence?history=1`, { method: 'DELETE' });
    expect(unknown.status).toBe(400);
  });
});

describe('a record store that fails', () => {
  it('answers 503 instead of an answer it could not record', async () => {
    const upstream = await startUpstream((_req, res) =>
      res.end('{"periodKey":"26A1","accepted":true}'),
    );
    const store = createMemoryStore();
    const broken = {
      ...store,
      add: async () => {
        throw new Error('disk full');
      },
    };
    const svc = await startService({ upstream: upstream.url, store: broken });
    try {
      const response = await fetch(`${svc.url}/organisations/vat/564738291/returns`, {
        method: 'POST',
        body: '{"periodKey":"26A1"}',
      });
      expect(response.status).toBe(503);
      const body = await json(response);
      expectProblemShape(body);
      expect(body.code).toBe('STORE_UNAVAILABLE');
      expect(body.detail).toBe(
        'disk full; the upstream answered 200, but an answer that is not recorded is not passed on',
      );
      expect(body.upstreamStatus).toBe(200);
      expect(JSON.stringify(body)).not.toContain('accepted');
      expect(upstream.received.map((r) => r.url)).toEqual(['/organisations/vat/564738291/returns']);
    } finally {
      await svc.close();
      await upstream.close();
    }
  });
});
