import type { ReportIssue, ValidationReport } from '@fph-kit/spec';
import type { ValidateResult } from './client.js';
import type { HmrcResponseWarning } from './deprecation.js';
import type { SchemaIssue } from './schemas.js';

/**
 * Side by side: fph-kit's report (from `@fph-kit/validator`) and HMRC's answer for the same
 * headers, with every difference listed: the overall code, spec version and message, each issue
 * found by one side only, issues listed in another order, and an answer that does not match
 * HMRC's own OpenAPI schema. The `fph compare` command and the service's `POST /v1/compare` both
 * use it.
 */

export interface Disagreement {
  /** What differs. */
  field: 'specVersion' | 'code' | 'message' | 'errors' | 'warnings' | 'body';
  /** For a top-level field: each side's value. */
  local?: unknown;
  hmrc?: unknown;
  /** For an issue: the side that has it. */
  only?: 'local' | 'hmrc';
  issue?: ReportIssue;
  /** Issues both sides have, in another order (HMRC sorts by header name). */
  order?: { local: number[]; hmrc: number[] };
  /** One sentence for people. */
  detail: string;
}

function issueKey(issue: ReportIssue): string {
  return `${issue.code}\u0000${issue.message}\u0000${issue.headers.join(',')}`;
}

function isIssue(value: unknown): value is ReportIssue {
  const v = value as ReportIssue | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    typeof v.code === 'string' &&
    typeof v.message === 'string' &&
    Array.isArray(v.headers) &&
    v.headers.every((h) => typeof h === 'string')
  );
}

function describeIssue(issue: ReportIssue): string {
  return `${issue.code} on ${issue.headers.join(', ')}: "${issue.message}"`;
}

function compareList(
  field: 'errors' | 'warnings',
  local: readonly ReportIssue[],
  remote: unknown,
  out: Disagreement[],
): void {
  if (remote !== undefined && !Array.isArray(remote)) {
    out.push({
      field: 'body',
      hmrc: remote,
      detail: `HMRC's ${field} is not a list`,
    });
    return;
  }
  const theirs = (remote ?? []) as unknown[];
  const hmrcIssues: ReportIssue[] = [];
  for (const item of theirs) {
    if (isIssue(item)) hmrcIssues.push(item);
    else
      out.push({
        field: 'body',
        hmrc: item,
        detail: `an entry of HMRC's ${field} is not an issue {code, message, headers}`,
      });
  }
  const remaining = new Map<string, number>();
  for (const issue of hmrcIssues)
    remaining.set(issueKey(issue), (remaining.get(issueKey(issue)) ?? 0) + 1);
  const localOnly: ReportIssue[] = [];
  for (const issue of local) {
    const key = issueKey(issue);
    const count = remaining.get(key) ?? 0;
    if (count > 0) remaining.set(key, count - 1);
    else localOnly.push(issue);
  }
  for (const issue of localOnly) {
    out.push({
      field,
      only: 'local',
      issue,
      detail: `only fph-kit reports ${describeIssue(issue)}`,
    });
  }
  const mine = new Map<string, number>();
  for (const issue of local) mine.set(issueKey(issue), (mine.get(issueKey(issue)) ?? 0) + 1);
  for (const issue of hmrcIssues) {
    const key = issueKey(issue);
    const count = mine.get(key) ?? 0;
    if (count > 0) mine.set(key, count - 1);
    else
      out.push({ field, only: 'hmrc', issue, detail: `only HMRC reports ${describeIssue(issue)}` });
  }
  if (localOnly.length === 0 && hmrcIssues.length === local.length) {
    const localKeys = local.map(issueKey);
    const hmrcKeys = hmrcIssues.map(issueKey);
    if (localKeys.some((k, i) => k !== hmrcKeys[i])) {
      const used = new Set<number>();
      const hmrcOrder = localKeys.map((k) => {
        const at = hmrcKeys.findIndex((h, j) => h === k && !used.has(j));
        used.add(at);
        return at;
      });
      out.push({
        field,
        order: { local: localKeys.map((_, i) => i), hmrc: hmrcOrder },
        detail: `both report the same ${field}, in another order`,
      });
    }
  }
}

/** Every difference between the local report and HMRC's answer; empty when they agree. */
export function compareReports(local: ValidationReport, hmrc: unknown): Disagreement[] {
  const out: Disagreement[] = [];
  if (hmrc === null || typeof hmrc !== 'object' || Array.isArray(hmrc)) {
    out.push({ field: 'body', hmrc, detail: "HMRC's answer is not a JSON object" });
    return out;
  }
  const theirs = hmrc as Record<string, unknown>;
  for (const field of ['specVersion', 'code', 'message'] as const) {
    if (local[field] !== theirs[field]) {
      out.push({
        field,
        local: local[field],
        hmrc: theirs[field],
        detail: `${field}: fph-kit says ${JSON.stringify(local[field])}, HMRC says ${JSON.stringify(theirs[field])}`,
      });
    }
  }
  compareList('errors', local.errors ?? [], theirs.errors, out);
  compareList('warnings', local.warnings ?? [], theirs.warnings, out);
  return out;
}

/** HMRC's side of a comparison: its answer as the client checked it. */
export interface HmrcSide {
  status: number;
  body: unknown;
  conforms: boolean;
  issues: readonly SchemaIssue[];
  tolerated: readonly SchemaIssue[];
  warnings: HmrcResponseWarning[];
  attempts: number;
}

export interface HmrcComparison {
  /** True when there is no disagreement. */
  agree: boolean;
  hmrc: HmrcSide;
  /** A body that does not match the schema first, then {@link compareReports}'s list. */
  disagreements: Disagreement[];
}

/** Compares fph-kit's report with HMRC's answer to `validate` for the same headers. */
export function compareWithHmrc(local: ValidationReport, answer: ValidateResult): HmrcComparison {
  const disagreements = compareReports(local, answer.body);
  if (!answer.conforms) {
    disagreements.unshift({
      field: 'body',
      hmrc: answer.issues,
      detail: `HMRC's answer does not match its OpenAPI schema: ${answer.issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`,
    });
  }
  return {
    agree: disagreements.length === 0,
    hmrc: {
      status: answer.status,
      body: answer.body,
      conforms: answer.conforms,
      issues: answer.issues,
      tolerated: answer.tolerated,
      warnings: answer.warnings,
      attempts: answer.attempts,
    },
    disagreements,
  };
}
