import { createServer, type IncomingHttpHeaders } from 'node:http';
import { ACME, asRequestHeaders, BROWSER_VALUES } from '@fph-kit/test-support/assembler-fixtures';
import {
  append,
  type Listening,
  listen,
  type Sent,
  send,
  startProxy,
} from '@fph-kit/test-support/http';
import { validate } from '@fph-kit/validator';
import express, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssemblyResult } from './assembler.js';
import { createFphMiddleware, type FphMiddlewareOptions } from './express.js';

const BROWSER = BROWSER_VALUES;
const asHeaders = asRequestHeaders(BROWSER);

const BASE: FphMiddlewareOptions = { ...ACME, logger: false };

interface Answer extends AssemblyResult {
  receivedAt: string;
}

/** An Express app with the middleware first and the body parsers after it, as documented. */
function appWith(options: Partial<FphMiddlewareOptions>) {
  const app = express();
  const fph = createFphMiddleware({ ...BASE, ...options } as FphMiddlewareOptions);
  const answer = (req: Request, res: Response) => {
    const result = req.fph.result();
    res.json({ ...result, headers: req.fph.headers(), receivedAt: req.fph.receivedAt });
  };
  app.get('/hmrc', fph, answer);
  app.post('/hmrc', fph, express.urlencoded({ extended: false }), express.json(), answer);
  return app;
}

const servers: Listening[] = [];
async function serve(options: Partial<FphMiddlewareOptions>, host?: string): Promise<Listening> {
  const app = appWith(options);
  const server = await listen(() => createServer(app), host);
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function answerOf(sent: Sent): Answer {
  expect(sent.status, sent.body).toBe(200);
  return JSON.parse(sent.body) as Answer;
}

const codes = (a: Answer) => a.problems.map((p) => `${p.code} ${p.header ?? ''}`.trim());

/** Headers a proxy sets from its own view of the peer. */
const xff =
  (withPort: boolean) =>
  (h: Record<string, string | string[] | undefined>, peer: { address: string; port: number }) => {
    append(h, 'x-forwarded-for', withPort ? `${peer.address}:${peer.port}` : peer.address);
    h['x-forwarded-port'] = '443';
  };
const forwarded = (
  h: Record<string, string | string[] | undefined>,
  peer: { address: string; port: number },
) => {
  const node = peer.address.includes(':') ? `[${peer.address}]` : peer.address;
  append(h, 'forwarded', `for="${node}:${peer.port}";proto=https`);
};

describe('a direct client', () => {
  it('gets its own public address, source port and arrival time', async () => {
    const app = await serve({});
    const before = Date.now();
    const sent = await send(app, { path: '/hmrc', headers: asHeaders, from: '81.2.69.160' });
    const after = Date.now();
    const a = answerOf(sent);
    expect(a.headers['Gov-Client-Public-IP']).toBe('81.2.69.160');
    expect(a.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    const stamp = Date.parse(a.headers['Gov-Client-Public-IP-Timestamp']!);
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(after);
    expect(a.headers['Gov-Client-Public-IP-Timestamp']).toBe(a.receivedAt);
    expect(a.headers['Gov-Vendor-Forwarded']).toBe('by=52.56.10.20&for=81.2.69.160');
    expect(a.problems).toEqual([]);
    const verdict = validate(a.headers);
    expect(verdict.report.code).toBe('VALID_HEADERS');
    expect(verdict.advisories).toEqual([]);
  });

  it('on loopback (this machine) is a private-network client, explained', async () => {
    const app = await serve({});
    const a = answerOf(await send(app, { path: '/hmrc', headers: asHeaders }));
    expect(a.headers['Gov-Client-Public-IP']).toBeUndefined();
    expect(a.headers['Gov-Client-Public-Port']).toBeUndefined();
    expect(a.client).toEqual({ source: 'socket', observedAddress: '127.0.0.1' });
    expect(a.problems[0]!.message).toContain(
      '127.0.0.1 (from the connection) is a loopback address',
    );
  });
});

describe('behind one trusted proxy', () => {
  it('reads X-Forwarded-For with the client port, never X-Forwarded-Port', async () => {
    const app = await serve({
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    });
    const proxy = await startProxy(app, xff(true));
    servers.push(proxy);
    const sent = await send(proxy, { path: '/hmrc', headers: asHeaders, from: '81.2.69.160' });
    const a = answerOf(sent);
    expect(a.client).toEqual({
      source: 'x-forwarded-for',
      observedAddress: '81.2.69.160',
      publicIp: '81.2.69.160',
      publicPort: sent.localPort,
    });
    expect(a.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    expect(a.problems).toEqual([]);
    expect(validate(a.headers).report.code).toBe('VALID_HEADERS');
  });

  it('leaves the port out, with the reason, when the proxy writes none', async () => {
    const app = await serve({
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    });
    const proxy = await startProxy(app, xff(false));
    servers.push(proxy);
    const a = answerOf(
      await send(proxy, { path: '/hmrc', headers: asHeaders, from: '81.2.69.160' }),
    );
    expect(a.headers['Gov-Client-Public-IP']).toBe('81.2.69.160');
    expect(a.headers['Gov-Client-Public-Port']).toBeUndefined();
    expect(codes(a)).toEqual(['PUBLIC_PORT_UNAVAILABLE Gov-Client-Public-Port']);
  });

  it('reads RFC 7239 Forwarded, IPv4 and IPv6', async () => {
    const app = await serve({ proxies: { trusted: ['loopback'], clientAddress: 'forwarded' } });
    const proxy = await startProxy(app, forwarded);
    servers.push(proxy);
    for (const from of ['81.2.69.160', '2a00:23c5:1234:5600::7']) {
      const sent = await send(proxy, { path: '/hmrc', headers: asHeaders, from });
      const a = answerOf(sent);
      expect(a.headers['Gov-Client-Public-IP']).toBe(from);
      expect(a.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
      expect(a.problems).toEqual([]);
      expect(validate(a.headers).report.code).toBe('VALID_HEADERS');
    }
  });

  it('explains a client on the private network behind the proxy', async () => {
    const app = await serve({
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    });
    const proxy = await startProxy(app, xff(true));
    servers.push(proxy);
    const a = answerOf(
      await send(proxy, { path: '/hmrc', headers: asHeaders, from: '192.168.1.20' }),
    );
    expect(a.headers['Gov-Client-Public-IP']).toBeUndefined();
    expect(a.headers['Gov-Vendor-Forwarded']).toBeUndefined();
    expect(codes(a).slice(0, 2)).toEqual([
      'PUBLIC_IP_UNAVAILABLE Gov-Client-Public-IP',
      'PUBLIC_PORT_UNAVAILABLE Gov-Client-Public-Port',
    ]);
    expect(a.problems[0]!.message).toContain(
      '192.168.1.20 (from X-Forwarded-For) is a private-network address',
    );
  });
});

describe('two hops with X-Forwarded-For chains', () => {
  it('walks past both trusted proxies to the client, ignoring what the client wrote itself', async () => {
    const app = await serve({
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    });
    const inner = await startProxy(app, xff(false));
    const edge = await startProxy(inner, xff(true));
    servers.push(inner, edge);
    const sent = await send(edge, {
      path: '/hmrc',
      headers: { ...asHeaders, 'x-forwarded-for': '6.6.6.6, 7.7.7.7:1234' },
      from: '81.2.69.160',
    });
    const a = answerOf(sent);
    expect(a.headers['Gov-Client-Public-IP']).toBe('81.2.69.160');
    expect(a.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    expect(a.problems).toEqual([]);
  });

  it('builds a hop for a CDN whose egress address the chain records', async () => {
    const app = await serve({
      vendorPublicIp: '13.224.0.10',
      proxies: {
        trusted: ['loopback', '130.176.0.0/16'],
        clientAddress: 'x-forwarded-for',
        tlsHops: [{ publicIp: '52.56.10.20', sender: 'chain' }],
      },
    });
    const loadBalancer = await startProxy(app, xff(false));
    const cdn = await startProxy(loadBalancer, xff(true), '130.176.12.7');
    servers.push(loadBalancer, cdn);
    const a = answerOf(await send(cdn, { path: '/hmrc', headers: asHeaders, from: '81.2.69.160' }));
    expect(a.headers['Gov-Vendor-Forwarded']).toBe(
      'by=13.224.0.10&for=81.2.69.160,by=52.56.10.20&for=130.176.12.7',
    );
    expect(a.problems).toEqual([]);
    expect(validate(a.headers).report.code).toBe('VALID_HEADERS');
  });
});

describe('an untrusted peer', () => {
  it('cannot choose its address with X-Forwarded-For, Forwarded or Gov-Client-Public-IP', async () => {
    const app = await serve({
      proxies: { trusted: ['10.0.0.0/8'], clientAddress: 'x-forwarded-for' },
    });
    const sent = await send(app, {
      path: '/hmrc',
      headers: {
        ...asHeaders,
        'x-forwarded-for': '8.8.8.8:4444',
        forwarded: 'for="8.8.8.8:4444"',
        'gov-client-public-ip': '8.8.8.8',
        'gov-client-public-port': '4444',
        'gov-client-public-ip-timestamp': '2020-01-01T00:00:00.000Z',
      },
      from: '81.2.69.170',
    });
    const a = answerOf(sent);
    expect(a.headers['Gov-Client-Public-IP']).toBe('81.2.69.170');
    expect(a.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    expect(a.headers['Gov-Client-Public-IP-Timestamp']).toBe(a.receivedAt);
    expect(codes(a)).toEqual([
      'FORWARDING_HEADER_IGNORED Forwarded',
      'FORWARDING_HEADER_IGNORED X-Forwarded-For',
      'SERVER_HEADER_FROM_CLIENT Gov-Client-Public-IP',
      'SERVER_HEADER_FROM_CLIENT Gov-Client-Public-Port',
      'SERVER_HEADER_FROM_CLIENT Gov-Client-Public-IP-Timestamp',
    ]);
    expect(JSON.stringify(a.headers)).not.toContain('8.8.8.8');
  });
});

describe('IPv6 clients', () => {
  it('a public IPv6 client connecting directly', async () => {
    const app = await serve({}, '::1');
    const sent = await send(app, {
      path: '/hmrc',
      headers: asHeaders,
      from: '2A00:23C5:1234:5600:0:0:0:7',
    });
    const a = answerOf(sent);
    expect(a.headers['Gov-Client-Public-IP']).toBe('2a00:23c5:1234:5600::7');
    expect(a.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    expect(a.headers['Gov-Vendor-Forwarded']).toBe(
      'by=52.56.10.20&for=2a00%3A23c5%3A1234%3A5600%3A%3A7',
    );
    expect(validate(a.headers).report.code).toBe('VALID_HEADERS');
  });

  it('an IPv6 client in X-Forwarded-For, with and without brackets', async () => {
    const app = await serve({
      proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    });
    const bracketed = await startProxy(app, (h, peer) =>
      append(h, 'x-forwarded-for', `[${peer.address}]:${peer.port}`),
    );
    servers.push(bracketed);
    const sent = await send(bracketed, {
      path: '/hmrc',
      headers: asHeaders,
      from: '2a00:23c5:1234:5600::7',
    });
    expect(answerOf(sent).client).toMatchObject({
      publicIp: '2a00:23c5:1234:5600::7',
      publicPort: sent.localPort,
    });
    const bare = await startProxy(app, (h, peer) => append(h, 'x-forwarded-for', peer.address));
    servers.push(bare);
    const a = answerOf(
      await send(bare, { path: '/hmrc', headers: asHeaders, from: '2a00:23c5:1234:5600::7' }),
    );
    expect(a.client).toMatchObject({ publicIp: '2a00:23c5:1234:5600::7' });
    expect(a.headers['Gov-Client-Public-Port']).toBeUndefined();
  });

  it('::1 over real IPv6 loopback, and IPv4-mapped peers on a dual-stack server, are normalised', async () => {
    const v6 = await serve({}, '::1');
    expect(answerOf(await send(v6, { path: '/hmrc' })).client.observedAddress).toBe('::1');
    const dual = await serve({}, '::');
    const a = answerOf(await send(dual, { path: '/hmrc', connectTo: '127.0.0.1' }));
    expect(a.client.observedAddress).toBe('127.0.0.1');
    const mapped = answerOf(
      await send(dual, { path: '/hmrc', connectTo: '127.0.0.1', from: '::ffff:81.2.69.160' }),
    );
    expect(mapped.headers['Gov-Client-Public-IP']).toBe('81.2.69.160');
  });
});

describe('client values in the body', () => {
  it('reads fph_client from a form and from a JSON body after the middleware', async () => {
    const app = await serve({});
    const form = new URLSearchParams({
      reference: 'VAT-2026-Q3',
      fph_client: JSON.stringify(BROWSER),
    });
    const fromForm = answerOf(
      await send(app, {
        method: 'POST',
        path: '/hmrc',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        from: '81.2.69.160',
      }),
    );
    const fromJson = answerOf(
      await send(app, {
        method: 'POST',
        path: '/hmrc',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 12, fph_client: BROWSER }),
        from: '81.2.69.160',
      }),
    );
    for (const a of [fromForm, fromJson]) {
      for (const [name, value] of Object.entries(BROWSER)) {
        if (name !== 'Gov-Vendor-Version') expect(a.headers[name]).toBe(value);
      }
      expect(a.problems).toEqual([]);
    }
  });

  it('assembles again when the body changes after a first call', async () => {
    const app = express();
    const fph = createFphMiddleware(BASE);
    app.post(
      '/early',
      fph,
      (req: Request, _res: Response, next: NextFunction) => {
        (req as Request & { early?: number }).early = Object.keys(req.fph.headers()).length;
        next();
      },
      express.json(),
      (req: Request, res: Response) => {
        res.json({
          early: (req as Request & { early?: number }).early,
          late: Object.keys(req.fph.headers()).length,
        });
      },
    );
    const server = await listen(() => createServer(app));
    servers.push(server);
    const sent = await send(server, {
      method: 'POST',
      path: '/early',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fph_client: BROWSER }),
      from: '81.2.69.160',
    });
    const counts = JSON.parse(sent.body) as { early: number; late: number };
    expect(counts.late).toBe(16);
    expect(counts.early).toBeLessThan(counts.late);
  });
});

describe('resolvers, logging and failure', () => {
  it('holds the request only until the vendor IP resolver answers', async () => {
    let calls = 0;
    const app = await serve({
      vendorPublicIp: async () => {
        calls++;
        return '52.56.10.22';
      },
    });
    const a = answerOf(await send(app, { path: '/hmrc', headers: asHeaders, from: '81.2.69.160' }));
    expect(a.headers['Gov-Vendor-Public-IP']).toBe('52.56.10.22');
    expect(calls).toBe(1);
  });

  it('passes the request on when the resolver never answers', async () => {
    const app = await serve({
      vendorPublicIp: () => new Promise<string>(() => {}),
      resolverTimeoutMs: 30,
    });
    const a = answerOf(await send(app, { path: '/hmrc', headers: asHeaders, from: '81.2.69.160' }));
    expect(a.headers['Gov-Vendor-Public-IP']).toBeUndefined();
    expect(codes(a)).toContain('VENDOR_PUBLIC_IP_UNAVAILABLE Gov-Vendor-Public-IP');
  });

  it('logs each kind of problem once, and survives a logger that throws', async () => {
    const lines: string[] = [];
    const app = await serve({ logger: { warn: (line) => lines.push(line) } });
    for (const zone of ['UTC+25:00', 'UTC+26:00']) {
      await send(app, {
        path: '/hmrc',
        headers: { ...asHeaders, 'gov-client-timezone': zone },
        from: '81.2.69.160',
      });
    }
    expect(lines).toEqual([
      'fph-kit: CLIENT_VALUE_INVALID Gov-Client-Timezone: Gov-Client-Timezone from the client is invalid (Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>): dropped.',
    ]);
    const broken = await serve({
      logger: {
        warn: () => {
          throw new Error('log disk full');
        },
      },
    });
    const sent = await send(broken, { path: '/hmrc', headers: { 'gov-client-timezone': 'bad' } });
    expect(answerOf(sent).problems.length).toBeGreaterThan(0);
  });

  it('adds the set to a fetch call, keeping other headers and replacing stale Gov-* ones', async () => {
    let seen: IncomingHttpHeaders = {};
    const hmrc = await listen(() =>
      createServer((req, res) => {
        seen = req.headers;
        res.end('{}');
      }),
    );
    servers.push(hmrc);
    const app = express();
    app.get('/call', createFphMiddleware(BASE), async (req: Request, res: Response) => {
      const init = req.fph.fetchInit({
        headers: {
          authorization: 'Bearer t0k3n',
          'Gov-Client-Timezone': 'UTC+09:00',
          'Gov-Test-Scenario': 'DEFAULT',
        },
      });
      const answer = await fetch(`${hmrc.origin}/test/fraud-prevention-headers/validate`, init);
      res.status(answer.status).end();
    });
    const server = await listen(() => createServer(app));
    servers.push(server);
    const sent = await send(server, { path: '/call', headers: asHeaders, from: '81.2.69.160' });
    expect(sent.status).toBe(200);
    expect(seen.authorization).toBe('Bearer t0k3n');
    expect(seen['gov-test-scenario']).toBe('DEFAULT');
    expect(seen['gov-client-timezone']).toBe('UTC+00:00');
    expect(seen['gov-client-public-ip']).toBe('81.2.69.160');
    expect(seen['gov-vendor-version']).toBe('acme-web=2.4.1&acme-api=3.8.0');
  });

  it('never throws on a request it cannot read, and always calls next', async () => {
    const { licenseKeys: _, ...fixed } = BASE;
    const middleware = createFphMiddleware(fixed);
    // No socket and no headers: the server's own headers, and the reason for the rest.
    const bare = { headers: null, socket: undefined } as unknown as Request;
    let nexts = 0;
    expect(() => middleware(bare, {} as Response, () => nexts++)).not.toThrow();
    expect(nexts).toBe(1);
    expect(Object.keys(bare.fph.headers())).toEqual([
      'Gov-Client-Connection-Method',
      'Gov-Vendor-Product-Name',
      'Gov-Vendor-Public-IP',
      'Gov-Vendor-Version',
    ]);
    expect(bare.fph.problems[0]!.code).toBe('PUBLIC_IP_UNAVAILABLE');
    // A request object that throws when read: an INTERNAL_ERROR problem, and next all the same.
    const hostile = {
      headers: {},
      get socket(): never {
        throw new Error('socket is gone');
      },
    } as unknown as Request;
    expect(() => middleware(hostile, {} as Response, () => nexts++)).not.toThrow();
    expect(nexts).toBe(2);
    expect(hostile.fph.headers()).toEqual({});
    expect(hostile.fph.problems).toEqual([
      {
        code: 'INTERNAL_ERROR',
        message: 'The fraud prevention headers could not be assembled: socket is gone.',
      },
    ]);
    // With licence keys still being hashed, next comes once the hash is ready.
    const pending = createFphMiddleware(BASE);
    const later = { headers: {}, socket: undefined } as unknown as Request;
    const called = new Promise<void>((resolve) => {
      pending(later, {} as Response, () => resolve());
    });
    await called;
    expect(later.fph.headers()['Gov-Vendor-License-IDs']).toMatch(/^acme-tax=[0-9A-F]{64}$/);
  });

  it('refuses unusable options when created', () => {
    expect(() => createFphMiddleware({ ...BASE, logger: {} as never })).toThrow(
      'logger must have a warn(message) method',
    );
    expect(() => createFphMiddleware({ ...BASE, vendorPublicIp: '127.0.0.1' })).toThrow(
      'vendorPublicIp 127.0.0.1 is a loopback address',
    );
  });
});
