import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  append,
  type Listening,
  listen,
  type Sent,
  send,
  startProxy,
} from '@fph-kit/test-support/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDemoApp,
  type DemoOptions,
  type DemoSession,
  type HmrcCallAnswer,
  VENDOR_IP_NOT_SET,
} from './app.js';

const VENDOR_IP = '52.56.10.20';
const CLIENT_IP = '81.2.69.142';

const folder = mkdtempSync(join(tmpdir(), 'fph-demo-'));
const bundle = join(folder, 'fph-kit.iife.js');
writeFileSync(bundle, 'var FphKit=(()=>({}))();\n');

const servers: Listening[] = [];
async function demo(options: Partial<DemoOptions> = {}): Promise<Listening> {
  const app = createDemoApp({
    vendorPublicIp: VENDOR_IP,
    proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    browserBundle: bundle,
    logger: false,
    ...options,
  });
  const server = await listen(() => createServer(app));
  servers.push(server);
  return server;
}

/** A TLS-terminating proxy in front of the demo: the client appears with a public address. */
async function proxyTo(target: Listening): Promise<Listening> {
  const proxy = await startProxy(target, (headers, peer) => {
    append(headers, 'x-forwarded-for', `${CLIENT_IP}:${peer.port}`);
  });
  servers.push(proxy);
  return proxy;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(folder, { recursive: true, force: true });
});

let session: DemoSession;
let app: Listening;
let proxy: Listening;
beforeAll(async () => {
  app = await demo({ signedInAt: new Date(Date.now() - 60_000) });
  proxy = await proxyTo(app);
  session = JSON.parse((await send(app, { path: '/api/session' })).body) as DemoSession;
});

/** The values a desktop browser on the demo page collects (not headless, not spec examples). */
function browserValues(): Record<string, string> {
  return {
    ...session.headers,
    'Gov-Client-Browser-JS-User-Agent':
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    'Gov-Client-Device-ID': '9d2f5a7c-3b1e-4c6d-8e0f-2a4b6c8d0e1f',
    'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1&colour-depth=24',
    'Gov-Client-Timezone': 'UTC+00:00',
    'Gov-Client-Window-Size': 'width=1280&height=720',
  };
}

function answerOf(sent: Sent): HmrcCallAnswer {
  expect(sent.status, sent.body).toBe(200);
  return JSON.parse(sent.body) as HmrcCallAnswer;
}

describe('the demo app', () => {
  it('serves its page, the example page and the browser bundle beside them', async () => {
    const page = await send(app, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="fph-kit.iife.js"></script>');
    expect(page.body).toContain('<script src="app.js"></script>');
    expect((await send(app, { path: '/collect.html' })).body).toContain('What this browser sends');
    const script = await send(app, { path: '/fph-kit.iife.js' });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toBe('var FphKit=(()=>({}))();\n');
  });

  it('says how to build the bundle when it is missing', async () => {
    const unbuilt = await demo({ browserBundle: join(folder, 'missing.js') });
    const sent = await send(unbuilt, { path: '/fph-kit.iife.js' });
    expect(sent.status).toBe(503);
    expect(sent.body).toContain('run pnpm --filter @fph-kit/browser build');
  });

  it('gives the page a signed-in user with a hashed MFA reference', () => {
    expect(Object.keys(session.userIds)).toEqual(['fph-kit-demo']);
    expect(session.multiFactor[0]).toMatchObject({ type: 'TOTP' });
    expect(session.multiFactor[0]!.uniqueReference).toMatch(/^[0-9a-f]{64}$/);
    expect(session.vendorVersion).toEqual({ 'fph-kit-demo-web': '0.1.0' });
    const mfa = session.multiFactor[0]!;
    expect(session.headers).toEqual({
      'Gov-Client-User-IDs': `fph-kit-demo=${session.userIds['fph-kit-demo']}`,
      'Gov-Client-Multi-Factor': `type=TOTP&timestamp=${encodeURIComponent(mfa.timestamp)}&unique-reference=${mfa.uniqueReference}`,
      'Gov-Vendor-Version': 'fph-kit-demo-web=0.1.0',
    });
  });

  it('assembles a valid WEB_APP_VIA_SERVER set behind its trusted proxy, from headers or the field', async () => {
    const values = browserValues();
    const asHeaders = await send(proxy, {
      method: 'POST',
      path: '/api/hmrc-call',
      headers: { 'content-type': 'application/json', ...values },
      body: JSON.stringify({ period: '26A1', vatDue: '1250.00' }),
    });
    const asField = await send(proxy, {
      method: 'POST',
      path: '/api/hmrc-call',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ period: '26A1', fph_client: JSON.stringify(values) }).toString(),
    });
    for (const sent of [asHeaders, asField]) {
      const answer = answerOf(sent);
      expect(answer.connectionMethod).toBe('WEB_APP_VIA_SERVER');
      expect(answer.report.code).toBe('VALID_HEADERS');
      expect(answer.advisories).toEqual([]);
      expect(answer.problems).toEqual([]);
      expect(answer.headers['Gov-Client-Public-IP']).toBe(CLIENT_IP);
      expect(answer.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
      expect(answer.headers['Gov-Vendor-Forwarded']).toBe(`by=${VENDOR_IP}&for=${CLIENT_IP}`);
      expect(answer.headers['Gov-Vendor-Version']).toBe(
        'fph-kit-demo-web=0.1.0&fph-kit-demo-server=0.1.0',
      );
      expect(answer.hmrc).toEqual({
        called: false,
        reason:
          "HMRC is not configured: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET to send this set to HMRC's Test Fraud Prevention Headers API.",
      });
    }
  });

  it('shows what is missing when the page is opened directly on this machine', async () => {
    const answer = answerOf(
      await send(app, {
        method: 'POST',
        path: '/api/hmrc-call',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fph_client: browserValues() }),
      }),
    );
    expect(answer.report.code).toBe('INVALID_HEADERS');
    expect(answer.problems.map((p) => p.code)).toContain('FORWARDING_HEADER_INVALID');
    expect(answer.headers['Gov-Client-Public-IP']).toBeUndefined();
  });

  it('without a vendor IP, says in the user’s words what to set and why', async () => {
    const app = createDemoApp({
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
      browserBundle: bundle,
      logger: false,
    });
    const unset = await listen(() => createServer(app));
    servers.push(unset);
    const answer = answerOf(
      await send(await proxyTo(unset), {
        method: 'POST',
        path: '/api/hmrc-call',
        headers: { 'content-type': 'application/json', ...browserValues() },
        body: '{}',
      }),
    );
    expect(answer.headers['Gov-Vendor-Public-IP']).toBeUndefined();
    expect(answer.headers['Gov-Vendor-Forwarded']).toBeUndefined();
    expect(answer.problems).toEqual([
      {
        code: 'VENDOR_PUBLIC_IP_UNAVAILABLE',
        header: 'Gov-Vendor-Public-IP',
        message:
          'Gov-Vendor-Public-IP and Gov-Vendor-Forwarded were not sent: HMRC wants the public IP address your browser reaches this demo on, and the demo cannot see it from the inside. Set FPH_DEMO_VENDOR_IP to that address (the public address of the proxy or load balancer in front of the demo, if there is one) and restart the demo.',
      },
      // Forwarded follows from it; the server says so in its own terms.
      expect.objectContaining({ code: 'HEADER_MISSING', header: 'Gov-Vendor-Forwarded' }),
    ]);
    expect(answer.problems[0]!.message).toBe(VENDOR_IP_NOT_SET);
    // Nothing of the library's wiring shows through.
    expect(JSON.stringify(answer.problems)).not.toMatch(/resolver|threw|vendorPublicIp/);
    expect(answer.report.errors?.map((e) => e.headers[0])).toEqual([
      'gov-vendor-forwarded',
      'gov-vendor-public-ip',
    ]);
  });

  it('sends the set to HMRC when configured, and shows HMRC’s answer', async () => {
    let seen: IncomingHttpHeaders = {};
    const hmrcBody = {
      specVersion: '3.3',
      code: 'VALID_HEADERS',
      message:
        'All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions.',
    };
    const fakeHmrc = await listen(() =>
      createServer((req, res) => {
        seen = req.headers;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(hmrcBody));
      }),
    );
    servers.push(fakeHmrc);
    const configured = await demo({
      hmrc: { bearerToken: 'sandbox-token-1', baseUrl: fakeHmrc.origin, retry: { maxAttempts: 1 } },
    });
    const answer = answerOf(
      await send(await proxyTo(configured), {
        method: 'POST',
        path: '/api/hmrc-call',
        headers: { 'content-type': 'application/json', ...browserValues() },
        body: '{}',
      }),
    );
    expect(answer.hmrc).toEqual({ called: true, status: 200, body: hmrcBody });
    expect(seen.authorization).toBe('Bearer sandbox-token-1');
    expect(seen['gov-client-public-ip']).toBe(CLIENT_IP);
    expect(seen['gov-vendor-public-ip']).toBe(VENDOR_IP);
  });

  it('reports an HMRC failure on the page instead of failing the request', async () => {
    const configured = await demo({
      hmrc: {
        bearerToken: 'sandbox-token-1',
        baseUrl: 'http://127.0.0.1:9',
        retry: { maxAttempts: 1 },
      },
    });
    const answer = answerOf(
      await send(configured, { method: 'POST', path: '/api/hmrc-call', body: '' }),
    );
    expect(answer.hmrc.called).toBe(true);
    expect('error' in answer.hmrc && answer.hmrc.error).toMatch(/^[A-Z_]+: /);
  });

  it('answers bad bodies with a problem document, not a stack trace', async () => {
    const tooBig = await send(app, {
      method: 'POST',
      path: '/api/hmrc-call',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fph_client: 'x'.repeat(200_000) }),
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(tooBig.body)).toMatchObject({ status: 413, title: 'Request body too large' });
    const broken = await send(app, {
      method: 'POST',
      path: '/api/hmrc-call',
      headers: { 'content-type': 'application/json' },
      body: '{"fph_client": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.body).not.toContain(' at ');
  });
});
