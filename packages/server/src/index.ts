export {
  type Assembler,
  type AssemblyResult,
  type ClientEndpoint,
  createAssembler,
  type ResolvedHop,
  type VendorValues,
} from './assembler.js';
export { AssemblerError, type AssemblerErrorCode, isAssemblerError } from './errors.js';
export { withFphHeaders } from './fetch.js';
export { CLIENT_ADDRESS_SOURCES, type ClientAddressSource } from './forwarding.js';
export {
  createFphMiddleware,
  type FphLogger,
  type FphMiddlewareOptions,
  type FphRequestContext,
} from './middleware.js';
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
export type { AssemblyProblem, AssemblyProblemCode } from './problems.js';
export {
  CLIENT_HEADER_NAMES,
  CLIENT_PAYLOAD_SCHEMA,
  CLIENT_VALUE_LIMITS,
  MAX_CLIENT_JSON_LENGTH,
  MAX_CLIENT_NAMES,
} from './schema.js';
