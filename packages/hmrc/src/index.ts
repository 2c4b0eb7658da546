export {
  type ApiIdentifier,
  createTestApiClient,
  type FeedbackResult,
  HMRC_ACCEPT,
  type HmrcResult,
  isApiIdentifier,
  type TestApiClient,
  type ValidateResult,
} from './client.js';
export {
  type BearerTokenOptions,
  type BearerTokenSource,
  type ClientCredentialsOptions,
  SANDBOX_BASE_URL,
  type TestApiCallOptions,
  type TestApiClientBaseOptions,
  type TestApiClientOptions,
  type ValidationFeedbackOptions,
} from './client-options.js';
export { type Clock, systemClock } from './clock.js';
export {
  compareReports,
  compareWithHmrc,
  type Disagreement,
  type HmrcComparison,
  type HmrcSide,
} from './compare.js';
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
export { isSentToTestApi } from './gov-headers.js';
export type { FetchLike } from './http.js';
export type { JsonObject, JsonValue } from './json.js';
export type { HmrcLogEvent, HmrcLogger } from './log.js';
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
