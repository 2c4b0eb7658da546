import type { TestApiClient } from '@fph-kit/hmrc';
import { SANDBOX_BASE_URL } from '@fph-kit/hmrc';
import express, { type Express } from 'express';
import { createAccess } from './access.js';
import { accessLog } from './access-log.js';
import { loadAssets } from './assets.js';
import { createGateway, type Gateway } from './gateway.js';
import { createHttpServer, type ListeningAddress } from './http-server.js';
import { createEmit } from './log.js';
import { allowedHostsFor, requestGuards } from './request-guards.js';
import { startRetention } from './retention.js';
import { mountRoutes } from './routes.js';
import {
  readVersion,
  resolveHmrc,
  resolveLimits,
  resolvePort,
  resolveRetainDays,
  upstreamUrl,
  type ValidatorServiceOptions,
} from './service-options.js';
import { createMemoryStore } from './store/memory-store.js';
import type { RecordStore } from './store/record-store.js';

export type { ListeningAddress } from './http-server.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_RETAIN_DAYS,
  MAX_RETAIN_DAYS,
  type ServiceLimits,
  type ValidatorServiceOptions,
} from './service-options.js';

export interface ValidatorService {
  /** The Express application (mountable elsewhere; limits on header bytes then are the server's). */
  readonly app: Express;
  /** Applies retention, then starts listening; rejects with PORT_IN_USE or LISTEN_FAILED. */
  listen(): Promise<ListeningAddress>;
  /**
   * Stops accepting, lets requests in progress finish (up to `graceMs`), then closes, the record
   * store included.
   */
  close(graceMs?: number): Promise<void>;
  /** Where it listens, once listening. */
  readonly address: ListeningAddress | undefined;
  /** The gateway's upstream, when the gateway is on. */
  readonly upstream: string | undefined;
  /** Whether `/v1/compare` can reach HMRC. */
  readonly hmrcEnabled: boolean;
  /** Where the gateway's records are kept. */
  readonly store: RecordStore;
  /** Whether the record endpoints need the service token. */
  readonly tokenRequired: boolean;
}

/**
 * The validator service: HMRC's Test API endpoints answered offline, the `/v1` JSON API, the web
 * page, the evidence export and the sandbox gateway. Throws INVALID_OPTIONS.
 */
export function createValidatorService(options: ValidatorServiceOptions = {}): ValidatorService {
  const limits = resolveLimits(options.limits);
  const now = options.now ?? Date.now;
  const emit = createEmit(options.log, now);
  const port = resolvePort(options.port);
  const host = options.host ?? '127.0.0.1';
  const access = createAccess(host, options.token);
  const retainDays = resolveRetainDays(options.retainDays);
  const hmrc: TestApiClient | undefined = resolveHmrc(options.hmrc, emit);
  const store = options.store ?? createMemoryStore();
  const upstream =
    options.upstream === false ? undefined : upstreamUrl(options.upstream ?? SANDBOX_BASE_URL);
  const upstreamText = upstream?.href.replace(/\/$/, '');
  const gateway: Gateway | undefined = upstream
    ? createGateway({
        upstream,
        timeoutMs: limits.upstreamTimeoutMs,
        store,
        maxEndpoints: limits.recordedEndpoints,
        now,
        emit,
      })
    : undefined;
  const assets = loadAssets(
    options.browserBundle === undefined ? {} : { browserBundle: options.browserBundle },
  );

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('case sensitive routing', true);
  // One log line per request, and the header limits, before anything else.
  app.use(accessLog(emit));
  app.use(requestGuards(allowedHostsFor(host, options.allowedHosts), limits));
  mountRoutes(app, {
    now,
    version: readVersion(),
    limits,
    hmrc,
    store,
    access,
    gateway,
    upstreamText,
    assets,
    emit,
  });

  const server = createHttpServer({ app, host, port, limits, emit });
  let stopRetention: (() => void) | undefined;
  return {
    app,
    get address() {
      return server.address;
    },
    upstream: upstreamText,
    hmrcEnabled: hmrc !== undefined,
    store,
    tokenRequired: access.required,
    async listen() {
      stopRetention ??= await startRetention({ store, retainDays, now, emit });
      const listening = await server.listen();
      // Logged after the caller has had its turn (fph serve prints where it listens first).
      setImmediate(() =>
        emit('info', 'listen', {
          url: listening.url,
          upstream: upstreamText ?? null,
          hmrc: hmrc !== undefined,
          store: store.kind,
        }),
      );
      return listening;
    },
    async close(graceMs = 5000) {
      await server.close(graceMs);
      stopRetention?.();
      stopRetention = undefined;
      gateway?.close();
      await store.close();
    },
  };
}
