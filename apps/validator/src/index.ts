export { compareReports, type Disagreement } from '@fph-kit/hmrc';
export { checkServiceToken, MIN_TOKEN_LENGTH } from './access.js';
export { API_BASE_PATHS, apiForPath, endpointPath } from './api-paths.js';
export {
  HMRC_ERROR_STATUS,
  isServiceError,
  PROBLEMS,
  type ProblemBody,
  ServiceError,
  type ServiceErrorCode,
  type ServiceErrorDetails,
} from './errors.js';
export type { Evidence, EvidenceEndpoint, EvidenceRequest } from './evidence.js';
export type { LogRecord, LogSink } from './log.js';
export { isLoopbackHost } from './request-guards.js';
export {
  createValidatorService,
  DEFAULT_LIMITS,
  DEFAULT_RETAIN_DAYS,
  type ListeningAddress,
  MAX_RETAIN_DAYS,
  type ServiceLimits,
  type ValidatorService,
  type ValidatorServiceOptions,
} from './service.js';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store.js';
export {
  defaultDataDir,
  openRecordStore,
  type RecordStoreOptions,
} from './store/open-store.js';
export { displayDatabaseUrl, type PostgresStoreOptions } from './store/postgres-store.js';
export type {
  EndpointKey,
  LatestFilter,
  NewRecord,
  RecordedRequest,
  RecordStore,
  StoreKind,
  UpstreamOutcome,
} from './store/record-store.js';
export { SQLITE_FILE } from './store/sqlite-store.js';
