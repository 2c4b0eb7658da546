import type { IncomingMessage } from 'node:http';
import {
  type AdapterFacts,
  createCore,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './context.js';
import type { FrameworkTrust } from './trust.js';

export type { FphMiddlewareOptions, FphRequestContext };

/**
 * What the middleware reads of Koa's context: typed here, so that no `@types/koa` is needed;
 * Koa's own context (with or without `@types/koa`) fits it.
 */
export interface KoaContextLike {
  req: IncomingMessage;
  /** `request.body` as a body parser (`@koa/bodyparser`) sets it. */
  request: { body?: unknown };
  state: object;
  app: { proxy?: boolean; maxIpsCount?: number; proxyIPHeader?: string };
}

/** `ctx.state.fph`, for typing Koa's state: `new Koa<FphKoaState>()`. */
export interface FphKoaState {
  fph: FphRequestContext;
}

export type FphKoaMiddleware = (ctx: KoaContextLike, next: () => Promise<unknown>) => Promise<void>;

const SETTING = "Koa's app.proxy and app.maxIpsCount settings";

function trustAll(): boolean {
  return true;
}

/**
 * Koa's own trust, as `ctx.ip` follows it: none without `app.proxy`; with it, the last
 * `maxIpsCount` X-Forwarded-For entries, or all of them when that is 0. Another
 * `proxyIPHeader` is not followed (give `proxies` for it).
 */
function koaTrust(app: KoaContextLike['app']): FrameworkTrust | undefined {
  if (!app.proxy) return 0;
  const header = (app.proxyIPHeader ?? 'X-Forwarded-For').toLowerCase();
  if (header !== 'x-forwarded-for') return undefined;
  const count = app.maxIpsCount ?? 0;
  return count > 0 ? count : trustAll;
}

class KoaFacts implements AdapterFacts {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly proxyTrust: FrameworkTrust | undefined;
  readonly proxyTrustSetting = SETTING;
  constructor(
    private readonly ctx: KoaContextLike,
    readonly receivedAt: number,
  ) {
    const socket = ctx.req.socket;
    this.remoteAddress = socket?.remoteAddress;
    this.remotePort = socket?.remotePort;
    this.headers = ctx.req.headers;
    this.proxyTrust = koaTrust(ctx.app);
  }

  get body(): unknown {
    return this.ctx.request.body;
  }
}

/**
 * Koa middleware (Koa 2 and 3): `app.use(createFphKoaMiddleware(options))` gives each request
 * `ctx.state.fph`. Without `proxies.trusted` it follows Koa's `app.proxy` and `maxIpsCount`, so
 * Gov-Client-Public-IP is `ctx.ip`'s address. Errors of later middleware pass through as Koa
 * expects. Throws {@link AssemblerError} `INVALID_OPTIONS` for unusable options.
 */
export function createFphKoaMiddleware(options: FphMiddlewareOptions): FphKoaMiddleware {
  const core = createCore(options);
  return async (ctx, next) => {
    const receivedAt = Date.now();
    let context: FphRequestContext | Promise<FphRequestContext>;
    try {
      context = core.begin(new KoaFacts(ctx, receivedAt));
    } catch (error) {
      context = core.failed(receivedAt, error);
    }
    (ctx.state as FphKoaState).fph = await context;
    await next();
  };
}
