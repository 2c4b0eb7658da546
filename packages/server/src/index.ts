// Contracts of @fph-kit/spec the server's users need: the client payload and the note shape.
export {
  CLIENT_HEADER_NAMES,
  CLIENT_PAYLOAD_SCHEMA,
  CLIENT_VALUE_LIMITS,
  type ClientPayloadHeaders,
  type CollectionNote,
  MAX_CLIENT_JSON_LENGTH,
  MAX_CLIENT_NAMES,
} from '@fph-kit/spec';
export {
  type Assembler,
  type AssemblyResult,
  type ClientEndpoint,
  createAssembler,
  type ResolvedHop,
  type VendorValues,
} from './assembler.js';
export {
  ASSEMBLER_ERROR_CODES,
  AssemblerError,
  type AssemblerErrorCode,
  isAssemblerError,
} from './errors.js';
export {
  createFphMiddleware,
  type FphLogger,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './express.js';
export {
  createFphFetch,
  type FetchExtras,
  type FetchPeer,
  type FphFetch,
} from './fetch.js';
export { withFphHeaders } from './fetch-init.js';
export { CLIENT_ADDRESS_SOURCES, type ClientAddressSource } from './forwarding.js';
export { createFphNodeHandler, type FphNodeHandler } from './node.js';
export {
  type AddressResolver,
  type AddressSource,
  type AssemblerOptions,
  type ProxyOptions,
  type RequestFacts,
  type TlsHop,
  VIA_SERVER_METHODS,
  type ViaServerMethod,
} from './options.js';
export { ASSEMBLY_PROBLEM_CODES, type AssemblyProblemCode } from './problems.js';
export type { FrameworkTrust, ProxyTrustFunction } from './trust.js';
