import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import {
  createValidatorService,
  type LogRecord,
  type ProblemBody,
  type ValidatorService,
  type ValidatorServiceOptions,
} from '@fph-kit/validator-service';

/** Test helpers: a service on port 0 with its log captured, a local upstream, raw HTTP. */

export const HMRC_ACCEPT = 'application/vnd.hmrc.1.0+json';

export interface Running {
  service: ValidatorService;
  url: string;
  port: number;
  logs: LogRecord[];
  /** Every log record as one JSON line, as the default sink would write it. */
  logText(): string;
  close(): Promise<void>;
}

export async function startService(options: ValidatorServiceOptions = {}): Promise<Running> {
  const logs: LogRecord[] = [];
  const service = createValidatorService({
    port: 0,
    upstream: false,
    log: (record) => logs.push(record),
    ...options,
  });
  const { url, port } = await service.listen();
  return {
    service,
    url,
    port,
    logs,
    logText: () => logs.map((r) => JSON.stringify(r)).join('\n'),
    close: () => service.close(1000),
  };
}

export interface Upstream {
  url: string;
  received: { method: string; url: string; rawHeaders: string[]; body: Buffer }[];
  close(): Promise<void>;
}

/** A node:http upstream on 127.0.0.1:0; `handler` answers after the request body is read. */
export async function startUpstream(
  handler: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void,
): Promise<Upstream> {
  const received: Upstream['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        body,
      });
      handler(req, res, body);
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends raw bytes and resolves to everything the server sent back before closing. */
export function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' && chunks.length > 0)
        resolve(Buffer.concat(chunks).toString('latin1'));
      else reject(error);
    });
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(bytes);
  });
}

/** Status and parsed JSON body of a raw HTTP/1.1 response with Content-Length. */
export function parseRaw(text: string): { status: number; headers: string; body: unknown } {
  const split = text.indexOf('\r\n\r\n');
  const head = text.slice(0, split);
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  return { status, headers: head, body: JSON.parse(text.slice(split + 4)) };
}

/** Fetch with a JSON body. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The members every problem body has. */
export function expectProblemShape(body: unknown): asserts body is ProblemBody {
  const b = body as Record<string, unknown>;
  for (const key of ['type', 'title', 'detail', 'code']) {
    if (typeof b[key] !== 'string' || (b[key] as string) === '') {
      throw new Error(`problem body lacks ${key}: ${JSON.stringify(body)}`);
    }
  }
  if (typeof b.status !== 'number')
    throw new Error(`problem body lacks status: ${JSON.stringify(body)}`);
  if (JSON.stringify(body).includes('    at '))
    throw new Error(`problem body has a stack trace: ${JSON.stringify(body)}`);
}

/** A JSON answer, read freely by tests. */
// biome-ignore lint/suspicious/noExplicitAny: tests read answer bodies without declaring their types
export type Json = any;

export async function json(response: Response): Promise<Json> {
  return (await response.json()) as Json;
}
