import { cleanSet } from '@fph-kit/test-support/clean-sets';
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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccess } from './access.js';
import { isServiceError } from './errors.js';
import { createValidatorService } from './service.js';

/**
 * The service token, from a service listening on 0.0.0.0 (every interface). Requests go only to
 * 127.0.0.1: the rule follows where the service listens, so a request from this machine to a
 * service listening beyond it needs the token as much as one from elsewhere.
 */

const TOKEN = 'b6f1c2d8e9a04f7c8d1e2f3a4b5c6d7e';
const WEB = cleanSet('WEB_APP_VIA_SERVER');
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let upstream: Upstream;
let svc: Running;
let local: string;

beforeAll(async () => {
  upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
  svc = await startService({ host: '0.0.0.0', token: TOKEN, upstream: upstream.url });
  // Listening on every interface; spoken to on loopback only.
  local = `http://127.0.0.1:${svc.port}`;
  const through = await fetch(`${local}/organisations/vat/564738291/obligations`, {
    headers: { Authorization: 'Bearer user-token-not-the-service-token', ...WEB },
  });
  expect(through.status).toBe(200);
});
afterAll(async () => {
  await svc.close();
  await upstream.close();
});

const RECORD_ENDPOINTS: [method: string, path: string][] = [
  ['GET', '/v1/evidence'],
  ['GET', '/v1/evidence?history=10'],
  ['DELETE', '/v1/evidence'],
  ['DELETE', '/v1/evidence?method=GET&endpoint=/organisations/vat/{vrn}/obligations'],
  ['GET', '/evidence'],
];

describe('beyond loopback, the record endpoints need the service token', () => {
  it.each(RECORD_ENDPOINTS)(
    '%s %s without a token: 401 problem, nothing shown or changed',
    async (method, path) => {
      const response = await fetch(`${local}${path}`, { method });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="fph-kit"');
      const body = await json(response);
      expectProblemShape(body);
      expect(body.code).toBe('UNAUTHORIZED');
      expect(body.detail).toContain('Authorization: Bearer <token>');
      expect(JSON.stringify(body)).not.toContain(WEB['Gov-Client-Device-ID']);
    },
  );

  it.each(RECORD_ENDPOINTS)(
    '%s %s with another token (or another scheme): 401',
    async (method, path) => {
      for (const authorization of [
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        'Bearer user-token-not-the-service-token',
        `Basic ${Buffer.from(`fph:${TOKEN}`).toString('base64')}`,
        TOKEN,
      ]) {
        const response = await fetch(`${local}${path}`, {
          method,
          headers: { Authorization: authorization },
        });
        expect(response.status, authorization).toBe(401);
      }
      const wrong = await fetch(`${local}${path}`, { method, headers: bearer('0'.repeat(32)) });
      expect(wrong.headers.get('www-authenticate')).toBe(
        'Bearer realm="fph-kit", error="invalid_token"',
      );
      expect((await json(wrong)).detail).toContain('the token sent is not it');
    },
  );

  it('shows the records with the token, and the recording kept no credential', async () => {
    const response = await fetch(`${local}/v1/evidence?history=5`, { headers: bearer(TOKEN) });
    expect(response.status).toBe(200);
    const evidence = await json(response);
    expect(evidence.endpoints.map((e: { endpoint: string }) => e.endpoint)).toEqual([
      '/organisations/vat/{vrn}/obligations',
    ]);
    expect(JSON.stringify(evidence)).not.toContain('user-token-not-the-service-token');
    expect(JSON.stringify(evidence)).not.toContain(TOKEN);
    const page = await fetch(`${local}/evidence`, {
      headers: { authorization: `bearer  ${TOKEN}` },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/organisations/vat/564738291/obligations');
    expect(svc.logText()).not.toContain(TOKEN);
  });

  it('guards /v1/compare, which acts with the service’s HMRC credentials', async () => {
    const response = await postJson(`${local}/v1/compare`, { headers: WEB });
    expect(response.status).toBe(401);
    const allowed = await postJson(`${local}/v1/compare`, { headers: WEB }, bearer(TOKEN));
    expect(allowed.status).toBe(503);
    expect((await json(allowed)).code).toBe('HMRC_NOT_CONFIGURED');
  });

  it('keeps /healthz, the page, validation and the gateway open', async () => {
    expect((await fetch(`${local}/healthz`)).status).toBe(200);
    expect((await fetch(`${local}/`)).status).toBe(200);
    expect((await fetch(`${local}/openapi.json`)).status).toBe(200);
    expect((await postJson(`${local}/v1/validate`, { headers: WEB })).status).toBe(200);
    const hmrc = await fetch(`${local}/test/fraud-prevention-headers/validate`, {
      headers: { Accept: HMRC_ACCEPT, ...WEB },
    });
    expect(hmrc.status).toBe(200);
    const gateway = await fetch(`${local}/organisations/vat/564738291/liabilities`, {
      headers: WEB,
    });
    expect(gateway.status).toBe(200);
  });
});

describe("validation-feedback beyond loopback: the service token, not HMRC's", () => {
  const feedback = (headers: Record<string, string>) =>
    fetch(`${local}/test/fraud-prevention-headers/vat-mtd/validation-feedback`, {
      headers: { Accept: HMRC_ACCEPT, ...headers },
    });

  it("refuses an HMRC application token (as a vendor's harness sends it) with a 401 in HMRC's shape", async () => {
    for (const headers of [{}, bearer('hmrc-application-restricted-token-4f1d2c')]) {
      const response = await feedback(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await json(response);
      expect(Object.keys(body)).toEqual(['code', 'message']);
      expect(body.code).toBe('INVALID_CREDENTIALS');
      expect(body.message).toContain('Authorization: Bearer <token>');
    }
  });

  it("answers as HMRC's does with the service token", async () => {
    const response = await feedback(bearer(TOKEN));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.requests.map((r: { path: string }) => r.path)).toEqual([
      '/organisations/vat/564738291/liabilities',
      '/organisations/vat/564738291/obligations',
    ]);
  });

  it('still checks Accept first, as before', async () => {
    const response = await fetch(
      `${local}/test/fraud-prevention-headers/vat-mtd/validation-feedback`,
    );
    expect(response.status).toBe(406);
  });
});

describe('where a token is needed, and what a token must be', () => {
  const refusal = (make: () => unknown): string => {
    try {
      make();
    } catch (error) {
      if (isServiceError(error)) return `${error.code}: ${error.message}`;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('refuses to listen beyond loopback without a token', () => {
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      expect(refusal(() => createValidatorService({ host, log: false }))).toBe(
        `INVALID_OPTIONS: listening on ${host} reaches beyond this machine, so recorded requests (personal data) need protecting: give a service token (options.token), or listen on 127.0.0.1`,
      );
    }
  });

  it('refuses short tokens and tokens HTTP cannot carry', () => {
    expect(refusal(() => createAccess('127.0.0.1', 'short'))).toContain(
      'at least 16 visible ASCII characters without spaces',
    );
    expect(refusal(() => createAccess('0.0.0.0', 'a token with spaces in it'))).toContain(
      'and others HTTP cannot carry in a header',
    );
  });

  it('on loopback needs no token, unless one is set', async () => {
    expect(createAccess('127.0.0.1', undefined).allows(undefined)).toBe(true);
    expect(createAccess('localhost', undefined).required).toBe(false);
    const guarded = await startService({ token: TOKEN });
    try {
      expect((await fetch(`${guarded.url}/v1/evidence`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/v1/evidence`, { headers: bearer(TOKEN) })).status).toBe(
        200,
      );
    } finally {
      await guarded.close();
    }
  });
});
