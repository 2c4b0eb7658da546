import type { HeaderInput, KeyValueInput } from '@fph-kit/spec';
import type { ClientAddressSource } from './forwarding.js';
import type { FrameworkTrust } from './trust.js';

/** The connection methods in which a vendor's server assembles the headers. */
export type ViaServerMethod =
  | 'WEB_APP_VIA_SERVER'
  | 'DESKTOP_APP_VIA_SERVER'
  | 'MOBILE_APP_VIA_SERVER'
  | 'OTHER_VIA_SERVER';

export const VIA_SERVER_METHODS: readonly ViaServerMethod[] = [
  'WEB_APP_VIA_SERVER',
  'DESKTOP_APP_VIA_SERVER',
  'MOBILE_APP_VIA_SERVER',
  'OTHER_VIA_SERVER',
];

/** The facts of one incoming request, captured when it arrives. */
export interface RequestFacts {
  /** The TCP peer's address (`req.socket.remoteAddress`). */
  remoteAddress: string | undefined;
  /** The TCP peer's port (`req.socket.remotePort`). */
  remotePort: number | undefined;
  /** The request's headers in any shape (Node's `req.headers`, a Fetch `Headers`, pairs). */
  headers: HeaderInput;
  /** When the request arrived: Gov-Client-Public-IP-Timestamp. A Date or epoch milliseconds. */
  receivedAt: Date | number;
  /**
   * The parsed request body, when the client sends its values in the `fph_client` field (a form
   * field or a JSON body property). Read when the headers are assembled, not before.
   */
  body?: unknown;
  /**
   * The web framework's own proxy trust, followed when the options give neither
   * `proxies.trusted` nor `proxies.clientAddress`: a trust function as proxy-addr compiles it
   * (Express's `app.get('trust proxy fn')`), or how many `X-Forwarded-For` entries the framework
   * walked for this request. The framework adapters set it; the client address found is then the
   * framework's own `req.ip`.
   */
  proxyTrust?: FrameworkTrust | undefined;
  /** The name of that setting, for problem messages (`"Express's trust proxy setting"`). */
  proxyTrustSetting?: string | undefined;
  /**
   * Stands for the framework's trust setting when `proxyTrust` changes per request (a hop
   * count): clients are then remembered per key, and `proxyTrust` is read only for a client not
   * seen before. Default: `proxyTrust` itself.
   */
  proxyTrustKey?: object | undefined;
}

/**
 * Gives an address for one request: the vendor's public IP, or a hop's. It may read the request
 * (a header your own edge sets) and may be async; it should cache what it looks up.
 */
export type AddressResolver = (request: RequestFacts) => string | Promise<string>;

/** A fixed address or a resolver. */
export type AddressSource = string | AddressResolver;

/** A TLS-terminating service after the first, on the way from the client to this server. */
export interface TlsHop {
  /** The public IP address this service receives requests on (the hop's `by`). */
  publicIp: AddressSource;
  /**
   * The public IP address of the sender on this hop (the hop's `for`). Default: the previous
   * hop's `by`, as in HMRC's example. `'chain'`: the address this hop saw the previous one
   * connect from, read from the forwarding chain (the n-th entry right of the client's, for the
   * n-th further hop); use it when the previous service sends from addresses of its own, as a CDN
   * does.
   */
  sender?: AddressSource | 'chain';
}

/** How requests reach this server, and which proxies are believed. */
export interface ProxyOptions {
  /**
   * Peers whose forwarding headers are believed: CIDRs (`10.0.0.0/8`, `2600:9000::/28`), single
   * addresses, or the keywords `loopback`, `private`, `linklocal` (evaluated with proxy-addr, as
   * Express and Fastify do). A request from any other peer is taken to come from the client
   * itself; its forwarding headers are ignored and reported. Without it (and without
   * `clientAddress`), the framework adapters follow the framework's own proxy trust (Express's
   * `trust proxy`, Fastify's `trustProxy`); `createAssembler` alone then uses the connection.
   */
  trusted?: readonly string[];
  /** Where the client's address and port come from. Default `'socket'`. */
  clientAddress?: ClientAddressSource;
  /**
   * A header holding the client's source port, written by the trusted proxy that accepts the
   * client's connection, for sources that give none (Cloudflare: a Request Header Transform Rule
   * setting it from `cf.edge.client_port`; nginx: `proxy_set_header X-Client-Port $remote_port`).
   */
  clientPortHeader?: string;
  /**
   * The TLS-terminating services after the first one (whose public IP is `vendorPublicIp`), in
   * the order requests pass through them; one Gov-Vendor-Forwarded hop each.
   */
  tlsHops?: readonly TlsHop[];
}

export interface AssemblerOptions {
  /** One of the via-server connection methods. */
  connectionMethod: ViaServerMethod;
  /** The product name marketed to end users (Gov-Vendor-Product-Name), e.g. `'Acme Tax'`. */
  productName: string;
  /** The server's own software versions, e.g. `{ 'acme-api': '3.8.0' }` (Gov-Vendor-Version). */
  versions: KeyValueInput;
  /**
   * Licence keys by software name; only their SHA-256 hashes are sent (Gov-Vendor-License-IDs).
   * Without it the header is left out, which HMRC answers with a warning.
   */
  licenseKeys?: KeyValueInput;
  /**
   * The public IP address the client sends its requests to: what your DNS name resolves to (your
   * load balancer, CDN or WAF). A fixed address, or a resolver for addresses that change. Never
   * taken from the client.
   */
  vendorPublicIp: AddressSource;
  proxies?: ProxyOptions;
  /**
   * Client software names that may contribute a Gov-Vendor-Version pair (the front end's, the
   * desktop or mobile app's). Client pairs for any other name are dropped and reported.
   */
  clientVersions?: readonly string[];
  /** How long a resolver may take before its value is given up for the request. Default 2000 ms. */
  resolverTimeoutMs?: number;
}
