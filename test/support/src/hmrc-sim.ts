import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HMRC_OPENAPI_DOCUMENT, type JsonObject, type JsonValue } from '@fph-kit/hmrc';

/**
 * A local stand-in for HMRC's sandbox that speaks its formats: the OAuth token endpoint, the two
 * Test Fraud Prevention Headers endpoints answering with the OpenAPI document's examples, and the
 * platform's `{code, message}` error bodies. Tests queue special answers (throttling, 500s, hangs,
 * resets, malformed bodies) per endpoint.
 */

export type Endpoint = 'token' | 'validate' | 'feedback';

export interface SeenRequest {
  endpoint: Endpoint | 'other';
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A scripted answer: a response, or misbehaviour. */
export type Scripted =
  | { status: number; headers?: Record<string, string>; body?: string | JsonValue }
  | { hang: true }
  | { reset: true }
  /** Sends the status line, headers and a first piece of JSON, then nothing more. */
  | { stall: true }
  /** Sends part of a JSON body, then closes the connection. */
  | { cut: true }
  | ((request: SeenRequest) => {
      status: number;
      headers?: Record<string, string>;
      body?: string | JsonValue;
    });

/** Messages in the style of HMRC's API platform. */
export const PLATFORM_ERRORS = {
  401: { code: 'INVALID_CREDENTIALS', message: 'Invalid Authentication information provided' },
  403: { code: 'RESOURCE_FORBIDDEN', message: 'The application is not subscribed to this API' },
  404: {
    code: 'MATCHING_RESOURCE_NOT_FOUND',
    message: 'A resource with the name in the request cannot be found in the API',
  },
  406: { code: 'ACCEPT_HEADER_INVALID', message: 'The accept header is missing or invalid' },
  429: {
    code: 'MESSAGE_THROTTLED_OUT',
    message: 'The request for the API is throttled as you have exceeded your quota',
  },
  500: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
} as const;

function media(path: string): JsonObject {
  const paths = HMRC_OPENAPI_DOCUMENT.paths as JsonObject;
  const get = (paths[path] as JsonObject).get as JsonObject;
  const ok = (get.responses as JsonObject)['200'] as JsonObject;
  return (ok.content as JsonObject)['application/json'] as JsonObject;
}

/** The validate endpoint's named examples from the OpenAPI document. */
export function validateExample(name: string): JsonObject {
  const examples = media('/test/fraud-prevention-headers/validate').examples as JsonObject;
  return structuredClone((examples[name] as JsonObject).value as JsonObject);
}

/** The validation-feedback endpoint's example (the media type's `example`). */
export function feedbackExample(): JsonObject {
  return structuredClone(
    media('/test/fraud-prevention-headers/{api}/validation-feedback').example as JsonObject,
  );
}

export interface SimOptions {
  clientId?: string;
  clientSecret?: string;
  /** expires_in of issued tokens, seconds. Default 14400 (4 hours). */
  expiresIn?: number;
  /** Tokens accepted besides the issued ones (a caller-supplied bearer token). */
  staticTokens?: string[];
}

export class HmrcSim {
  readonly requests: SeenRequest[] = [];
  /** Tokens issued by the token endpoint, in order. */
  readonly issued: string[] = [];
  readonly revoked = new Set<string>();
  readonly options: Required<SimOptions>;
  #server: Server;
  #sockets = new Set<Socket>();
  #queues = new Map<Endpoint, Scripted[]>();
  #fallback = new Map<Endpoint, Scripted>();
  #arrival: Array<() => void> = [];
  baseUrl = '';

  constructor(options: SimOptions = {}) {
    this.options = {
      clientId: options.clientId ?? 'sim-client-id',
      clientSecret: options.clientSecret ?? 'sim-client-secret',
      expiresIn: options.expiresIn ?? 14_400,
      staticTokens: options.staticTokens ?? [],
    };
    this.#server = createServer((req, res) => {
      this.#handle(req, res);
    });
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Answers for the next requests to `endpoint`, in order; then the normal behaviour resumes. */
  queue(endpoint: Endpoint, ...answers: Scripted[]): void {
    this.#queues.set(endpoint, [...(this.#queues.get(endpoint) ?? []), ...answers]);
  }

  /** An answer for every request to `endpoint` once its queue is empty. */
  always(endpoint: Endpoint, answer: Scripted): void {
    this.#fallback.set(endpoint, answer);
  }

  /** Forgets queued and permanent answers, the request log and issued tokens. */
  reset(): void {
    this.issued.length = 0;
    this.#queues.clear();
    this.#fallback.clear();
    this.requests.length = 0;
    this.revoked.clear();
  }

  /** HMRC_CLIENT_ID, HMRC_CLIENT_SECRET and HMRC_BASE_URL for this simulator (once started). */
  env(): Record<'HMRC_CLIENT_ID' | 'HMRC_CLIENT_SECRET' | 'HMRC_BASE_URL', string> {
    return {
      HMRC_CLIENT_ID: this.options.clientId,
      HMRC_CLIENT_SECRET: this.options.clientSecret,
      HMRC_BASE_URL: this.baseUrl,
    };
  }

  count(endpoint: Endpoint | 'other'): number {
    return this.requests.filter((r) => r.endpoint === endpoint).length;
  }

  /** Resolves once the server has seen `n` requests in all. */
  async waitForRequests(n: number): Promise<void> {
    while (this.requests.length < n)
      await new Promise<void>((resolve) => this.#arrival.push(resolve));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const endpoint: SeenRequest['endpoint'] =
        req.method === 'POST' && url.pathname === '/oauth/token'
          ? 'token'
          : url.pathname === '/test/fraud-prevention-headers/validate'
            ? 'validate'
            : /^\/test\/fraud-prevention-headers\/[^/]+\/validation-feedback$/.test(url.pathname)
              ? 'feedback'
              : 'other';
      const seen: SeenRequest = {
        endpoint,
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      this.requests.push(seen);
      for (const wake of this.#arrival.splice(0)) wake();
      const scripted =
        endpoint === 'other'
          ? undefined
          : (this.#queues.get(endpoint)?.shift() ?? this.#fallback.get(endpoint));
      if (scripted && 'hang' in scripted) return;
      if (scripted && 'reset' in scripted) {
        req.socket.destroy();
        return;
      }
      if (scripted && ('stall' in scripted || 'cut' in scripted)) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write('{"specVersion": "3.3", "code": ', () => {
          if ('cut' in scripted) req.socket.destroy();
        });
        return;
      }
      const answer = scripted
        ? typeof scripted === 'function'
          ? scripted(seen)
          : scripted
        : this.#normal(seen);
      const body =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      const headers: Record<string, string> = {
        ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      };
      res.writeHead(answer.status, headers);
      res.end(body);
    });
  }

  /** HMRC's behaviour when nothing is scripted. */
  #normal(seen: SeenRequest): {
    status: number;
    headers?: Record<string, string>;
    body: JsonValue;
  } {
    if (seen.endpoint === 'token') return this.#token(seen);
    if (seen.endpoint === 'other') return { status: 404, body: PLATFORM_ERRORS[404] };
    if (seen.headers.accept !== 'application/vnd.hmrc.1.0+json')
      return { status: 406, body: PLATFORM_ERRORS[406] };
    const auth = /^Bearer (\S+)$/.exec(seen.headers.authorization ?? '')?.[1];
    const known =
      auth !== undefined &&
      (this.issued.includes(auth) || this.options.staticTokens.includes(auth));
    if (!known || this.revoked.has(auth)) return { status: 401, body: PLATFORM_ERRORS[401] };
    if (seen.endpoint === 'feedback') return { status: 200, body: feedbackExample() };
    const gov = Object.keys(seen.headers).filter((name) => name.startsWith('gov-'));
    return {
      status: 200,
      body: validateExample(gov.length === 0 ? 'noFphHeadersProvided' : 'allFphHeadersValid'),
    };
  }

  #token(seen: SeenRequest): { status: number; body: JsonValue } {
    const form = new URLSearchParams(seen.body);
    if (seen.headers['content-type'] !== 'application/x-www-form-urlencoded')
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'form body expected' },
      };
    if (form.get('grant_type') !== 'client_credentials')
      return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (
      form.get('client_id') !== this.options.clientId ||
      form.get('client_secret') !== this.options.clientSecret
    )
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'invalid client id or secret' },
      };
    const token = randomBytes(16).toString('hex');
    this.issued.push(token);
    return {
      status: 200,
      body: {
        access_token: token,
        token_type: 'bearer',
        expires_in: this.options.expiresIn,
        scope: '',
      },
    };
  }
}
