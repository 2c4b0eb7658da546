import { createServer, type Server } from 'node:http';
import { ACME, asRequestHeaders, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import {
  append,
  type Listening,
  listen,
  type SendOptions,
  send,
  startProxy,
} from '@fph-kit/test-support/http';
import { validate } from '@fph-kit/validator';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssemblyResult } from './assembler.js';
import type { FphMiddlewareOptions } from './context.js';
import { createFphMiddleware } from './express.js';
import { fphPlugin } from './fastify.js';
import { createFphHonoMiddleware, type FphHonoEnv } from './hono.js';
import { createFphKoaMiddleware, type FphKoaState } from './koa.js';
import { createFphNodeHandler } from './node.js';

/**
 * Every adapter on a real server of its framework, on port 0: the client's address as the
 * framework itself sees it (`req.ip`, `request.ip`, `ctx.ip`) and the assembled set agree, behind
 * no proxy, one or two trusted proxies, and whatever an untrusted client forges.
 */

/** Express 4 under an npm alias; it ships no types of its own, and its API is Express 5's here. */
const EXPRESS4: string = 'express4';
const express4 = ((await import(EXPRESS4)) as { default: typeof express }).default;

const CLIENT = '81.2.69.160';
const FORGED = '8.8.8.8';
const IPV6 = '2a00:1450:4009:81f::200e';
const OPTIONS: FphMiddlewareOptions = { ...ACME, logger: false };
/** The same, with the proxies given explicitly (for the adapters without a trust setting). */
const EXPLICIT: FphMiddlewareOptions = {
  ...OPTIONS,
  proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
};

/** What each test server answers: the framework's own idea of the client, and the result. */
interface Answer {
  ip: string | undefined;
  result: AssemblyResult;
}

const servers: Listening[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(create: () => Server | Promise<Server>): Promise<Listening> {
  const server = await create();
  const listening = await listen(() => server);
  servers.push(listening);
  return listening;
}

function expressServer(
  make: typeof express,
  trust: unknown,
  options = OPTIONS,
): Promise<Listening> {
  const app = make();
  app.set('trust proxy', trust);
  app.get(
    '/vat',
    createFphMiddleware(options) as never,
    ((req: express.Request, res: express.Response) => {
      res.json({ ip: req.ip, result: req.fph.result() } satisfies Answer);
    }) as never,
  );
  return serve(() => createServer(app));
}

async function fastifyServer(trustProxy: boolean | string | string[]): Promise<Listening> {
  const app = Fastify({ trustProxy });
  await app.register(fphPlugin, OPTIONS);
  app.get('/vat', async (request) => ({ ip: request.ip, result: request.fph.result() }));
  await app.ready();
  servers.push({ close: () => app.close() } as Listening);
  return serve(() => app.server);
}

function honoServer(options: FphMiddlewareOptions = EXPLICIT): Promise<Listening> {
  const app = new Hono<FphHonoEnv>();
  app.use('/vat', createFphHonoMiddleware(options));
  app.get('/vat', (c) => c.json({ ip: undefined, result: c.get('fph').result() }));
  return serve(() => createAdaptorServer({ fetch: app.fetch }) as Server);
}

function koaServer(proxy: boolean, maxIpsCount = 0, options = OPTIONS): Promise<Listening> {
  const app = new Koa<FphKoaState>();
  app.proxy = proxy;
  app.maxIpsCount = maxIpsCount;
  app.use(createFphKoaMiddleware(options));
  app.use((ctx) => {
    ctx.body = { ip: ctx.ip, result: ctx.state.fph.result() } satisfies Answer;
  });
  return serve(() => createServer(app.callback()));
}

function nodeServer(options: FphMiddlewareOptions = EXPLICIT): Promise<Listening> {
  const fph = createFphNodeHandler(options);
  return serve(() =>
    createServer(async (req, res) => {
      const context = await fph(req);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ip: undefined, result: context.result() } satisfies Answer));
    }),
  );
}

/** The browser's values as request headers, as the browser collector sends them. */
const BROWSER = asRequestHeaders(BROWSER_VALUES) as Record<string, string>;

async function ask(
  target: Listening,
  options: SendOptions = {},
): Promise<Answer & { port: number }> {
  const sent = await send(target, {
    path: '/vat',
    ...options,
    headers: { ...BROWSER, ...options.headers },
  });
  expect(sent.status, sent.body).toBe(200);
  return { ...(JSON.parse(sent.body) as Answer), port: sent.localPort };
}

/** A proxy on loopback that appends its peer, with the peer's port (as an ALB can). */
function proxyTo(target: Listening, withPort = true): Promise<Listening> {
  return startProxy(target, (headers, peer) =>
    append(headers, 'x-forwarded-for', withPort ? `${peer.address}:${peer.port}` : peer.address),
  ).then((proxy) => {
    servers.push(proxy);
    return proxy;
  });
}

/** An address as the framework reports it, without port, brackets or IPv4 mapping. */
function bare(ip: string | undefined): string | undefined {
  if (ip === undefined) return undefined;
  let text = ip;
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (v6) text = v6[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  return text.startsWith('::ffff:') && text.includes('.') ? text.slice(7) : text;
}

function codes(answer: Answer): string[] {
  return answer.result.problems.map((p) => `${p.code} ${p.header ?? ''}`.trim());
}

type Make = () => Promise<Listening>;
interface Adapter {
  name: string;
  /** A server that believes no proxy. */
  direct: Make;
  /** A server that believes proxies on loopback, one hop. */
  oneProxy: Make;
  /** A server that believes proxies on loopback, two hops. */
  twoProxies: Make;
  /** Whether the framework reports the client's address itself. */
  reportsIp: boolean;
}

const ADAPTERS: Adapter[] = [
  {
    name: 'Express 5',
    direct: () => expressServer(express, false),
    oneProxy: () => expressServer(express, 'loopback'),
    twoProxies: () => expressServer(express, 'loopback'),
    reportsIp: true,
  },
  {
    name: 'Express 4',
    direct: () => expressServer(express4, false),
    oneProxy: () => expressServer(express4, 'loopback'),
    twoProxies: () => expressServer(express4, 2),
    reportsIp: true,
  },
  {
    name: 'Fastify 5',
    direct: () => fastifyServer(false),
    oneProxy: () => fastifyServer('127.0.0.1'),
    twoProxies: () => fastifyServer(['loopback']),
    reportsIp: true,
  },
  {
    name: 'Koa 2',
    direct: () => koaServer(false),
    oneProxy: () => koaServer(true, 1),
    twoProxies: () => koaServer(true, 2),
    reportsIp: true,
  },
  {
    name: 'Hono (@hono/node-server, Fetch core)',
    direct: () => honoServer(OPTIONS),
    oneProxy: () => honoServer(),
    twoProxies: () => honoServer(),
    reportsIp: false,
  },
  {
    name: 'node:http',
    direct: () => nodeServer(OPTIONS),
    oneProxy: () => nodeServer(),
    twoProxies: () => nodeServer(),
    reportsIp: false,
  },
];

describe.each(ADAPTERS)('$name', (adapter) => {
  const agrees = (answer: Answer) => {
    if (adapter.reportsIp) expect(answer.result.client.observedAddress).toBe(bare(answer.ip));
  };

  it('a direct client: its own address and port, a valid set', async () => {
    const server = await adapter.direct();
    const answer = await ask(server, { from: CLIENT });
    agrees(answer);
    expect(answer.result.headers['Gov-Client-Public-IP']).toBe(CLIENT);
    expect(answer.result.headers['Gov-Client-Public-Port']).toBe(String(answer.port));
    expect(answer.result.headers['Gov-Vendor-Forwarded']).toBe(
      `by=${ACME.vendorPublicIp}&for=${CLIENT}`,
    );
    expect(answer.result.problems).toEqual([]);
    expect(validate(answer.result.headers).report.code).toBe('VALID_HEADERS');
  });

  it('one trusted proxy: the client it reports, with the port it wrote', async () => {
    const server = await adapter.oneProxy();
    const proxy = await proxyTo(server);
    const answer = await ask(proxy, { from: CLIENT });
    agrees(answer);
    expect(answer.result.client.source).toBe('x-forwarded-for');
    expect(answer.result.headers['Gov-Client-Public-IP']).toBe(CLIENT);
    expect(answer.result.headers['Gov-Client-Public-Port']).toBe(String(answer.port));
    expect(answer.result.headers['Gov-Vendor-Forwarded']).toBe(
      `by=${ACME.vendorPublicIp}&for=${CLIENT}`,
    );
    expect(answer.result.problems).toEqual([]);
  });

  it('two trusted proxies: the client the outer one reports', async () => {
    const server = await adapter.twoProxies();
    const inner = await proxyTo(server, false);
    const outer = await proxyTo(inner);
    const answer = await ask(outer, { from: CLIENT });
    agrees(answer);
    expect(answer.result.headers['Gov-Client-Public-IP']).toBe(CLIENT);
    expect(answer.result.headers['Gov-Client-Public-Port']).toBe(String(answer.port));
  });

  it('an untrusted client forging X-Forwarded-For and server-side Gov-Client-* headers gets neither', async () => {
    const server = await adapter.direct();
    const answer = await ask(server, {
      from: CLIENT,
      headers: {
        'x-forwarded-for': `${FORGED}:4444`,
        'gov-client-public-ip': FORGED,
        'gov-client-public-port': '4444',
        'gov-vendor-public-ip': FORGED,
      },
    });
    agrees(answer);
    expect(answer.result.headers['Gov-Client-Public-IP']).toBe(CLIENT);
    expect(answer.result.headers['Gov-Client-Public-Port']).toBe(String(answer.port));
    expect(answer.result.headers['Gov-Vendor-Public-IP']).toBe(ACME.vendorPublicIp);
    expect(codes(answer).sort()).toEqual([
      'FORWARDING_HEADER_IGNORED X-Forwarded-For',
      'SERVER_HEADER_FROM_CLIENT Gov-Client-Public-IP',
      'SERVER_HEADER_FROM_CLIENT Gov-Client-Public-Port',
      'SERVER_HEADER_FROM_CLIENT Gov-Vendor-Public-IP',
    ]);
  });

  it('an IPv6 client, and an IPv4-mapped one as its IPv4 address', async () => {
    const server = await adapter.direct();
    const v6 = await ask(server, { from: IPV6 });
    agrees(v6);
    expect(v6.result.headers['Gov-Client-Public-IP']).toBe(IPV6);
    const mapped = await ask(server, { from: `::ffff:${CLIENT}` });
    agrees(mapped);
    expect(mapped.result.headers['Gov-Client-Public-IP']).toBe(CLIENT);
    expect(mapped.result.headers['Gov-Client-Public-Port']).toBe(String(mapped.port));
  });
});

describe.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)("%s's own trust proxy setting, without a proxies option", (_name, make) => {
  const SETTINGS: [string, unknown][] = [
    ['false', false],
    ["'loopback'", 'loopback'],
    ['a hop count of 1', 1],
    ['a hop count of 2', 2],
    ['a CIDR list', ['127.0.0.0/8', '10.0.0.0/8']],
    ['true', true],
  ];
  it.each(SETTINGS)('with %s the assembled address is always req.ip', async (_label, trust) => {
    const server = await expressServer(make, trust);
    const inner = await proxyTo(server, false);
    const outer = await proxyTo(inner);
    const answers = [
      await ask(server, { from: CLIENT }),
      await ask(server, { from: CLIENT, headers: { 'x-forwarded-for': FORGED } }),
      await ask(server, { headers: { 'x-forwarded-for': `${FORGED}, ${CLIENT}` } }),
      await ask(inner, { from: CLIENT }),
      await ask(outer, { from: CLIENT }),
      await ask(outer, { from: CLIENT, headers: { 'x-forwarded-for': FORGED } }),
    ];
    for (const answer of answers) {
      expect(answer.result.client.observedAddress).toBe(bare(answer.ip));
      const publicIp = answer.result.headers['Gov-Client-Public-IP'];
      if (publicIp !== undefined) expect(publicIp).toBe(bare(answer.ip));
    }
  });

  it('an explicit proxies option wins over trust proxy', async () => {
    const server = await expressServer(make, false, EXPLICIT);
    const proxy = await proxyTo(server);
    const answer = await ask(proxy, { from: CLIENT });
    expect(answer.ip).toBe('127.0.0.1');
    expect(answer.result.headers['Gov-Client-Public-IP']).toBe(CLIENT);
  });

  it("names Express's setting when it ignores a forwarding header", async () => {
    const server = await expressServer(make, false);
    const answer = await ask(server, { from: CLIENT, headers: { 'x-forwarded-for': FORGED } });
    expect(answer.result.problems[0]?.message).toContain(
      `it came from ${CLIENT}, which is not a trusted proxy (Express's trust proxy setting)`,
    );
  });
});
