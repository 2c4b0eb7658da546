export {
  type ApiIdentifier,
  type BearerTokenOptions,
  type BearerTokenSource,
  type ClientCredentialsOptions,
  createTestApiClient,
  type FeedbackResult,
  HMRC_ACCEPT,
  type HmrcLogEvent,
  type HmrcLogger,
  type HmrcResult,
  isApiIdentifier,
  SANDBOX_BASE_URL,
  type TestApiCallOptions,
  type TestApiClient,
  type TestApiClientBaseOptions,
  type TestApiClientOptions,
  type ValidateResult,
  type ValidationFeedbackOptions,
} from './client.js';
export { type Clock, systemClock } from './clock.js';
export {
  deprecationWarnings,
  type HmrcResponseWarning,
  type HmrcResponseWarningCode,
} from './deprecation.js';
export { HMRC_ENV, testApiClientOptionsFromEnv } from './env.js';
export {
  HMRC_CLIENT_CODES,
  HMRC_PLATFORM_CODES,
  type HmrcClientCode,
  HmrcError,
  type HmrcErrorCode,
  type HmrcErrorDetails,
  type HmrcOperation,
  type HmrcPlatformCode,
  isHmrcError,
} from './errors.js';
export type { FetchLike } from './http.js';
export type { JsonObject, JsonValue } from './json.js';
export { API_IDENTIFIERS, HMRC_OPENAPI_DOCUMENT } from './openapi.generated.js';
export {
  type AcquireOptions,
  createRateLimiter,
  type RateLimiter,
  type RateLimitOptions,
} from './rate-limiter.js';
export { parseRetryAfter, type RetryOptions } from './retry.js';
export {
  checkFeedbackResponse,
  checkValidateResponse,
  type ResponseKind,
  responseSchema,
  type SchemaCheck,
  type SchemaIssue,
  type SchemaLevel,
} from './schemas.js';
export type {
  HmrcCrossValidation,
  HmrcErrorIssueCode,
  HmrcFeedbackHeader,
  HmrcFeedbackHeaderCode,
  HmrcFeedbackRequest,
  HmrcFeedbackRequestCode,
  HmrcFeedbackResponse,
  HmrcIssue,
  HmrcOverallCode,
  HmrcValidateResponse,
  HmrcWarningIssueCode,
} from './types.js';
