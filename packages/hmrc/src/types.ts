/**
 * Response bodies of HMRC's Test Fraud Prevention Headers API. The shapes are @fph-kit/spec's
 * (the validator produces the same ones); this package names them as it always has. Bodies are
 * typed as received: validation-feedback lists may be left out when empty, and EMPTY_HEADER and
 * MISSING_HEADER may appear among validate warnings.
 */
export type {
  ErrorIssueCode as HmrcErrorIssueCode,
  FeedbackHeaderCode as HmrcFeedbackHeaderCode,
  FeedbackRequestCode as HmrcFeedbackRequestCode,
  ReceivedCrossValidation as HmrcCrossValidation,
  ReceivedFeedbackHeader as HmrcFeedbackHeader,
  ReceivedFeedbackRequest as HmrcFeedbackRequest,
  ReceivedFeedbackResponse as HmrcFeedbackResponse,
  ReportCode as HmrcOverallCode,
  ReportIssue as HmrcIssue,
  ValidationReport as HmrcValidateResponse,
  WarningIssueCode as HmrcWarningIssueCode,
} from '@fph-kit/spec';
