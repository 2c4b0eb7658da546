import { createServer } from 'node:http';
import {
  append,
  type Listening,
  listen,
  type Peer,
  send,
  startProxy,
} from '@fph-kit/test-support/http';
import express, { type Request, type Response } from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import type { AssemblyResult } from './assembler.js';
import { createFphMiddleware } from './express.js';
import type { ClientAddressSource } from './forwarding.js';

/**
 * Spoofing, for each proxy header the assembler reads: a client never chooses its own
 * Gov-Client-Public-IP or Gov-Client-Public-Port, whether it connects directly (an untrusted peer)
 * or through the trusted proxy (which must overwrite or append, never pass the client's value on
 * as its own).
 */

const FORGED = '8.8.8.8';
const REAL = '81.2.69.160';
const DIRECT = '81.2.69.170';

type Headers = Record<string, string | string[] | undefined>;

interface Case {
  source: ClientAddressSource;
  display: string;
  /** What the client forges in this header. */
  forged: Record<string, string>;
  /** What a correct trusted proxy does with the header. */
  proxy: (headers: Headers, peer: Peer) => void;
  portHeader?: string;
}

const CASES: Case[] = [
  {
    source: 'x-forwarded-for',
    display: 'X-Forwarded-For',
    forged: { 'x-forwarded-for': `${FORGED}:4444, 9.9.9.9` },
    proxy: (h, peer) => append(h, 'x-forwarded-for', `${peer.address}:${peer.port}`),
  },
  {
    source: 'forwarded',
    display: 'Forwarded',
    forged: { forwarded: `for="${FORGED}:4444";proto=https, for=9.9.9.9` },
    proxy: (h, peer) => append(h, 'forwarded', `for="${peer.address}:${peer.port}"`),
  },
  {
    source: 'cloudfront-viewer-address',
    display: 'CloudFront-Viewer-Address',
    forged: { 'cloudfront-viewer-address': `${FORGED}:4444` },
    proxy: (h, peer) => {
      h['cloudfront-viewer-address'] = `${peer.address}:${peer.port}`;
    },
  },
  {
    source: 'cf-connecting-ip',
    display: 'CF-Connecting-IP',
    forged: { 'cf-connecting-ip': FORGED, 'x-client-port': '4444' },
    proxy: (h, peer) => {
      h['cf-connecting-ip'] = peer.address;
      h['x-client-port'] = String(peer.port);
    },
    portHeader: 'x-client-port',
  },
];

const GOV_FORGED = {
  'gov-client-public-ip': FORGED,
  'gov-client-public-port': '4444',
  'gov-client-public-ip-timestamp': '2020-01-01T00:00:00.000Z',
};

const servers: Listening[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function appFor(c: Case): Promise<Listening> {
  const app = express();
  app.get(
    '/',
    createFphMiddleware({
      connectionMethod: 'WEB_APP_VIA_SERVER',
      productName: 'Acme Tax',
      versions: { 'acme-api': '3.8.0' },
      vendorPublicIp: '52.56.10.20',
      proxies: {
        trusted: ['loopback'],
        clientAddress: c.source,
        ...(c.portHeader ? { clientPortHeader: c.portHeader } : {}),
      },
      logger: false,
    }),
    (req: Request, res: Response) => {
      res.json(req.fph.result());
    },
  );
  const server = await listen(() => createServer(app));
  servers.push(server);
  return server;
}

/** The result, without the HEADER_MISSING notes for the browser values these requests lack. */
function parse(body: string): AssemblyResult {
  const result = JSON.parse(body) as AssemblyResult;
  result.problems = result.problems.filter((p) => p.code !== 'HEADER_MISSING');
  return result;
}

describe.each(CASES)('$display', (c) => {
  it('from an untrusted peer is ignored: the connection gives the address and port', async () => {
    const app = await appFor(c);
    const sent = await send(app, { headers: { ...c.forged, ...GOV_FORGED }, from: DIRECT });
    const r = parse(sent.body);
    expect(r.headers['Gov-Client-Public-IP']).toBe(DIRECT);
    expect(r.headers['Gov-Client-Public-Port']).toBe(String(sent.localPort));
    expect(r.client.source).toBe('socket');
    expect(r.problems.map((p) => `${p.code} ${p.header}`)).toContain(
      `FORWARDING_HEADER_IGNORED ${c.display}`,
    );
    expect(JSON.stringify(r.headers)).not.toContain(FORGED);
    expect(r.headers['Gov-Client-Public-Port']).not.toBe('4444');
  });

  it('forged by the client behind the trusted proxy does not survive', async () => {
    const app = await appFor(c);
    const proxy = await startProxy(app, c.proxy);
    servers.push(proxy);
    const sent = await send(proxy, { headers: { ...c.forged, ...GOV_FORGED }, from: REAL });
    const r = parse(sent.body);
    expect(r.client).toEqual({
      source: c.source,
      observedAddress: REAL,
      publicIp: REAL,
      publicPort: sent.localPort,
    });
    expect(JSON.stringify(r.headers)).not.toContain(FORGED);
    expect(r.problems.map((p) => p.code)).toEqual([
      'SERVER_HEADER_FROM_CLIENT',
      'SERVER_HEADER_FROM_CLIENT',
      'SERVER_HEADER_FROM_CLIENT',
    ]);
  });
});

describe('single-value headers passed on by a proxy that appends instead of overwriting', () => {
  it.each(CASES.filter((c) => c.source.startsWith('c')))(
    '$display then holds two values and is refused, not half-believed',
    async (c) => {
      const app = await appFor(c);
      const proxy = await startProxy(app, (h, peer) => {
        append(
          h,
          c.source,
          c.source === 'cf-connecting-ip' ? peer.address : `${peer.address}:${peer.port}`,
        );
      });
      servers.push(proxy);
      const r = parse((await send(proxy, { headers: c.forged, from: REAL })).body);
      expect(r.headers['Gov-Client-Public-IP']).toBeUndefined();
      expect(r.problems[0]).toMatchObject({ code: 'FORWARDING_HEADER_INVALID', header: c.display });
    },
  );
});

describe('headers the proxy passes on but the topology does not use', () => {
  it('are ignored and reported even from the trusted proxy', async () => {
    const app = await appFor(CASES[0]!);
    const proxy = await startProxy(app, CASES[0]!.proxy);
    servers.push(proxy);
    const r = parse(
      (
        await send(proxy, {
          headers: {
            'cf-connecting-ip': FORGED,
            'cloudfront-viewer-address': `${FORGED}:1`,
            'x-real-ip': FORGED,
            'true-client-ip': FORGED,
            forwarded: `for=${FORGED}`,
          },
          from: REAL,
        })
      ).body,
    );
    expect(r.headers['Gov-Client-Public-IP']).toBe(REAL);
    expect(r.problems.map((p) => p.header).sort()).toEqual([
      'CF-Connecting-IP',
      'CloudFront-Viewer-Address',
      'Forwarded',
      'True-Client-IP',
      'X-Real-IP',
    ]);
  });
});
