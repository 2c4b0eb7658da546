import type { ConnectionMethod, HeaderInput, IssueCode, ValidationReport } from '@fph-kit/spec';

// HMRC's response shapes live in @fph-kit/spec; the validator re-exports them under these names.
export type { IssueCode, ReportCode, ReportIssue, ValidationReport } from '@fph-kit/spec';

/**
 * How serious a finding is. `error` and `warning` are report issues; `advisory` is what HMRC's
 * manual review would question (it fails `--strict`); `info` is a note that needs no action.
 */
export type Severity = 'error' | 'warning' | 'advisory' | 'info';

/** Whose words a rule's message is. */
export type Wording =
  /** HMRC's own wording, from its OpenAPI examples or recorded Test API responses (DESIGN.md). */
  | 'hmrc'
  /** HMRC's wording as seen in public HMRC repositories and issue threads (cited in docs/rules.md). */
  | 'hmrc-observed'
  /** fph-kit's wording, in HMRC's style, where HMRC's is not known. */
  | 'fph-kit';

/** One rule of the catalogue. Rules are static: the same id always has the same message. */
export interface Rule {
  /** Stable id, e.g. `client-screens.scaling-factor-missing`. */
  readonly id: string;
  /** Lower-case header name the rule is about, or `gov-*` for rules about any header or the set. */
  readonly header: string;
  readonly severity: Severity;
  /** The report code for `error` and `warning` rules. */
  readonly code?: IssueCode;
  readonly message: string;
  /** One line telling a developer how to fix it. */
  readonly hint: string;
  readonly wording: Wording;
  /**
   * Where HMRC's wording was seen, for `hmrc` and `hmrc-observed` rules (a document, a repository
   * file or an issue thread); absent for fph-kit's own wording.
   */
  readonly source?: string;
  /** A page of the spec other than the header's own section (e.g. the getting-it-right page). */
  readonly page?: 'getting-it-right' | 'connection-method-index';
}

/** A problem found in a header set: a report issue or an advisory, with everything to fix it. */
export interface Finding {
  /** The rule's stable id. */
  rule: string;
  severity: Severity;
  /** The report code, for findings that are report issues. */
  code?: IssueCode;
  /** Lower-case name of the header concerned (`gov-*` for the set as a whole). */
  header: string;
  /** Every header concerned (more than one for cross-header rules). */
  headers: string[];
  /** The offending value as sent (absent when the header is missing). */
  value?: string;
  message: string;
  /** Specifics of this occurrence, e.g. which character or which screen. */
  detail?: string;
  hint: string;
  /** The spec section that defines the rule. */
  specUrl: string;
}

export interface ValidateOptions {
  /** Judge the set as this connection method; otherwise its own Gov-Client-Connection-Method decides. */
  connectionMethod?: ConnectionMethod;
  /** The moment the request was made, for timestamp advisories (default: now). */
  now?: Date | number;
}

export interface ValidationResult {
  /** What HMRC's Test API would answer, byte for byte. */
  report: ValidationReport;
  /** What HMRC's manual review would question; never changes `report.code`. */
  advisories: Finding[];
  /** Every report issue and advisory, with rule id, value, hint and spec link. */
  findings: Finding[];
  /** The connection method the set was judged as, when one was known. */
  connectionMethod?: ConnectionMethod;
}

/** Headers as `validate` accepts them. */
export type ValidateInput = HeaderInput;
