import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * Servers, requests and proxies on loopback. Tests run on loopback only, where every client is
 * 127.0.0.1 or ::1. To test clients on the internet, a test names the public address a
 * connection should appear to come from: the server's accepted socket then reports that address
 * as its peer, as it would for a client connecting from there. The port stays the real one.
 */
export class PeerTable {
  private readonly byPort = new Map<number, string>();

  /** Makes the connection from local port `port` appear to come from `address`. */
  set(port: number, address: string): void {
    this.byPort.set(port, address);
  }

  delete(port: number): void {
    this.byPort.delete(port);
  }

  /** Installs the table on a server: call before it accepts connections. */
  install(server: Server): void {
    server.on('connection', (socket: Socket) => {
      const realAddress = socket.remoteAddress;
      const realPort = socket.remotePort;
      Object.defineProperty(socket, 'remoteAddress', {
        configurable: true,
        get: () =>
          (realPort === undefined ? realAddress : this.byPort.get(realPort)) ?? realAddress,
      });
    });
  }
}

export interface Listening {
  server: Server;
  /** `http://127.0.0.1:port` (or `http://[::1]:port`). */
  origin: string;
  host: string;
  port: number;
  peers: PeerTable;
  close(): Promise<void>;
}

/** Starts `handler` (an Express app or any request listener) on `host`, port 0. */
export async function listen(createServer: () => Server, host = '127.0.0.1'): Promise<Listening> {
  const server = createServer();
  const peers = new PeerTable();
  peers.install(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    origin: `http://${shown}:${port}`,
    host,
    port,
    peers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface Sent {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The port the request left from (the client's source port). */
  localPort: number;
}

export interface SendOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string | string[]>;
  body?: string;
  /** The public address the server should see this connection come from. */
  from?: string;
  /** Connect to this host instead of the server's (`127.0.0.1` to a dual-stack server). */
  connectTo?: string;
}

/** One request on its own connection, with the body read as text. */
export function send(target: Listening, options: SendOptions = {}): Promise<Sent> {
  return new Promise<Sent>((resolve, reject) => {
    let localPort = 0;
    const req = httpRequest(
      {
        host: options.connectTo ?? target.host,
        port: target.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          target.peers.delete(localPort);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            localPort,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('socket', (socket: Socket) => {
      socket.on('connect', () => {
        localPort = socket.localPort ?? 0;
        if (options.from !== undefined) target.peers.set(localPort, options.from);
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The peer of a connection as a proxy sees it. */
export interface Peer {
  address: string;
  port: number;
}

/**
 * A reverse proxy on loopback in front of `target`: for each request it lets `rewrite` set the
 * forwarding headers from its own view of the peer, then forwards the request. With
 * `outboundFrom`, the target sees the proxy's connection come from that (public) address, as a
 * CDN's egress address.
 */
export async function startProxy(
  target: Pick<Listening, 'host' | 'port' | 'peers'>,
  rewrite: (headers: Record<string, string | string[] | undefined>, peer: Peer) => void,
  outboundFrom?: string,
): Promise<Listening> {
  const { createServer } = await import('node:http');
  return listen(() =>
    createServer((req, res) => {
      const headers: Record<string, string | string[] | undefined> = { ...req.headers };
      rewrite(headers, {
        address: req.socket.remoteAddress ?? '',
        port: req.socket.remotePort ?? 0,
      });
      const out = httpRequest(
        {
          host: target.host,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: headers as Record<string, string | string[]>,
          agent: false,
        },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      out.on('socket', (socket: Socket) => {
        socket.on('connect', () => {
          if (outboundFrom !== undefined) target.peers.set(socket.localPort ?? 0, outboundFrom);
        });
      });
      out.on('error', () => {
        res.writeHead(502).end();
      });
      req.pipe(out);
    }),
  );
}

/** Appends `value` to a list header (X-Forwarded-For, Forwarded) as a proxy does. */
export function append(
  headers: Record<string, string | string[] | undefined>,
  name: string,
  value: string,
): void {
  const existing = headers[name];
  const joined = Array.isArray(existing) ? existing.join(', ') : existing;
  headers[name] = joined ? `${joined}, ${value}` : value;
}
