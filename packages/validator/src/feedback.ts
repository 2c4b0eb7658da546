import {
  type ConnectionMethod,
  type FeedbackCrossValidation,
  type FeedbackHeader,
  type FeedbackHeaderCode,
  type FeedbackRequest,
  HEADERS,
  requirementsFor,
} from '@fph-kit/spec';
import type { Hit } from './run.js';
import type { ValidateInput, ValidateOptions, ValidationResult } from './types.js';
import { CROSS_HEADERS, type Evaluation, evaluate, isCross } from './validate.js';

/** What the feedback needs to know about the request besides its headers. */
export interface FeedbackRequestInfo {
  /** The path the request was sent to, e.g. `/organisations/vat/123456789/obligations`. */
  path: string;
  /** The HTTP method, e.g. `GET`. */
  method: string;
  /** When the request was made (default: `options.now`, else now). */
  requestTimestamp?: string | Date;
}

/**
 * Builds HMRC's validation-feedback element for one request: every Gov-* header submitted, in the
 * order submitted, plus each required header that is missing (placed where the spec lists it),
 * each with its code, errors and warnings; and the cross-header check.
 */
export function validationFeedback(
  headers: ValidateInput,
  request: FeedbackRequestInfo,
  options: ValidateOptions = {},
): FeedbackRequest {
  return feedbackOf(evaluate(headers, options), request);
}

/**
 * `validate` and {@link validationFeedback} of the same headers and options from one evaluation:
 * the same two answers as calling both, for the work of one.
 */
export function validateWithFeedback(
  headers: ValidateInput,
  request: FeedbackRequestInfo,
  options: ValidateOptions = {},
): { result: ValidationResult; feedback: FeedbackRequest } {
  const evaluation = evaluate(headers, options);
  return { result: evaluation.result, feedback: feedbackOf(evaluation, request) };
}

function feedbackOf(
  { result, set, run, crossChecked, noHeaders }: Evaluation,
  request: FeedbackRequestInfo,
): FeedbackRequest {
  const method = result.connectionMethod;
  const byHeader = new Map<string, Hit[]>();
  let cross: Hit | undefined;
  for (const hit of run.hits) {
    const { severity } = hit.rule;
    if (severity !== 'error' && severity !== 'warning') continue;
    if (isCross(hit)) {
      cross = hit;
      continue;
    }
    const list = byHeader.get(hit.header);
    if (list) list.push(hit);
    else byHeader.set(hit.header, [hit]);
  }

  const entries: FeedbackHeader[] = [];
  for (const index of set.order) {
    if (index < 0) {
      const [key, value] = set.unknown[-1 - index]!;
      entries.push(
        key === 'gov-test-scenario'
          ? { header: key, value, code: 'TEST_SCENARIO_HEADER', errors: [], warnings: [] }
          : entry(key, value, byHeader.get(key), 'UNEXPECTED_HEADER'),
      );
      continue;
    }
    const def = HEADERS[index]!;
    const value = set.values[index]!;
    const required = method ? requirementsFor(method).required.includes(def.name) : true;
    const unexpected = def.status === 'retired' || !required;
    entries.push(
      entry(def.key, value, byHeader.get(def.key), unexpected ? 'UNEXPECTED_HEADER' : undefined),
    );
  }
  insertMissing(entries, method, byHeader);

  const requestTimestamp =
    request.requestTimestamp instanceof Date
      ? request.requestTimestamp.toISOString()
      : (request.requestTimestamp ?? new Date(run.now).toISOString());
  const crossValidation: FeedbackCrossValidation[] = crossChecked
    ? [
        {
          headers: [...CROSS_HEADERS],
          code: cross ? 'INVALID_HEADERS' : 'VALID_HEADERS',
          errors: cross ? [cross.rule.message] : [],
        },
      ]
    : [];
  return {
    path: request.path,
    method: request.method,
    requestTimestamp,
    code: noHeaders ? 'NO_HEADERS' : result.report.code,
    headers: entries,
    crossValidation,
  };
}

function entry(
  header: string,
  value: string | undefined,
  hits: Hit[] | undefined,
  fixed: FeedbackHeaderCode | undefined,
): FeedbackHeader {
  const errors: string[] = [];
  const warnings: string[] = [];
  let missing = false;
  for (const hit of hits ?? []) {
    (hit.rule.severity === 'error' ? errors : warnings).push(hit.rule.message);
    if (hit.rule.code === 'MISSING_HEADER') missing = true;
  }
  const code: FeedbackHeaderCode =
    fixed ??
    (missing
      ? 'MISSING_HEADER'
      : errors.length > 0
        ? 'INVALID_HEADER'
        : warnings.length > 0
          ? 'POTENTIALLY_INVALID_HEADER'
          : 'VALID_HEADER');
  const result: FeedbackHeader = { header, code, errors, warnings };
  return value === undefined ? result : { header, value, code, errors, warnings };
}

/**
 * Inserts each missing required header after the nearest present header the spec lists before
 * it (first when there is none). Without a connection method only that header can be missing.
 */
function insertMissing(
  entries: FeedbackHeader[],
  method: ConnectionMethod | undefined,
  byHeader: ReadonlyMap<string, Hit[]>,
): void {
  const required = method
    ? requirementsFor(method).required.map((name) => name.toLowerCase())
    : ['gov-client-connection-method'];
  for (let r = 0; r < required.length; r++) {
    const key = required[r]!;
    if (entries.some((e) => e.header === key)) continue;
    const hits = byHeader.get(key);
    if (!hits) continue;
    let at = 0;
    for (let p = r - 1; p >= 0; p--) {
      const i = entries.findIndex((e) => e.header === required[p]);
      if (i >= 0) {
        at = i + 1;
        break;
      }
    }
    entries.splice(at, 0, entry(key, undefined, hits, undefined));
  }
}
