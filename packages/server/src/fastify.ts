import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  type AdapterFacts,
  createCore,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './context.js';

export type { FphMiddlewareOptions, FphRequestContext };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by @fph-kit/server's Fastify plugin on every request of the scope it is registered in. */
    fph: FphRequestContext;
  }
}

const SETTING = "Fastify's trustProxy option";

/** Fastify's own options to `register`, which are not the plugin's. */
const REGISTER_OPTIONS = new Set(['prefix', 'logLevel', 'logSerializers']);

/** The request's facts; the body and Fastify's trust are read when the set is assembled. */
class FastifyFacts implements AdapterFacts {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: FastifyRequest['headers'];
  readonly proxyTrustSetting = SETTING;
  constructor(
    private readonly request: FastifyRequest,
    readonly receivedAt: number,
    /** One per registration: Fastify's trustProxy is fixed for the instance. */
    readonly proxyTrustKey: object,
  ) {
    const socket = request.raw.socket;
    this.remoteAddress = socket?.remoteAddress;
    this.remotePort = socket?.remotePort;
    this.headers = request.headers;
  }

  get body(): unknown {
    return this.request.body;
  }

  /**
   * How many X-Forwarded-For entries Fastify's `trustProxy` walked for this request: the client
   * found is then `request.ip`. Without `trustProxy`, none.
   */
  get proxyTrust(): number {
    const ips: unknown = this.request.ips;
    return Array.isArray(ips) ? ips.length - 1 : 0;
  }
}

const plugin: FastifyPluginCallback<FphMiddlewareOptions> = (fastify, options, done) => {
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {}))
    if (!REGISTER_OPTIONS.has(key)) own[key] = value;
  const core = createCore(own as unknown as FphMiddlewareOptions);
  const trustKey = {};
  fastify.decorateRequest('fph', null as unknown as FphRequestContext);
  fastify.addHook('onRequest', (request, _reply, next) => {
    const receivedAt = Date.now();
    let context: FphRequestContext | Promise<FphRequestContext>;
    try {
      context = core.begin(new FastifyFacts(request, receivedAt, trustKey));
    } catch (error) {
      context = core.failed(receivedAt, error);
    }
    if (!(context instanceof Promise)) {
      request.fph = context;
      next();
      return;
    }
    context.then((resolved) => {
      request.fph = resolved;
      next();
    });
  });
  done();
};

/**
 * The Fastify plugin (Fastify 5): `app.register(fphPlugin, options)` gives every request
 * `request.fph`. Without `proxies.trusted` it follows Fastify's `trustProxy`, so
 * Gov-Client-Public-IP is `request.ip`'s address. Registering fails with {@link AssemblerError}
 * `INVALID_OPTIONS` for unusable options.
 */
export const fphPlugin: FastifyPluginCallback<FphMiddlewareOptions> = fp(plugin, {
  fastify: '5.x',
  name: '@fph-kit/server',
});
