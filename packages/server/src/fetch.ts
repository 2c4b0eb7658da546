import {
  type AdapterFacts,
  createCore,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './context.js';
import type { FrameworkTrust } from './trust.js';

/** The TCP peer of a request: the address and port the connection came from. */
export interface FetchPeer {
  address: string | undefined;
  port?: number | undefined;
}

/** Per-request extras for the Fetch-standard core. */
export interface FetchExtras {
  /**
   * The parsed body, when the client sends its values in the `fph_client` field (a JSON body
   * property or a form field). A Fetch `Request` body can be read once, so pass what you parsed.
   */
  body?: unknown;
  /** When the request arrived; default: now. */
  receivedAt?: Date | number;
  /** A framework's own proxy trust for this request (see `RequestFacts.proxyTrust`). */
  proxyTrust?: FrameworkTrust | undefined;
  /** The name of that setting, for problem messages. */
  proxyTrustSetting?: string | undefined;
}

/**
 * Assembles the header set for one WHATWG `Request` and the peer it came from. Resolves to the
 * request's context (`headers()`, `problems`, `result()`, `fetchInit()`); never rejects.
 */
export type FphFetch = (
  request: Request,
  peer: FetchPeer,
  extras?: FetchExtras,
) => Promise<FphRequestContext>;

function arrival(value: Date | number | undefined): number {
  if (value === undefined) return Date.now();
  return value instanceof Date ? value.getTime() : value;
}

/**
 * The Fetch-standard core, for runtimes and frameworks built on WHATWG `Request` (Hono, Next.js
 * route handlers, Remix, Bun, Deno): checks the options once and returns the function that
 * assembles each request. Trust comes from `proxies` (a Fetch `Request` carries no framework
 * setting). Throws {@link AssemblerError} `INVALID_OPTIONS` for unusable options.
 */
export function createFphFetch(options: FphMiddlewareOptions): FphFetch {
  const core = createCore(options);
  return async (request, peer, extras) => {
    const receivedAt = arrival(extras?.receivedAt);
    let facts: AdapterFacts;
    try {
      facts = {
        remoteAddress: peer?.address,
        remotePort: peer?.port,
        headers: request.headers,
        receivedAt,
        body: extras?.body,
        proxyTrust: extras?.proxyTrust,
        proxyTrustSetting: extras?.proxyTrustSetting,
      };
    } catch (error) {
      return core.failed(Number.isFinite(receivedAt) ? receivedAt : Date.now(), error);
    }
    return core.begin(facts);
  };
}
