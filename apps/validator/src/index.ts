export { API_BASE_PATHS, apiForPath, endpointPath } from './api-paths.js';
export { compareReports, type Disagreement } from './compare.js';
export {
  HMRC_ERROR_STATUS,
  isServiceError,
  PROBLEMS,
  type ProblemBody,
  ServiceError,
  type ServiceErrorCode,
  type ServiceErrorDetails,
} from './errors.js';
export type { Evidence, EvidenceEndpoint } from './evidence.js';
export type { LogRecord, LogSink } from './log.js';
export type { RecordedRequest } from './recorder.js';
export {
  createValidatorService,
  DEFAULT_LIMITS,
  type ListeningAddress,
  type ServiceLimits,
  type ValidatorService,
  type ValidatorServiceOptions,
} from './service.js';
