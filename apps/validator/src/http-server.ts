import { createServer, type RequestListener, type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PROBLEMS, problemBody, ServiceError, type ServiceErrorCode } from './errors.js';
import type { Emit } from './log.js';

/**
 * The HTTP server under the Express application: Node's limits on the request head, answers to
 * requests Node's parser refuses (as problem bodies, never into an answer already under way),
 * listening, and closing with a grace period for requests in progress.
 */

export interface ListeningAddress {
  /** `http://host:port`, with brackets around an IPv6 host. */
  url: string;
  host: string;
  port: number;
}

export interface HttpServerOptions {
  app: RequestListener;
  host: string;
  port: number;
  limits: { headerCount: number; headerBytes: number };
  emit: Emit;
}

export interface HttpServer {
  /** Starts listening; rejects with PORT_IN_USE or LISTEN_FAILED. */
  listen(): Promise<ListeningAddress>;
  /** Stops accepting, lets requests in progress finish (up to `graceMs`), then closes. */
  close(graceMs: number): Promise<void>;
  readonly address: ListeningAddress | undefined;
}

function displayHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

const TOKEN_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The header line a malformed request broke on, from the bytes Node's parser refused. */
function badHeaderLine(raw: Buffer | undefined): string | undefined {
  if (!raw) return undefined;
  const text = raw.toString('latin1');
  const lines = text.split('\r\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') break;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon) : line;
    if (colon <= 0 || !TOKEN_NAME.test(name) || /[\0\n\r]/.test(line)) {
      return colon > 0 && TOKEN_NAME.test(name)
        ? `the value of ${name}`
        : `line ${i + 1} of the request head`;
    }
  }
  return undefined;
}

function clientErrorHandler(
  limits: HttpServerOptions['limits'],
  emit: Emit,
): (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => void {
  return (error, socket) => {
    const inFlight = (
      socket as Socket & {
        _httpMessage?: { headersSent?: boolean; writableEnded?: boolean } | null;
      }
    )._httpMessage;
    // Bytes after a request that said `Connection: close` are ignored: its answer, perhaps still
    // on its way from the upstream, is finished and the connection then closed.
    if (error.code === 'HPE_CLOSED_CONNECTION' && inFlight && !inFlight.writableEnded) return;
    // Never write into an answer already under way.
    if (
      error.code === 'ECONNRESET' ||
      error.code === 'HPE_CLOSED_CONNECTION' ||
      !socket.writable ||
      inFlight?.headersSent
    ) {
      socket.destroy();
      return;
    }
    let code: ServiceErrorCode;
    let detail: string;
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      code = 'HEADERS_TOO_LARGE';
      detail = `the request's headers are larger than ${limits.headerBytes} bytes in all`;
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      code = 'REQUEST_TIMEOUT';
      detail = 'the request was not received in time';
    } else {
      code = 'BAD_REQUEST';
      const where = badHeaderLine(error.rawPacket);
      detail = where
        ? `the HTTP request is malformed: ${where} holds a character HTTP does not allow (NUL, CR or LF inside a header, or a bad header name)`
        : `the HTTP request is malformed (${error.code ?? 'parse error'})`;
    }
    const body = JSON.stringify(problemBody(new ServiceError(code, detail)));
    const status = PROBLEMS[code].status;
    emit('warn', 'request', { status, code, malformed: true });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { app, host, port, limits, emit } = options;
  let server: Server | undefined;
  let address: ListeningAddress | undefined;
  const sockets = new Set<Socket>();
  const onClientError = clientErrorHandler(limits, emit);

  return {
    get address() {
      return address;
    },
    listen() {
      if (server)
        return Promise.reject(
          new ServiceError('LISTEN_FAILED', 'the service is already listening'),
        );
      const created = createServer(
        // Host is not required: HTTP/1.0 clients leave it out, and Node's own refusal has no body.
        { maxHeaderSize: limits.headerBytes, requestTimeout: 120_000, requireHostHeader: false },
        app,
      );
      server = created;
      // Every header is kept (the head's size limit bounds how many there can be), so a request
      // with too many is refused saying exactly how many it has.
      created.maxHeadersCount = 0;
      created.on('clientError', onClientError);
      created.on('connection', (socket: Socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      return new Promise<ListeningAddress>((resolve, reject) => {
        const onError = (error: NodeJS.ErrnoException): void => {
          server = undefined;
          if (error.code === 'EADDRINUSE') {
            reject(
              new ServiceError('PORT_IN_USE', `port ${port} on ${host} is already in use`, {
                cause: error,
              }),
            );
          } else {
            reject(
              new ServiceError(
                'LISTEN_FAILED',
                `cannot listen on ${host}:${port}: ${error.code ?? error.message}`,
                { cause: error },
              ),
            );
          }
        };
        created.once('error', onError);
        created.listen({ port, host }, () => {
          created.off('error', onError);
          const info = created.address() as AddressInfo;
          address = { host, port: info.port, url: `http://${displayHost(host)}:${info.port}` };
          resolve(address);
        });
      });
    },
    async close(graceMs) {
      const running = server;
      server = undefined;
      address = undefined;
      if (!running) return;
      const closed = new Promise<void>((resolve) => running.close(() => resolve()));
      running.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      timer.unref();
      await closed;
      clearTimeout(timer);
      emit('info', 'close', {});
    },
  };
}
