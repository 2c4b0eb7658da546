/**
 * Response bodies of HMRC's Test Fraud Prevention Headers API, typed after the OpenAPI document
 * (txm-fph-validator-api-1.0.yaml) with the deviations HMRC is known to make: EMPTY_HEADER and
 * MISSING_HEADER among warnings, and arrays left out when they would be empty.
 */

/** Overall verdict of `GET /test/fraud-prevention-headers/validate`. */
export type HmrcOverallCode = 'VALID_HEADERS' | 'INVALID_HEADERS' | 'POTENTIALLY_INVALID_HEADERS';

/** Codes of entries in `errors`. */
export type HmrcErrorIssueCode =
  | 'INVALID_HEADER'
  | 'INVALID_HEADERS'
  | 'MISSING_HEADER'
  | 'EMPTY_HEADER';

/**
 * Codes of entries in `warnings`. The document lists the first two; HMRC also puts EMPTY_HEADER and
 * MISSING_HEADER there for headers whose absence is only a warning (Multi-Factor, License-IDs).
 */
export type HmrcWarningIssueCode =
  | 'POTENTIALLY_INVALID_HEADER'
  | 'UNEXPECTED_HEADER'
  | 'EMPTY_HEADER'
  | 'MISSING_HEADER';

/** One entry of `errors` or `warnings`: header names are lower-case. */
export interface HmrcIssue<C extends string = string> {
  code: C;
  message: string;
  headers: string[];
}

/** Body of a 200 answer from the validate endpoint. `errors`/`warnings` are left out when empty. */
export interface HmrcValidateResponse {
  specVersion: string;
  code: HmrcOverallCode;
  message: string;
  errors?: HmrcIssue<HmrcErrorIssueCode>[];
  warnings?: HmrcIssue<HmrcWarningIssueCode>[];
}

/** Verdict for one recorded request in validation feedback. */
export type HmrcFeedbackRequestCode = HmrcOverallCode | 'NO_HEADERS';

/** Verdict for one header of a recorded request. */
export type HmrcFeedbackHeaderCode =
  | 'VALID_HEADER'
  | 'INVALID_HEADER'
  | 'POTENTIALLY_INVALID_HEADER'
  | 'MISSING_HEADER'
  | 'UNEXPECTED_HEADER'
  | 'TEST_SCENARIO_HEADER';

export interface HmrcFeedbackHeader {
  /** Lower-case header name. */
  header: string;
  /** The value submitted; absent when the header was missing. */
  value?: string;
  code: HmrcFeedbackHeaderCode;
  errors?: string[];
  warnings?: string[];
}

export interface HmrcCrossValidation {
  headers?: string[];
  code: 'VALID_HEADERS' | 'INVALID_HEADERS';
  errors?: string[];
}

/** The latest request HMRC saw to one endpoint of the API asked about. */
export interface HmrcFeedbackRequest {
  path: string;
  method: string;
  requestTimestamp: string;
  code: HmrcFeedbackRequestCode;
  headers?: HmrcFeedbackHeader[];
  crossValidation?: HmrcCrossValidation[];
}

/** Body of a 200 answer from the validation-feedback endpoint. */
export interface HmrcFeedbackResponse {
  requests: HmrcFeedbackRequest[];
}
