import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  createTestApiClient,
  type HmrcLogEvent,
  SANDBOX_BASE_URL,
  type TestApiClient,
  type TestApiClientOptions,
} from '@fph-kit/hmrc';
import { SPEC_VERSION } from '@fph-kit/spec';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { endpointPath } from './api-paths.js';
import { type Assets, loadAssets } from './assets.js';
import {
  HMRC_ERROR_STATUS,
  isServiceError,
  PROBLEMS,
  problemBody,
  problemType,
  ServiceError,
  type ServiceErrorCode,
} from './errors.js';
import { buildEvidence, renderEvidenceHtml } from './evidence.js';
import { createGateway, type Gateway } from './gateway.js';
import { hmrcFeedback, hmrcNotFound, hmrcValidate } from './hmrc-api.js';
import { html, page } from './html.js';
import { type LogRecord, type LogSink, safeSink, stdoutSink } from './log.js';
import { ROUTES, type RouteKey, serviceOpenApi } from './openapi.js';
import { createRecorder, type Recorder } from './recorder.js';
import { sendAsset, sendHtml, sendJson, sendProblem } from './respond.js';
import { postCompare, postValidate, postValidateText } from './v1.js';

/** Size and count limits; each has a default. */
export interface ServiceLimits {
  /** Largest JSON body (`/v1/validate`, `/v1/compare`), bytes. Default 1 MiB. */
  jsonBodyBytes: number;
  /** Largest pasted text or HAR file (`/v1/validate-text`), bytes. Default 16 MiB. */
  textBodyBytes: number;
  /** Header sets one `/v1/validate-text` request may hold. Default 2000. */
  setsPerRequest: number;
  /** Request headers per request. Default 100. */
  headerCount: number;
  /** One request header's value, bytes. Default 8 KiB. */
  headerValueBytes: number;
  /** All request headers together (request line included), bytes. Default 32 KiB. */
  headerBytes: number;
  /** Endpoints the gateway remembers; the least recently called are forgotten first. Default 1000. */
  recordedEndpoints: number;
  /** How long the gateway waits for the upstream (idle time), ms. Default 60000. */
  upstreamTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ServiceLimits> = {
  jsonBodyBytes: 1024 * 1024,
  textBodyBytes: 16 * 1024 * 1024,
  setsPerRequest: 2000,
  headerCount: 100,
  headerValueBytes: 8 * 1024,
  headerBytes: 32 * 1024,
  recordedEndpoints: 1000,
  upstreamTimeoutMs: 60_000,
};

export interface ValidatorServiceOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default `127.0.0.1` (this machine only). */
  host?: string;
  /**
   * Base URL every request the service does not answer itself is forwarded to (the gateway).
   * Default HMRC's sandbox, `https://test-api.service.hmrc.gov.uk`; `false` turns the gateway off
   * (such requests get 404).
   */
  upstream?: string | false;
  /**
   * HMRC's Test API, for `POST /v1/compare`: client options (as from
   * `testApiClientOptionsFromEnv`) or a client. Without it, compare answers 503.
   */
  hmrc?: TestApiClientOptions | TestApiClient;
  /** Where log records go. Default: one JSON line each on standard output; `false`: nowhere. */
  log?: LogSink | false;
  limits?: Partial<ServiceLimits>;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Path of the browser collector's IIFE bundle. Default: resolved from `@fph-kit/browser/iife`. */
  browserBundle?: string;
  /**
   * Host names (without port) the service answers for; other Host headers get 421. Default: when
   * listening on a loopback address, `localhost`, `127.0.0.1` and `::1` (a web page elsewhere
   * cannot then reach the service, its evidence or its gateway through DNS rebinding); otherwise
   * any host.
   */
  allowedHosts?: readonly string[];
}

const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host name of a Host header: port removed, IPv6 brackets removed, lower case. */
function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(1, text.indexOf(']') >>> 0);
  const colon = text.lastIndexOf(':');
  return colon >= 0 && text.indexOf(':') === colon ? text.slice(0, colon) : text;
}

export interface ListeningAddress {
  /** `http://host:port`, with brackets around an IPv6 host. */
  url: string;
  host: string;
  port: number;
}

export interface ValidatorService {
  /** The Express application (mountable elsewhere; limits on header bytes then are the server's). */
  readonly app: Express;
  /** Starts listening; rejects with PORT_IN_USE or LISTEN_FAILED. */
  listen(): Promise<ListeningAddress>;
  /** Stops accepting, lets requests in progress finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
  /** Where it listens, once listening. */
  readonly address: ListeningAddress | undefined;
  /** The gateway's upstream, when the gateway is on. */
  readonly upstream: string | undefined;
  /** Whether `/v1/compare` can reach HMRC. */
  readonly hmrcEnabled: boolean;
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function positiveInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `limits.${name} must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

function resolveLimits(given: Partial<ServiceLimits> | undefined): ServiceLimits {
  const limits = { ...DEFAULT_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) positiveInteger(value, name);
  return limits;
}

function upstreamUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new ServiceError('INVALID_OPTIONS', `upstream ${JSON.stringify(value)} is not a URL`, {
      cause,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `upstream must be an http(s) URL, got ${url.protocol}`,
    );
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      'upstream must be a base URL without credentials, query or fragment',
    );
  }
  return url;
}

function isClient(value: TestApiClientOptions | TestApiClient): value is TestApiClient {
  return typeof (value as TestApiClient).validate === 'function';
}

function displayHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

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
    if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\0\n\r]/.test(line)) {
      return colon > 0 && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)
        ? `the value of ${name}`
        : `line ${i + 1} of the request head`;
    }
  }
  return undefined;
}

function renderProblems(assets: { stylesheet: string; icon: string }): string {
  const rows = Object.entries(PROBLEMS).map(
    ([code, { status, title }]) =>
      html`<tr id="${problemType(code).slice('/problems#'.length)}"><th scope="row"><code>${code}</code></th><td>${status}</td><td>${title}</td></tr>`,
  );
  const relayed = Object.entries(HMRC_ERROR_STATUS).map(
    ([code, status]) => html`<li><code>${code}</code>: ${status}</li>`,
  );
  return page(
    'fph-kit validator service: errors',
    assets,
    html`<main>
<h1>Errors</h1>
<p>Every error of the service (outside HMRC's own <code>/test/fraud-prevention-headers</code> endpoints, which answer with HMRC's <code>{code, message}</code> bodies) is an <code>application/problem+json</code> body with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> (what was wrong and where) and <code>code</code>.</p>
<table><caption>Codes and HTTP statuses</caption><thead><tr><th scope="col">code</th><th scope="col">status</th><th scope="col">meaning</th></tr></thead><tbody>${rows}</tbody></table>
<h2>HMRC's errors relayed by /v1/compare</h2>
<p>These carry HMRC's code (for example <code>INVALID_CREDENTIALS</code> or <code>RESOURCE_FORBIDDEN</code>) with status 502, except:</p>
<ul>${relayed}</ul>
</main>`,
  );
}

/**
 * The validator service: HMRC's Test API endpoints answered offline, the `/v1` JSON API, the web
 * page, the evidence export and the sandbox gateway. Throws INVALID_OPTIONS.
 */
export function createValidatorService(options: ValidatorServiceOptions = {}): ValidatorService {
  const limits = resolveLimits(options.limits);
  const now = options.now ?? Date.now;
  const log: LogSink =
    options.log === false ? () => undefined : safeSink(options.log ?? stdoutSink);
  const emit = (
    level: LogRecord['level'],
    msg: string,
    fields: Record<string, unknown> = {},
  ): void => log({ time: new Date(now()).toISOString(), level, msg, ...fields });
  const version = readVersion();
  const port = options.port ?? 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `port must be an integer from 0 to 65535, got ${String(port)}`,
    );
  }
  const host = options.host ?? '127.0.0.1';
  const allowedHosts: ReadonlySet<string> | undefined = options.allowedHosts
    ? new Set(options.allowedHosts.map((h) => hostName(h)))
    : isLoopbackHost(host)
      ? new Set([...LOOPBACK_NAMES, host])
      : undefined;

  let hmrc: TestApiClient | undefined;
  if (options.hmrc) {
    if (isClient(options.hmrc)) {
      hmrc = options.hmrc;
    } else {
      const given = options.hmrc;
      const logger = (event: HmrcLogEvent): void => {
        emit(event.level === 'error' ? 'error' : event.level === 'warn' ? 'warn' : 'info', 'hmrc', {
          event: event.event,
          operation: event.operation,
          message: event.message,
          ...(event.status === undefined ? {} : { status: event.status }),
          ...(event.attempt === undefined ? {} : { attempt: event.attempt }),
          ...(event.durationMs === undefined ? {} : { durationMs: event.durationMs }),
          ...(event.code === undefined ? {} : { code: event.code }),
        });
      };
      hmrc = createTestApiClient({ ...given, logger } as TestApiClientOptions);
    }
  }

  const recorder: Recorder = createRecorder(limits.recordedEndpoints);
  const upstream =
    options.upstream === false ? undefined : upstreamUrl(options.upstream ?? SANDBOX_BASE_URL);
  const upstreamText = upstream?.href.replace(/\/$/, '');
  const gateway: Gateway | undefined = upstream
    ? createGateway({ upstream, timeoutMs: limits.upstreamTimeoutMs, recorder, now, log })
    : undefined;
  const assets: Assets = loadAssets(
    options.browserBundle === undefined ? {} : { browserBundle: options.browserBundle },
  );
  const pageAssets = { stylesheet: assets.urls['app.css']!, icon: assets.urls['icon.svg']! };
  const openapi = JSON.stringify(serviceOpenApi(version));
  const indexHtml = assets.indexHtml
    .replace('{{hmrc}}', hmrc ? 'enabled' : 'disabled')
    .replace('{{upstream}}', upstreamText ?? '')
    .replace('{{bundle-problem}}', assets.bundleProblem ?? '');
  const indexEtag = `"${createHash('sha256').update(indexHtml).digest('base64url').slice(0, 16)}"`;
  const problemsHtml = renderProblems(pageAssets);

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('case sensitive routing', true);

  // One log line per request, and the header limits, before anything else.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.once('close', () => {
      const status = res.statusCode;
      const path = (req.originalUrl ?? req.url ?? '/').split('?', 1)[0]!;
      const record: Record<string, unknown> = {
        method: req.method,
        path: endpointPath(path.length > 300 ? `${path.slice(0, 300)}...` : path),
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
      };
      if (res.locals.problem !== undefined) record.code = res.locals.problem;
      if (!res.writableFinished) record.aborted = true;
      if (res.locals.gateway !== undefined) record.gateway = res.locals.gateway;
      emit(
        status >= 500 || record.aborted ? 'error' : status >= 400 ? 'warn' : 'info',
        'request',
        record,
      );
    });
    const hostHeader = req.headers.host;
    if (allowedHosts && hostHeader !== undefined && !allowedHosts.has(hostName(hostHeader))) {
      next(
        new ServiceError(
          'MISDIRECTED_REQUEST',
          `this service answers for ${[...allowedHosts].join(', ')}, not '${hostName(hostHeader).slice(0, 100)}' (set allowedHosts to add names)`,
          { extensions: { allowedHosts: [...allowedHosts] } },
        ),
      );
      return;
    }
    const count = req.rawHeaders.length / 2;
    if (count > limits.headerCount) {
      next(
        new ServiceError(
          'TOO_MANY_HEADERS',
          `the request has ${count > limits.headerCount + 1 ? 'more than ' : ''}${count} headers; at most ${limits.headerCount} are accepted`,
          { extensions: { limit: limits.headerCount }, close: true },
        ),
      );
      return;
    }
    for (let i = 1; i < req.rawHeaders.length; i += 2) {
      const length = req.rawHeaders[i]!.length;
      if (length > limits.headerValueBytes) {
        next(
          new ServiceError(
            'HEADERS_TOO_LARGE',
            `the value of the ${req.rawHeaders[i - 1]} header has ${length} bytes; at most ${limits.headerValueBytes} are accepted per header`,
            {
              extensions: { header: req.rawHeaders[i - 1], limit: limits.headerValueBytes },
              close: true,
            },
          ),
        );
        return;
      }
    }
    next();
  });

  const v1 = { now, limits, hmrc };
  const handlers: Record<RouteKey, (req: Request, res: Response) => void | Promise<void>> = {
    'get /test/fraud-prevention-headers/validate': hmrcValidate(now),
    'get /test/fraud-prevention-headers/{api}/validation-feedback': hmrcFeedback(recorder),
    'post /v1/validate': postValidate(v1),
    'post /v1/validate-text': postValidateText(v1),
    'post /v1/compare': postCompare(v1),
    'get /v1/evidence': (_req, res) =>
      sendJson(res, 200, buildEvidence(recorder, { now: now(), version, upstream: upstreamText })),
    'delete /v1/evidence': (_req, res) => {
      recorder.clear();
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
    },
    'get /evidence': (_req, res) =>
      sendHtml(
        res,
        renderEvidenceHtml(
          buildEvidence(recorder, { now: now(), version, upstream: upstreamText }),
          pageAssets,
        ),
      ),
    'get /openapi.json': (_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(openapi);
    },
    'get /healthz': (_req, res) =>
      sendJson(res, 200, {
        status: 'ok',
        version,
        specVersion: SPEC_VERSION,
        gateway: upstreamText ? { upstream: upstreamText, recordedEndpoints: recorder.size } : null,
        hmrc: hmrc ? { enabled: true, baseUrl: hmrc.baseUrl } : { enabled: false },
      }),
    'get /': (_req, res) => sendHtml(res, indexHtml, indexEtag),
    'get /assets/{file}': (req, res) => {
      const asset = assets.files.get(req.path);
      if (asset) {
        sendAsset(res, asset.type, asset.body, asset.etag);
        return;
      }
      if (assets.bundleProblem && /^\/assets\/fph-kit\b/.test(req.path)) {
        throw new ServiceError('BROWSER_BUNDLE_MISSING', assets.bundleProblem);
      }
      throw new ServiceError(
        'NOT_FOUND',
        `no file ${req.path}; the page's files are ${Object.values(assets.urls).join(', ')}`,
      );
    },
    'get /problems': (_req, res) => sendHtml(res, problemsHtml),
  };

  const byPath = new Map<string, string[]>();
  for (const { method, path } of ROUTES) {
    const handler = handlers[`${method} ${path}` as RouteKey];
    const expressPath = path.replace(/\{(\w+)\}/g, ':$1');
    app[method](expressPath, (req: Request, res: Response, next: NextFunction) => {
      try {
        const done = handler(req, res);
        if (done instanceof Promise) done.catch(next);
      } catch (error) {
        next(error);
      }
    });
    byPath.set(expressPath, [...(byPath.get(expressPath) ?? []), method.toUpperCase()]);
  }
  for (const [path, methods] of byPath) {
    const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    app.all(path, (req: Request, _res: Response, next: NextFunction) => {
      if (path.startsWith('/test/')) {
        hmrcNotFound(req, _res);
        return;
      }
      next(
        new ServiceError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed on ${path}; use ${allow.join(' or ')}`,
          {
            headers: { Allow: allow.join(', ') },
          },
        ),
      );
    });
  }
  // Reserved for the service: never forwarded.
  app.all('/test/fraud-prevention-headers/{*rest}', hmrcNotFound);
  for (const reserved of ['/v1/{*rest}', '/assets/{*rest}', '/favicon.ico', '/robots.txt']) {
    app.all(reserved, (req: Request, _res: Response, next: NextFunction) =>
      next(
        new ServiceError('NOT_FOUND', `no endpoint ${req.method} ${req.path} (see /openapi.json)`),
      ),
    );
  }

  // Everything else goes to the upstream, or is not found.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!gateway) {
      next(
        new ServiceError(
          'NOT_FOUND',
          `no endpoint ${req.method} ${req.path} (the gateway is off, so nothing is forwarded; see /openapi.json)`,
        ),
      );
      return;
    }
    gateway.forward(req, res, (error) => next(error));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    let problem: ServiceError;
    if (isServiceError(error)) {
      problem = error;
    } else {
      const status = (error as { status?: unknown } | null)?.status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        problem = new ServiceError(
          'BAD_REQUEST',
          `the request could not be read: ${(error as Error).message}`,
          { cause: error },
        );
      } else {
        emit('error', 'error', {
          method: req.method,
          path: endpointPath(req.path),
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        });
        problem = new ServiceError(
          'INTERNAL',
          'an unexpected failure; the service log has the details',
          {
            cause: error,
          },
        );
      }
    }
    res.locals.problem = problem.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, problem);
  });

  let server: Server | undefined;
  let address: ListeningAddress | undefined;
  const sockets = new Set<Socket>();

  const onClientError = (
    error: NodeJS.ErrnoException & { rawPacket?: Buffer },
    socket: Socket,
  ): void => {
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

  return {
    app,
    get address() {
      return address;
    },
    upstream: upstreamText,
    hmrcEnabled: hmrc !== undefined,
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
      // One more than the limit, so a request with too many is seen (and refused), never truncated.
      created.maxHeadersCount = limits.headerCount + 1;
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
          const listening = {
            host,
            port: info.port,
            url: `http://${displayHost(host)}:${info.port}`,
          };
          address = listening;
          resolve(listening);
          // Logged after the caller has had its turn (fph serve prints where it listens first).
          setImmediate(() =>
            emit('info', 'listen', {
              url: listening.url,
              upstream: upstreamText ?? null,
              hmrc: hmrc !== undefined,
            }),
          );
        });
      });
    },
    async close(graceMs = 5000) {
      const running = server;
      server = undefined;
      if (running) {
        const closed = new Promise<void>((resolve) => running.close(() => resolve()));
        running.closeIdleConnections();
        const timer = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, graceMs);
        timer.unref();
        await closed;
        clearTimeout(timer);
        emit('info', 'close', {});
      }
      gateway?.close();
      address = undefined;
    },
  };
}
