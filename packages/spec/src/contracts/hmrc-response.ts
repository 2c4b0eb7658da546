/**
 * The bodies HMRC's Test Fraud Prevention Headers API answers with (OpenAPI document
 * `txm-fph-validator-api-1.0.yaml`), as fph-kit's validator produces them and as the HMRC client
 * receives them. The document's shapes, with the deviations HMRC is seen to make: EMPTY_HEADER and
 * MISSING_HEADER among `warnings` (severity is per header), `errors`/`warnings` left out of a
 * validate answer when empty, and validation-feedback lists left out when empty (the `Received*`
 * types). Each code list is data; its type derives from it.
 */

/** Overall verdicts of `GET /test/fraud-prevention-headers/validate`. */
export const REPORT_CODES = [
  'VALID_HEADERS',
  'INVALID_HEADERS',
  'POTENTIALLY_INVALID_HEADERS',
] as const;
export type ReportCode = (typeof REPORT_CODES)[number];

/** Codes of entries in a report's `errors`: the document's list. */
export const ERROR_ISSUE_CODES = [
  'INVALID_HEADER',
  'INVALID_HEADERS',
  'MISSING_HEADER',
  'EMPTY_HEADER',
] as const;
export type ErrorIssueCode = (typeof ERROR_ISSUE_CODES)[number];

/**
 * Codes of entries in a report's `warnings`. The document lists the first two; HMRC also puts
 * EMPTY_HEADER and MISSING_HEADER there for headers whose absence is only a warning (Multi-Factor,
 * License-IDs).
 */
export const WARNING_ISSUE_CODES = [
  'POTENTIALLY_INVALID_HEADER',
  'UNEXPECTED_HEADER',
  'EMPTY_HEADER',
  'MISSING_HEADER',
] as const;
export type WarningIssueCode = (typeof WARNING_ISSUE_CODES)[number];

/** Codes of one issue in a report, in `errors` or `warnings`. */
export type IssueCode = ErrorIssueCode | WarningIssueCode;

/** One entry of a report's `errors` or `warnings`: header names are lower case. */
export interface ReportIssue<Code extends string = IssueCode> {
  code: Code;
  message: string;
  headers: string[];
}

/**
 * Exactly the JSON of a 200 answer from the validate endpoint. `errors` and `warnings` are left out
 * when empty. Built in HMRC's key order, `JSON.stringify(report)` is byte for byte HMRC's body.
 */
export interface ValidationReport {
  specVersion: string;
  code: ReportCode;
  message: string;
  errors?: ReportIssue<ErrorIssueCode>[];
  warnings?: ReportIssue<WarningIssueCode>[];
}

/** Verdicts for one header of a request in validation feedback. */
export const FEEDBACK_HEADER_CODES = [
  'VALID_HEADER',
  'INVALID_HEADER',
  'POTENTIALLY_INVALID_HEADER',
  'MISSING_HEADER',
  'UNEXPECTED_HEADER',
  'TEST_SCENARIO_HEADER',
] as const;
export type FeedbackHeaderCode = (typeof FEEDBACK_HEADER_CODES)[number];

/** Verdicts for one request in validation feedback. */
export const FEEDBACK_REQUEST_CODES = [
  'VALID_HEADERS',
  'INVALID_HEADERS',
  'POTENTIALLY_INVALID_HEADERS',
  'NO_HEADERS',
] as const;
export type FeedbackRequestCode = (typeof FEEDBACK_REQUEST_CODES)[number];

/** Verdicts of a cross-header check in validation feedback. */
export const CROSS_VALIDATION_CODES = ['VALID_HEADERS', 'INVALID_HEADERS'] as const;
export type CrossValidationCode = (typeof CROSS_VALIDATION_CODES)[number];

/** One header of a request in validation feedback. */
export interface FeedbackHeader {
  /** Lower-case header name. */
  header: string;
  /** The value as submitted; absent for a missing header. */
  value?: string;
  code: FeedbackHeaderCode;
  errors: string[];
  warnings: string[];
}

/** One cross-header check of a request in validation feedback. */
export interface FeedbackCrossValidation {
  headers: string[];
  code: CrossValidationCode;
  errors: string[];
}

/** One element of `requests`: the latest request to one endpoint of the API asked about. */
export interface FeedbackRequest {
  path: string;
  method: string;
  requestTimestamp: string;
  code: FeedbackRequestCode;
  headers: FeedbackHeader[];
  crossValidation: FeedbackCrossValidation[];
}

/** Body of a 200 answer from `GET /test/fraud-prevention-headers/{api}/validation-feedback`. */
export interface FeedbackResponse {
  requests: FeedbackRequest[];
}

/** A {@link FeedbackHeader} as received: HMRC may leave its lists out when empty. */
export interface ReceivedFeedbackHeader extends Omit<FeedbackHeader, 'errors' | 'warnings'> {
  errors?: string[];
  warnings?: string[];
}

/** A {@link FeedbackCrossValidation} as received: HMRC may leave its lists out when empty. */
export interface ReceivedCrossValidation
  extends Omit<FeedbackCrossValidation, 'headers' | 'errors'> {
  headers?: string[];
  errors?: string[];
}

/** A {@link FeedbackRequest} as received: HMRC may leave its lists out when empty. */
export interface ReceivedFeedbackRequest
  extends Omit<FeedbackRequest, 'headers' | 'crossValidation'> {
  headers?: ReceivedFeedbackHeader[];
  crossValidation?: ReceivedCrossValidation[];
}

/** A {@link FeedbackResponse} as received (the `requests` list itself is always there). */
export interface ReceivedFeedbackResponse {
  requests: ReceivedFeedbackRequest[];
}
