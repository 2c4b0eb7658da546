// HMRC's response and feedback shapes are @fph-kit/spec's, re-exported under the same names.
export type {
  FeedbackCrossValidation,
  FeedbackHeader,
  FeedbackHeaderCode,
  FeedbackRequest,
  IssueCode,
  ReportCode,
  ReportIssue,
  ValidationReport,
} from '@fph-kit/spec';
export { type IpClass, type IpInfo, isNotPublic, isNotRoutable, parseIp } from './address.js';
export { renderRuleCatalogue, WORDING_LABELS } from './catalogue.js';
export {
  isValidatorError,
  VALIDATOR_ERROR_CODES,
  ValidatorError,
  type ValidatorErrorCode,
} from './errors.js';
export {
  type FeedbackRequestInfo,
  validateWithFeedback,
  validationFeedback,
} from './feedback.js';
export {
  type HeaderSetFormat,
  type InputHeaderSet,
  type InputProblem,
  type InputProblemCode,
  printable,
  type ReadHeaderSetsResult,
  type RequestInfo,
  readHeaderSets,
} from './read-input.js';
export { ruleSpecUrl } from './rule-url.js';
export { findRule, RULES } from './rules.js';
export { isPassing, type PassOptions } from './strict.js';
export type {
  Finding,
  Rule,
  Severity,
  ValidateInput,
  ValidateOptions,
  ValidationResult,
  Wording,
} from './types.js';
export { validate } from './validate.js';
