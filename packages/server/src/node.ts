import type { IncomingMessage } from 'node:http';
import {
  type AdapterFacts,
  createCore,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './context.js';

/**
 * Assembles the header set for one `node:http` request. `body` is the parsed body when the
 * client sends its values in the `fph_client` field. Resolves to the request's context; never
 * rejects.
 */
export type FphNodeHandler = (req: IncomingMessage, body?: unknown) => Promise<FphRequestContext>;

/** The request's facts as the connection and headers give them. */
class NodeFacts implements AdapterFacts {
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly headers: IncomingMessage['headers'];
  constructor(
    req: IncomingMessage,
    readonly receivedAt: number,
    readonly body: unknown,
  ) {
    this.remoteAddress = req.socket?.remoteAddress;
    this.remotePort = req.socket?.remotePort;
    this.headers = req.headers;
  }
}

/**
 * The `node:http` adapter: the same core as the Fetch one, given Node's request as it is (no
 * conversion to a Fetch `Request`). Trust comes from `proxies`. Throws {@link AssemblerError}
 * `INVALID_OPTIONS` for unusable options.
 */
export function createFphNodeHandler(options: FphMiddlewareOptions): FphNodeHandler {
  const core = createCore(options);
  return async (req, body) => {
    const receivedAt = Date.now();
    let facts: NodeFacts;
    try {
      facts = new NodeFacts(req, receivedAt, body);
    } catch (error) {
      return core.failed(receivedAt, error);
    }
    return core.begin(facts);
  };
}
