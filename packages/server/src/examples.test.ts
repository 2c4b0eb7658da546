import { createServer, type Server } from 'node:http';
import { asRequestHeaders, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import { append, type Listening, listen, send, startProxy } from '@fph-kit/test-support/http';
import { validate } from '@fph-kit/validator';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { app as expressApp } from '../examples/express.js';
import { buildApp as buildFastify } from '../examples/fastify.js';
import { listener as fetchListener } from '../examples/fetch.js';
import { app as honoApp } from '../examples/hono.js';
import { app as koaApp } from '../examples/koa.js';
import { createApp as createNestApp } from '../examples/nestjs.js';
import { handler as nodeHandler } from '../examples/node-http.js';

/**
 * The README's recipes, one file each under examples/, run as they are: behind one proxy on
 * loopback (each trusts it its framework's way), a browser's request becomes a valid set with
 * the client's address and port.
 */

const CLIENT = '81.2.69.160';
Logger.overrideLogger(['error', 'warn']); // Nest's start-up lines, not wanted in test output
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const RECIPES: [string, () => Promise<Server>][] = [
  ['express.ts', async () => createServer(expressApp)],
  [
    'fastify.ts',
    async () => {
      const app = await buildFastify();
      await app.ready();
      return app.server;
    },
  ],
  [
    'hono.ts',
    async () => {
      const { createAdaptorServer } = await import('@hono/node-server');
      return createAdaptorServer({ fetch: honoApp.fetch }) as Server;
    },
  ],
  ['koa.ts', async () => createServer(koaApp.callback())],
  ['node-http.ts', async () => createServer(nodeHandler)],
  ['fetch.ts', async () => createServer(fetchListener)],
  [
    'nestjs.ts',
    async () => {
      const app = await createNestApp();
      await app.init();
      closers.push(() => app.close());
      return app.getHttpServer();
    },
  ],
];

describe.each(RECIPES)('examples/%s', (_file, create) => {
  it('assembles a valid WEB_APP_VIA_SERVER set behind its proxy', async () => {
    const server = await create();
    const target: Listening = await listen(() => server);
    closers.push(() => target.close());
    const proxy = await startProxy(target, (headers, peer) =>
      append(headers, 'x-forwarded-for', `${peer.address}:${peer.port}`),
    );
    closers.push(() => proxy.close());
    const sent = await send(proxy, {
      method: 'POST',
      path: '/api/returns',
      from: CLIENT,
      headers: {
        ...(asRequestHeaders(BROWSER_VALUES) as Record<string, string>),
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(sent.status, sent.body).toBe(200);
    const { headers, problems } = JSON.parse(sent.body) as {
      headers: Record<string, string>;
      problems: unknown[];
    };
    expect(problems).toEqual([]);
    expect(headers['Gov-Client-Public-IP']).toBe(CLIENT);
    expect(headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    expect(validate(headers).report.code).toBe('VALID_HEADERS');
  });
});

describe("examples/nestjs.ts and the trust proxy of Nest's Express instance", () => {
  /** The example's app, `trust proxy` as given, telling its req.ip in a response header. */
  async function start(trust: unknown): Promise<Listening> {
    const app = await createNestApp();
    if (trust !== undefined) app.set('trust proxy', trust);
    app.use((req: Request, res: Response, next: NextFunction) => {
      res.setHeader('x-req-ip', req.ip ?? '');
      next();
    });
    await app.init();
    closers.push(() => app.close());
    const target = await listen(() => app.getHttpServer());
    closers.push(() => target.close());
    const proxy = await startProxy(target, (headers, peer) =>
      append(headers, 'x-forwarded-for', `${peer.address}:${peer.port}`),
    );
    closers.push(() => proxy.close());
    return proxy;
  }

  const submit = (proxy: Listening) =>
    send(proxy, {
      method: 'POST',
      path: '/api/returns',
      from: CLIENT,
      headers: asRequestHeaders(BROWSER_VALUES) as Record<string, string>,
    });

  it.each([
    ["the example's own setting", undefined],
    ['one hop', 1],
    ['a CIDR list', ['127.0.0.0/8', '::1/128']],
  ])('one trusted proxy (%s): Gov-Client-Public-IP is req.ip', async (_name, trust) => {
    const sent = await submit(await start(trust));
    expect(sent.status, sent.body).toBe(200);
    const { headers } = JSON.parse(sent.body) as { headers: Record<string, string> };
    // The proxy forwards the client's address with its port, and Express keeps both in req.ip.
    expect(sent.headers['x-req-ip']).toBe(`${CLIENT}:${sent.localPort}`);
    expect(`${headers['Gov-Client-Public-IP']}:${headers['Gov-Client-Public-Port']}`).toBe(
      sent.headers['x-req-ip'],
    );
    expect(validate(headers).report.code).toBe('VALID_HEADERS');
  });

  it("reads the fph_client field of the JSON body Nest's body parser gave", async () => {
    const sent = await send(await start(undefined), {
      method: 'POST',
      path: '/api/returns',
      from: CLIENT,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vatDue: '1250.00', fph_client: BROWSER_VALUES }),
    });
    expect(sent.status, sent.body).toBe(200);
    const { headers, problems } = JSON.parse(sent.body) as {
      headers: Record<string, string>;
      problems: unknown[];
    };
    expect(problems).toEqual([]);
    expect(validate(headers).report.code).toBe('VALID_HEADERS');
  });

  it('trust proxy false: req.ip is the proxy, and the guard refuses the call to HMRC', async () => {
    const sent = await submit(await start(false));
    expect(sent.headers['x-req-ip']).toBe('127.0.0.1');
    expect(sent.status, sent.body).toBe(403);
  });
});
