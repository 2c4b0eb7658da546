import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { checkFeedbackResponse, checkValidateResponse } from '@fph-kit/hmrc';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import {
  expectProblemShape,
  HMRC_ACCEPT,
  json,
  postJson,
  type Running,
  startService,
} from '@fph-kit/test-support/service-harness';
import { validate, validationFeedback } from '@fph-kit/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEMS } from './errors.js';
import { ROUTES } from './openapi.js';

const WEB = cleanSet('WEB_APP_VIA_SERVER');
const DESKTOP = cleanSet('DESKTOP_APP_DIRECT');

let svc: Running;

beforeAll(async () => {
  svc = await startService({ now: () => NOW.getTime() });
});
afterAll(async () => {
  await svc.close();
});

const url = (path: string): string => `${svc.url}${path}`;

describe('GET /test/fraud-prevention-headers/validate', () => {
  it("answers with the validator's report for the request's own Gov-* headers, as HMRC's schema requires", async () => {
    const response = await fetch(url('/test/fraud-prevention-headers/validate'), {
      headers: { Accept: HMRC_ACCEPT, Authorization: 'Bearer any-token', ...WEB },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await response.text();
    expect(text).toBe(JSON.stringify(validate(WEB, { now: NOW }).report));
    const body = JSON.parse(text);
    expect(body.code).toBe('VALID_HEADERS');
    expect(checkValidateResponse(body).conforms).toBe(true);
  });

  it('judges a faulty set the same way, with every issue', async () => {
    const faulty = { ...DESKTOP, 'Gov-Client-Timezone': 'Europe/London' };
    delete (faulty as Record<string, string>)['Gov-Vendor-Version'];
    const response = await fetch(url('/test/fraud-prevention-headers/validate'), {
      headers: { Accept: HMRC_ACCEPT, ...faulty },
    });
    const body = await json(response);
    expect(body).toEqual(validate(faulty, { now: NOW }).report);
    expect(body.code).toBe('INVALID_HEADERS');
    expect(body.errors.map((e: { headers: string[] }) => e.headers[0])).toEqual([
      'gov-client-timezone',
      'gov-vendor-version',
    ]);
    expect(checkValidateResponse(body).conforms).toBe(true);
  });

  it('answers "No fraud prevention headers submitted" without Gov-* headers, and needs no Authorization', async () => {
    const response = await fetch(url('/test/fraud-prevention-headers/validate'), {
      headers: { Accept: HMRC_ACCEPT },
    });
    const body = await json(response);
    expect(body.code).toBe('INVALID_HEADERS');
    expect(body.message).toMatch(/^No fraud prevention headers submitted/);
    expect(checkValidateResponse(body).conforms).toBe(true);
  });

  it('refuses a missing or other Accept header with 406 ACCEPT_HEADER_INVALID, as HMRC does', async () => {
    for (const accept of [undefined, 'application/json', 'application/vnd.hmrc.2.0+json']) {
      const response = await fetch(url('/test/fraud-prevention-headers/validate'), {
        headers: accept === undefined ? {} : { Accept: accept },
      });
      expect(response.status).toBe(406);
      expect(await json(response)).toEqual({
        code: 'ACCEPT_HEADER_INVALID',
        message: 'The accept header is missing or invalid',
      });
    }
  });

  it("answers other methods with HMRC's 404", async () => {
    const response = await fetch(url('/test/fraud-prevention-headers/validate'), {
      method: 'POST',
      headers: { Accept: HMRC_ACCEPT },
    });
    expect(response.status).toBe(404);
    expect((await json(response)).code).toBe('MATCHING_RESOURCE_NOT_FOUND');
  });
});

describe('GET /test/fraud-prevention-headers/{api}/validation-feedback', () => {
  it('answers {"requests": []} when nothing went through the gateway', async () => {
    const response = await fetch(
      url('/test/fraud-prevention-headers/vat-mtd/validation-feedback'),
      {
        headers: { Accept: HMRC_ACCEPT },
      },
    );
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toEqual({ requests: [] });
    expect(checkFeedbackResponse(body).conforms).toBe(true);
  });

  it("answers an unknown API with HMRC's 404 body", async () => {
    const response = await fetch(url('/test/fraud-prevention-headers/vat/validation-feedback'), {
      headers: { Accept: HMRC_ACCEPT },
    });
    expect(response.status).toBe(404);
    expect(await json(response)).toEqual({
      code: 'MATCHING_RESOURCE_NOT_FOUND',
      message: 'A resource with the name in the request can not be found in the API',
    });
  });

  it('answers an invalid connectionMethod with a 400 {code, message} naming the allowed ones', async () => {
    for (const query of ['connectionMethod=WEB_APP', 'connectionMethod=A&connectionMethod=B']) {
      const response = await fetch(
        url(`/test/fraud-prevention-headers/vat-mtd/validation-feedback?${query}`),
        { headers: { Accept: HMRC_ACCEPT } },
      );
      expect(response.status).toBe(400);
      const body = await json(response);
      expect(Object.keys(body)).toEqual(['code', 'message']);
      expect(body.code).toBe('BAD_REQUEST');
      expect(body.message).toContain('WEB_APP_VIA_SERVER');
    }
  });

  it('needs the Accept header too', async () => {
    const response = await fetch(url('/test/fraud-prevention-headers/vat-mtd/validation-feedback'));
    expect(response.status).toBe(406);
  });
});

describe('POST /v1/validate', () => {
  it('returns {report, advisories, findings} exactly as validate() does', async () => {
    const headers = { ...WEB, 'Gov-Client-Timezone': 'UTC+25:00' };
    const response = await postJson(url('/v1/validate'), { headers });
    expect(response.status).toBe(200);
    const body = await json(response);
    const expected = validate(headers, { now: NOW });
    expect(body).toEqual({
      report: expected.report,
      advisories: expected.advisories,
      findings: expected.findings,
      connectionMethod: 'WEB_APP_VIA_SERVER',
    });
    expect(checkValidateResponse(body.report).conforms).toBe(true);
  });

  it('judges as the given connection method, and takes [name, value] pairs with repeats', async () => {
    const pairs = Object.entries(DESKTOP);
    pairs.push(['Gov-Client-Device-ID', DESKTOP['Gov-Client-Device-ID']!]);
    const response = await postJson(url('/v1/validate'), {
      headers: pairs,
      connectionMethod: 'WEB_APP_VIA_SERVER',
    });
    const body = await json(response);
    expect(body).toEqual(
      JSON.parse(
        JSON.stringify({
          ...validate(pairs, { now: NOW, connectionMethod: 'WEB_APP_VIA_SERVER' }),
        }),
      ),
    );
    expect(body.connectionMethod).toBe('WEB_APP_VIA_SERVER');
  });

  it("judges only the headers sent with part 'client', listing what the server adds", async () => {
    const client = {
      'Gov-Client-Browser-JS-User-Agent': WEB['Gov-Client-Browser-JS-User-Agent']!,
      'Gov-Client-Device-ID': WEB['Gov-Client-Device-ID']!,
      'Gov-Client-Screens': WEB['Gov-Client-Screens']!,
      'Gov-Client-Timezone': 'UTC+1',
      'Gov-Client-Window-Size': WEB['Gov-Client-Window-Size']!,
    };
    const response = await postJson(url('/v1/validate'), {
      headers: client,
      connectionMethod: 'WEB_APP_VIA_SERVER',
      part: 'client',
    });
    const body = await json(response);
    expect(body.part).toBe('client');
    expect(body.report).toBeUndefined();
    expect(body.headers.map((h: { header: string }) => h.header)).toEqual(
      Object.keys(client).map((k) => k.toLowerCase()),
    );
    expect(body.findings.map((f: { header: string }) => f.header)).toEqual(['gov-client-timezone']);
    expect(body.notSent).toContain('Gov-Client-Public-IP');
    expect(body.notSent).not.toContain('Gov-Client-Device-ID');
  });
});

describe('POST /v1/validate-text', () => {
  it('reads a raw header block and returns the verdict per header', async () => {
    const block = [
      'GET /organisations/vat/564738291/obligations HTTP/1.1',
      ...Object.entries(WEB).map(([k, v]) => `${k}: ${v}`),
    ].join('\n');
    const response = await fetch(url('/v1/validate-text'), { method: 'POST', body: block });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.format).toBe('headers');
    expect(body.sets).toHaveLength(1);
    const [set] = body.sets;
    expect(set.request).toEqual({ method: 'GET', url: '/organisations/vat/564738291/obligations' });
    expect(set.report).toEqual(validate(WEB, { now: NOW }).report);
    const feedback = validationFeedback(
      WEB,
      { method: 'GET', path: '/organisations/vat/564738291/obligations' },
      { now: NOW },
    );
    expect(set.headers).toEqual(feedback.headers);
    expect(set.crossValidation).toEqual(feedback.crossValidation);
  });

  it('reads a HAR file, judging each request as of its start time, with the method override', async () => {
    const entry = (started: string, headers: Record<string, string>) => ({
      startedDateTime: started,
      request: {
        method: 'POST',
        url: 'https://app.example/api/returns',
        headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
      },
    });
    const har = {
      log: {
        entries: [
          entry('2026-11-23T10:00:00.000Z', WEB),
          entry('2026-11-23T10:00:01.000Z', { accept: 'application/json' }),
          entry('2026-11-23T10:00:02.000Z', { ...WEB, 'Gov-Client-Screens': 'width=1920' }),
        ],
      },
    };
    const response = await fetch(url('/v1/validate-text?connectionMethod=WEB_APP_VIA_SERVER'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(har),
    });
    const body = await json(response);
    expect(body.format).toBe('har');
    expect(body.sets.map((s: { report: { code: string } }) => s.report.code)).toEqual([
      'VALID_HEADERS',
      'INVALID_HEADERS',
    ]);
    expect(body.sets[1].request.startedDateTime).toBe('2026-11-23T10:00:02.000Z');
  });

  it('explains text that holds no header set', async () => {
    const response = await fetch(url('/v1/validate-text'), { method: 'POST', body: 'hello world' });
    expect(response.status).toBe(400);
    const body = await json(response);
    expectProblemShape(body);
    expect(body.code).toBe('UNREADABLE_INPUT');
    expect(body.problem).toBe('BAD_HEADER_LINE');
    expect(body.detail).toContain("line 1 is not a 'Name: value' header line");
  });
});

describe('POST /v1/compare without credentials', () => {
  it('answers a clear 503 problem', async () => {
    const response = await postJson(url('/v1/compare'), { headers: WEB });
    expect(response.status).toBe(503);
    const body = await json(response);
    expectProblemShape(body);
    expect(body.code).toBe('HMRC_NOT_CONFIGURED');
    expect(body.detail).toContain('HMRC_CLIENT_ID');
  });
});

describe('service endpoints', () => {
  it('/healthz reports the service up and how it is configured', async () => {
    const response = await fetch(url('/healthz'));
    expect(await json(response)).toEqual({
      status: 'ok',
      version: '0.1.0',
      specVersion: '3.3',
      gateway: null,
      store: 'memory',
      hmrc: { enabled: false },
    });
  });

  it('/openapi.json describes every route and nothing else', async () => {
    const doc = (await json(await fetch(url('/openapi.json')))) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.0.3');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    // Every documented route answers (nothing documented is missing).
    for (const { method, path } of ROUTES) {
      const concrete = path.replace('{api}', 'vat-mtd').replace('{file}', 'app.css');
      const response = await fetch(url(concrete), {
        method: method.toUpperCase(),
        headers: { Accept: HMRC_ACCEPT, 'Content-Type': 'application/json' },
        ...(method === 'post'
          ? {
              body:
                path === '/v1/validate-text' ? 'Gov-Client-Timezone: UTC+00:00' : '{"headers":{}}',
            }
          : {}),
      });
      expect([200, 204, 404, 503], `${method} ${path}`).toContain(response.status);
      if (response.status === 404) expect(path).toBe('/assets/{file}');
      if (response.status === 503) expect(path).toBe('/v1/compare');
    }
  });

  it('/problems lists every error code with its status', async () => {
    const text = await (await fetch(url('/problems'))).text();
    for (const [code, { status }] of Object.entries(PROBLEMS)) {
      expect(text).toContain(`<code>${code}</code></th><td>${status}</td>`);
    }
  });

  it("the README's error table lists every code with its status", () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...readme.matchAll(/^\| `([A-Z_0-9]+)` +\| (\d{3}) +\|/gm)].map((m) => [
        m[1]!,
        Number(m[2]),
      ]),
    );
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(Object.entries(PROBLEMS).map(([code, { status }]) => [code, status])),
    );
  });

  it('answers unknown /v1 paths and wrong methods with problems, not the gateway', async () => {
    const missing = await fetch(url('/v1/validat'));
    expect(missing.status).toBe(404);
    expectProblemShape(await json(missing));
    const wrong = await fetch(url('/v1/validate'));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expectProblemShape(await json(wrong));
    const gatewayOff = await fetch(url('/organisations/vat/564738291/returns'));
    expect(gatewayOff.status).toBe(404);
    expect((await json(gatewayOff)).detail).toContain('the gateway is off');
  });
});

/** A GET with a chosen Host header (fetch does not allow setting it). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, svc.url);
    const req = request(
      {
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        headers: { Host: host },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('host names (DNS rebinding)', () => {
  it('answers on loopback for localhost, 127.0.0.1 and [::1], with any port', async () => {
    for (const host of [
      'localhost:8787',
      '127.0.0.1',
      `127.0.0.1:${new URL(svc.url).port}`,
      '[::1]:1',
    ]) {
      expect((await getWithHost('/healthz', host)).status).toBe(200);
    }
  });

  it('refuses another host name with a 421 problem naming the hosts it answers for', async () => {
    const { status, body } = await getWithHost('/v1/evidence', 'attacker.example:8787');
    expect(status).toBe(421);
    const problem = JSON.parse(body);
    expect(problem.code).toBe('MISDIRECTED_REQUEST');
    expect(problem.detail).toMatch(/localhost, 127\.0\.0\.1, ::1.*not 'attacker\.example'/);
  });
});

describe('the web page', () => {
  it('is served with a strict CSP, without inline script or style, its files hashed and cached', async () => {
    const response = await fetch(url('/'));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|\son[a-z]+=/);
    expect(html).not.toContain('{{');
    const assets = [...html.matchAll(/(?:src|href|data-bundle)="(\/assets\/[^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(assets.length).toBe(4);
    for (const path of assets) {
      const asset = await fetch(url(path));
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = asset.headers.get('etag')!;
      const again = await fetch(url(path), { headers: { 'If-None-Match': etag } });
      expect(again.status).toBe(304);
    }
    const etag = response.headers.get('etag')!;
    expect((await fetch(url('/'), { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('serves its icon at /favicon.ico, for pages that name no icon', async () => {
    const response = await fetch(url('/favicon.ico'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    const icon = await response.text();
    expect(icon).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const html = await (await fetch(url('/'))).text();
    const linked = /<link rel="icon" href="([^"]+)"/.exec(html)![1]!;
    expect(await (await fetch(url(linked))).text()).toBe(icon);
    const again = await fetch(url('/favicon.ico'), {
      headers: { 'If-None-Match': response.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    // Nothing else of the kind is forwarded to the gateway or answered by it.
    expect((await fetch(url('/robots.txt'))).status).toBe(404);
  });

  it('answers a stale asset name with a 404 problem naming the current files', async () => {
    const response = await fetch(url('/assets/app.0000.js'));
    expect(response.status).toBe(404);
    const body = await json(response);
    expectProblemShape(body);
    expect(body.detail).toMatch(/\/assets\/app\.[\w-]+\.js/);
  });
});

describe('logs', () => {
  it('has one JSON line per request: method, path, status, duration, and no header values', async () => {
    const before = svc.logs.length;
    await fetch(url('/test/fraud-prevention-headers/validate?token=query-secret'), {
      headers: { Accept: HMRC_ACCEPT, Authorization: 'Bearer log-check-token', ...WEB },
    });
    await new Promise((resolve) => setImmediate(resolve));
    const lines = svc.logs.slice(before).filter((r) => r.msg === 'request');
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      path: '/test/fraud-prevention-headers/validate',
      status: 200,
    });
    expect(typeof line!.durationMs).toBe('number');
    const text = JSON.stringify(line);
    expect(text).not.toContain('log-check-token');
    expect(text).not.toContain('query-secret');
    expect(text).not.toContain(WEB['Gov-Client-Device-ID']);
  });
});
