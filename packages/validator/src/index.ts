export { renderRuleCatalogue } from './catalogue.js';
export { isValidatorError, ValidatorError, type ValidatorErrorCode } from './errors.js';
export {
  type FeedbackCrossValidation,
  type FeedbackHeader,
  type FeedbackHeaderCode,
  type FeedbackRequest,
  type FeedbackRequestInfo,
  validateWithFeedback,
  validationFeedback,
} from './feedback.js';
export { type IpClass, type IpInfo, isNotPublic, isNotRoutable, parseIp } from './ip.js';
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
export { findRule, RULES } from './rules.js';
export { isPassing, type PassOptions } from './strict.js';
export type {
  Finding,
  IssueCode,
  ReportCode,
  ReportIssue,
  Rule,
  Severity,
  ValidateInput,
  ValidateOptions,
  ValidationReport,
  ValidationResult,
  Wording,
} from './types.js';
export { validate } from './validate.js';
