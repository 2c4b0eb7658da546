import type { Context, MiddlewareHandler } from 'hono';
import type { FphMiddlewareOptions, FphRequestContext } from './context.js';
import { createFphFetch, type FetchPeer } from './fetch.js';

export type { FetchPeer, FphRequestContext };

/** The variables the middleware sets: `c.get('fph')`, `c.var.fph`. */
export interface FphHonoEnv {
  Variables: { fph: FphRequestContext };
}

export interface FphHonoOptions extends FphMiddlewareOptions {
  /**
   * The TCP peer of a request. Default: read from the runtime's server (`@hono/node-server`,
   * Bun, Deno); elsewhere give it, e.g. with Hono's `getConnInfo(c).remote`.
   */
  peer?: (c: Context) => FetchPeer;
}

interface RuntimeEnv {
  incoming?: { socket?: { remoteAddress?: string; remotePort?: number } };
  requestIP?: (request: Request) => { address: string; port: number } | null;
  remoteAddr?: { hostname?: string; port?: number };
}

/** The peer as @hono/node-server, Bun or Deno give it in `c.env`. */
function runtimePeer(c: Context): FetchPeer {
  const env = c.env as RuntimeEnv | undefined;
  const socket = env?.incoming?.socket;
  if (socket) return { address: socket.remoteAddress, port: socket.remotePort };
  if (typeof env?.requestIP === 'function') {
    const info = env.requestIP(c.req.raw);
    return { address: info?.address, port: info?.port };
  }
  return { address: env?.remoteAddr?.hostname, port: env?.remoteAddr?.port };
}

/** The parsed body, when it is JSON or a form: Hono keeps it for the handler to read again. */
async function parsedBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  try {
    if (type.startsWith('application/json')) return await c.req.json();
    if (type.startsWith('application/x-www-form-urlencoded')) return await c.req.parseBody();
  } catch {
    // A body that does not parse is the handler's to refuse; it carries no client values.
  }
  return undefined;
}

/**
 * Hono middleware: `app.use('/api/*', createFphHonoMiddleware(options))` gives each request
 * `c.get('fph')`. A JSON or form body is parsed (Hono keeps it for the handler) to read the
 * `fph_client` field. Trust comes from `proxies`. Throws {@link AssemblerError}
 * `INVALID_OPTIONS` for unusable options.
 */
export function createFphHonoMiddleware(options: FphHonoOptions): MiddlewareHandler<FphHonoEnv> {
  const { peer: peerOption, ...rest } = options ?? ({} as FphHonoOptions);
  const assemble = createFphFetch(rest);
  const peerOf = peerOption ?? runtimePeer;
  return async (c, next) => {
    const receivedAt = Date.now();
    let peer: FetchPeer;
    try {
      peer = peerOf(c);
    } catch {
      peer = { address: undefined };
    }
    const hasBody = c.req.raw.body !== null;
    const body = hasBody ? await parsedBody(c) : undefined;
    c.set('fph', await assemble(c.req.raw, peer, { receivedAt, body }));
    await next();
  };
}
