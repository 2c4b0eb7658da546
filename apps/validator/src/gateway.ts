import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isGovHeaderName, TEST_SCENARIO_HEADER } from '@fph-kit/spec';
import type { Request, Response } from 'express';
import { ServiceError } from './errors.js';
import type { HeaderPairs } from './input.js';
import type { Emit } from './log.js';
import {
  judgeRequest,
  type RecordedRequest,
  type RecordStore,
  type UpstreamOutcome,
} from './store/record-store.js';

/**
 * The sandbox gateway: a request the service does not answer itself is forwarded to the upstream
 * as it came (method, path, query, headers other than hop-by-hop ones, body streamed) and the
 * upstream's answer is returned as it came (status, headers, body streamed). On the way its Gov-*
 * headers are judged (as of its arrival) and recorded for validation feedback, with what the
 * upstream did: the record is committed before the answer is relayed, so an answered request is
 * never missing from the records. A store that cannot record it means 503 STORE_UNAVAILABLE
 * instead of the upstream's answer (the request did reach the upstream).
 */

/** Headers that describe one connection, not the message (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Raw header pairs without hop-by-hop headers (and those the Connection header names). */
function endToEnd(raw: readonly string[], replaceHost?: string): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') {
      for (const token of raw[i + 1]!.split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    if (replaceHost !== undefined && lower === 'host') {
      out.push(name, replaceHost);
      continue;
    }
    out.push(name, raw[i + 1]!);
  }
  return out;
}

/** Whether a header is one the validator judges: a Gov-* header, Gov-Test-Scenario included. */
export function isJudgedHeader(name: string): boolean {
  return isGovHeaderName(name) || name.toLowerCase() === TEST_SCENARIO_HEADER.toLowerCase();
}

/** The Gov-* headers of a request (Gov-Test-Scenario included), as sent. */
export function govHeaderPairs(raw: readonly string[]): HeaderPairs {
  const pairs: HeaderPairs = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (isJudgedHeader(name)) {
      pairs.push([name, raw[i + 1]!]);
    }
  }
  return pairs;
}

export interface GatewayOptions {
  upstream: URL;
  timeoutMs: number;
  store: RecordStore;
  /** Endpoints kept; the least recently called are forgotten first. */
  maxEndpoints: number;
  now: () => number;
  emit: Emit;
}

export interface Gateway {
  /** Forwards the request; calls `fail` with a ServiceError when no answer could be relayed. */
  forward(req: Request, res: Response, fail: (error: ServiceError) => void): void;
  close(): void;
}

/** Paths recorded by nobody: OAuth is not an MTD API and carries no fraud prevention headers. */
function isRecorded(path: string): boolean {
  return !path.startsWith('/oauth/');
}

export function createGateway(options: GatewayOptions): Gateway {
  const { upstream, store, timeoutMs, emit } = options;
  const secure = upstream.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 64 })
    : new HttpAgent({ keepAlive: true, maxSockets: 64 });
  const send = secure ? httpsRequest : httpRequest;
  const prefix = upstream.pathname.replace(/\/+$/, '');
  const where = upstream.origin;

  const storeFailed = (endpoint: string, cause: unknown): void => {
    emit('error', 'store', { endpoint, error: (cause as Error).message });
  };

  return {
    forward(req, res, fail) {
      const target = req.url ?? '/';
      const path = target.split('?', 1)[0]!;
      // Judged as of its arrival; recorded once the upstream has answered (or failed).
      const draft = isRecorded(path)
        ? judgeRequest(req.method ?? 'GET', path, govHeaderPairs(req.rawHeaders), options.now())
        : undefined;
      res.locals.gateway = draft ? { api: draft.api, endpoint: draft.endpoint } : {};
      const record = (outcome: UpstreamOutcome): Promise<RecordedRequest | undefined> =>
        draft ? store.add(draft, options.maxEndpoints, outcome) : Promise.resolve(undefined);

      const outgoing = send(`${where}${prefix}${target}`, {
        method: req.method,
        headers: endToEnd(req.rawHeaders, upstream.host),
        agent,
        timeout: timeoutMs,
      });
      let answered = false;
      const upstreamFailed = (error: ServiceError, detail: string): void => {
        res.locals.gateway.error = detail;
        record({ error: detail })
          .catch((cause: unknown) => storeFailed(draft!.endpoint, cause))
          .finally(() => {
            if (!res.headersSent) fail(error);
            else res.destroy();
          });
      };
      outgoing.on('timeout', () => {
        outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`));
      });
      outgoing.on('error', (cause: NodeJS.ErrnoException) => {
        if (answered) return;
        const timedOut = /^no answer within/.test(cause.message);
        const reason = cause.code ?? cause.message;
        upstreamFailed(
          timedOut
            ? new ServiceError(
                'UPSTREAM_TIMEOUT',
                `the upstream ${where} did not answer within ${timeoutMs} ms`,
                { extensions: { upstream: where } },
              )
            : new ServiceError(
                'UPSTREAM_UNAVAILABLE',
                `the upstream ${where} failed before answering (${reason}); the request was not completed`,
                { extensions: { upstream: where }, cause },
              ),
          timedOut ? 'timeout' : reason,
        );
      });
      outgoing.on('response', (answer: IncomingMessage) => {
        answered = true;
        const status = answer.statusCode ?? 0;
        res.locals.gateway.upstreamStatus = answer.statusCode;
        answer.on('error', () => undefined);
        let entry: RecordedRequest | undefined;
        answer.on('close', () => {
          if (!answer.complete && !res.destroyed) {
            res.locals.gateway.error = 'aborted mid-response';
            res.destroy();
            // Best effort: the answer was cut off, so nothing was promised.
            if (entry) {
              store
                .settle(entry, { error: 'upstream closed the connection mid-response' })
                .catch((cause: unknown) => storeFailed(entry!.endpoint, cause));
            }
          }
        });
        record({ status }).then(
          (recorded) => {
            entry = recorded;
            if (res.destroyed) {
              answer.destroy();
              return;
            }
            res.sendDate = false;
            res.writeHead(
              answer.statusCode ?? 502,
              answer.statusMessage ?? '',
              endToEnd(answer.rawHeaders),
            );
            answer.pipe(res);
          },
          (cause: ServiceError) => {
            answer.destroy();
            res.locals.gateway.error = 'not recorded';
            fail(
              new ServiceError(
                'STORE_UNAVAILABLE',
                `${cause.message}; the upstream answered ${status}, but an answer that is not recorded is not passed on`,
                { cause, extensions: { upstreamStatus: status } },
              ),
            );
          },
        );
      });
      // The client went away: stop the upstream request too.
      res.on('close', () => {
        if (!res.writableFinished) outgoing.destroy();
      });
      req.pipe(outgoing);
      req.on('error', () => outgoing.destroy());
    },
    close() {
      agent.destroy();
    },
  };
}
