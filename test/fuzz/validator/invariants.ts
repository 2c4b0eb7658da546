import { checkValidateResponse } from '@fph-kit/hmrc';
import {
  CONNECTION_METHODS,
  type ConnectionMethod,
  findHeader,
  isConnectionMethod,
  requirementsFor,
  SPEC_BASE_URL,
  SPEC_VERSION,
  toHeaderMap,
} from '@fph-kit/spec';
import {
  findRule,
  isPassing,
  type ReportIssue,
  type ValidateInput,
  type ValidateOptions,
  type ValidationResult,
} from '@fph-kit/validator';

/**
 * What every result of `validate` must satisfy, whatever the input. Written as plain checks that
 * throw (rather than `expect`) because they run on a million sets: the first broken invariant
 * throws an Error saying which, and fast-check then shrinks the input that broke it.
 */

export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

function ensure(ok: boolean, what: string, detail?: () => unknown): asserts ok {
  if (!ok) {
    const extra = detail ? `: ${JSON.stringify(detail())?.slice(0, 2000)}` : '';
    throw new InvariantError(`${what}${extra}`);
  }
}

const MESSAGES: Record<string, string> = {
  VALID_HEADERS:
    'All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions.',
  INVALID_HEADERS: 'At least 1 header is invalid',
  POTENTIALLY_INVALID_HEADERS: 'At least 1 header is potentially invalid',
};
const NO_HEADERS_MESSAGE =
  'No fraud prevention headers submitted. These are required by law. Check the specification.';

/** The codes HMRC's report may give an issue among its errors, and among its warnings. */
const ERROR_CODES: ReadonlySet<string> = new Set([
  'INVALID_HEADER',
  'INVALID_HEADERS',
  'MISSING_HEADER',
  'EMPTY_HEADER',
]);
const WARNING_CODES: ReadonlySet<string> = new Set([
  'POTENTIALLY_INVALID_HEADER',
  'UNEXPECTED_HEADER',
  'MISSING_HEADER',
  'EMPTY_HEADER',
]);
/** The Forwarded / Public-IP cross-check's headers, in HMRC's order. */
const CROSS = 'gov-vendor-forwarded,gov-vendor-public-ip,gov-client-public-ip';
const SEVERITY_RANK = { error: 0, warning: 1, advisory: 2, info: 3 } as const;

/** Blank as the validator means it: nothing but spaces and tabs. */
function isBlank(value: string): boolean {
  return /^[ \t]*$/.test(value);
}

function isLowerCase(name: string): boolean {
  return name === name.toLowerCase();
}

/** One list of the report: well formed, sorted as HMRC sorts it, the cross-header issue last. */
function checkIssues(
  list: ReportIssue[] | undefined,
  codes: ReadonlySet<string>,
  which: string,
): void {
  if (list === undefined) return;
  ensure(Array.isArray(list) && list.length > 0, `report.${which} is present but empty`);
  let previous = '';
  let crossSeen = false;
  for (const issue of list) {
    const keys = Object.keys(issue).join(',');
    ensure(keys === 'code,message,headers', `an issue has keys ${keys}`, () => issue);
    ensure(codes.has(issue.code), `report.${which} holds code ${issue.code}`);
    ensure(issue.message.length > 0, 'an issue has an empty message');
    ensure(issue.headers.length > 0, 'an issue names no header');
    for (const h of issue.headers) {
      ensure(isLowerCase(h) && h.startsWith('gov-'), `issue header '${h}' is not lower-case gov-*`);
    }
    const cross = issue.headers.join(',') === CROSS;
    ensure(
      cross === (issue.code === 'INVALID_HEADERS'),
      'only the cross-header issue has code INVALID_HEADERS and the three headers',
      () => issue,
    );
    ensure(!crossSeen, 'an issue follows the cross-header issue', () => list);
    if (cross) {
      crossSeen = true;
      continue;
    }
    ensure(issue.headers.length === 1, 'a header issue names one header', () => issue);
    ensure(issue.headers[0]! >= previous, `report.${which} is not sorted by header`, () => list);
    previous = issue.headers[0]!;
  }
}

/** Whether the input holds any fraud prevention header (Gov-Test-Scenario does not count). */
function hasGovHeader(map: ReturnType<typeof toHeaderMap>): boolean {
  for (const key of map.keys()) {
    if (key.startsWith('gov-') && key !== 'gov-test-scenario') return true;
  }
  return false;
}

/** The method `validate` must judge the set as: the option, else the set's own exact value. */
function methodOf(
  map: ReturnType<typeof toHeaderMap>,
  options: ValidateOptions,
): ConnectionMethod | undefined {
  if (options.connectionMethod) return options.connectionMethod;
  const declared = map.get('gov-client-connection-method')?.value;
  return isConnectionMethod(declared) ? declared : undefined;
}

/**
 * Checks one result against everything that must hold for it. `input` and `options` are what it
 * was computed from (read here through the spec's own header map, not the validator's).
 */
export function checkResult(
  input: ValidateInput,
  options: ValidateOptions,
  result: ValidationResult,
): void {
  const { report, findings, advisories } = result;

  // HMRC's OpenAPI schema (allowing the deviations HMRC is known to make).
  const schema = checkValidateResponse(report);
  ensure(schema.conforms, 'the report does not match the OpenAPI schema', () => schema.issues);

  // The shape and order of keys, as HMRC writes them.
  const keys = Object.keys(report);
  ensure(
    keys.slice(0, 3).join(',') === 'specVersion,code,message' &&
      keys.slice(3).every((k) => k === 'errors' || k === 'warnings') &&
      (keys.length < 5 || keys[3] === 'errors'),
    `report keys ${keys.join(',')}`,
  );
  ensure(report.specVersion === SPEC_VERSION, `specVersion ${report.specVersion}`);
  checkIssues(report.errors, ERROR_CODES, 'errors');
  checkIssues(report.warnings, WARNING_CODES, 'warnings');

  // The code follows from the issues alone, with HMRC's message for it.
  const map = toHeaderMap(input);
  const noHeaders = !hasGovHeader(map);
  if (noHeaders) {
    ensure(
      report.code === 'INVALID_HEADERS' && report.message === NO_HEADERS_MESSAGE,
      'a set without Gov-* headers is not answered "No fraud prevention headers submitted"',
      () => report,
    );
    ensure(keys.length === 3, 'the no-headers answer lists issues', () => report);
  } else {
    const expected = report.errors
      ? 'INVALID_HEADERS'
      : report.warnings
        ? 'POTENTIALLY_INVALID_HEADERS'
        : 'VALID_HEADERS';
    ensure(report.code === expected, `code ${report.code} with these issues`, () => report);
    ensure(report.message === MESSAGES[expected], `message for ${expected}`, () => report.message);
  }

  // Every finding names a rule of the catalogue and repeats it faithfully.
  let rank = 0;
  for (const f of findings) {
    const rule = findRule(f.rule);
    ensure(rule !== undefined, `finding with unknown rule id ${f.rule}`);
    ensure(f.severity === rule.severity, `${f.rule}: severity ${f.severity} != ${rule.severity}`);
    ensure(f.code === rule.code, `${f.rule}: code ${f.code} != ${rule.code}`);
    ensure(f.message === rule.message && f.hint === rule.hint, `${f.rule}: message or hint`);
    ensure(f.message.length > 0 && f.hint.length > 0, `${f.rule}: empty message or hint`);
    ensure(
      isLowerCase(f.header) && (f.header.startsWith('gov-') || f.header === 'gov-*'),
      `${f.rule}: header '${f.header}'`,
    );
    ensure(
      rule.header === 'gov-*' || rule.header === f.header || f.headers.join(',') === CROSS,
      `${f.rule} is about ${rule.header} but was found on ${f.header}`,
    );
    ensure(
      f.headers.every(isLowerCase) && (f.headers.length > 0 || f.header === 'gov-*'),
      `${f.rule}: headers ${f.headers}`,
    );
    ensure(
      f.specUrl.startsWith(`${SPEC_BASE_URL}/`),
      `${f.rule}: spec URL ${f.specUrl} is not in the spec`,
    );
    ensure(f.value === undefined || typeof f.value === 'string', `${f.rule}: value type`);
    ensure(f.detail === undefined || typeof f.detail === 'string', `${f.rule}: detail type`);
    const r = SEVERITY_RANK[f.severity];
    ensure(r >= rank, 'findings are not ordered errors, warnings, advisories, notes', () =>
      findings.map((x) => x.rule),
    );
    rank = r;
  }

  // The report's issues are exactly the error and warning findings, in the same order.
  const issues = [...(report.errors ?? []), ...(report.warnings ?? [])];
  const reported = findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  if (noHeaders) {
    ensure(
      reported.length === 1 && reported[0]!.rule === 'set.no-headers',
      'the no-headers answer has exactly the set.no-headers finding',
      () => reported.map((f) => f.rule),
    );
  } else {
    ensure(reported.length === issues.length, 'report issues and error/warning findings differ');
    reported.forEach((f, i) => {
      const issue = issues[i]!;
      ensure(
        f.code === issue.code &&
          f.message === issue.message &&
          f.headers.join(',') === issue.headers.join(','),
        `finding ${i} (${f.rule}) is not report issue ${i}`,
        () => issue,
      );
    });
  }

  // Advisories are the advisory and info findings, and never touch the verdict.
  const expectedAdvisories = findings.filter(
    (f) => f.severity === 'advisory' || f.severity === 'info',
  );
  ensure(
    advisories.length === expectedAdvisories.length &&
      advisories.every((a, i) => a === expectedAdvisories[i]),
    'advisories are not the advisory and info findings',
  );
  ensure(
    isPassing(result) === (report.code !== 'INVALID_HEADERS'),
    'isPassing disagrees with the report',
  );
  ensure(
    isPassing(result, { strict: true }) ===
      (report.code === 'VALID_HEADERS' && !advisories.some((a) => a.severity === 'advisory')),
    'isPassing --strict disagrees with the report and advisories',
  );

  // What the spec's method matrix says must be there (when the method is known).
  const method = methodOf(map, options);
  ensure(result.connectionMethod === method, `judged as ${result.connectionMethod}, not ${method}`);
  if (noHeaders) return;
  const issueKey = (i: ReportIssue): string => `${i.code} ${i.headers.join(',')}`;
  const issueSet = new Set(issues.map(issueKey));
  const required = method ? requirementsFor(method).required : [];
  for (const name of required) {
    const key = name.toLowerCase();
    const entry = map.get(key);
    if (entry === undefined) {
      ensure(
        issueSet.has(`MISSING_HEADER ${key}`),
        `required ${name} is missing: no issue says so`,
      );
    } else if (isBlank(entry.value)) {
      ensure(issueSet.has(`EMPTY_HEADER ${key}`), `required ${name} is empty: no issue says so`);
    }
  }
  for (const [key] of map) {
    if (!key.startsWith('gov-') || key === 'gov-test-scenario') continue;
    if (findHeader(key) === undefined) {
      ensure(issueSet.has(`UNEXPECTED_HEADER ${key}`), `unknown ${key} is not UNEXPECTED_HEADER`);
    }
  }
  for (const issue of issues) {
    if (issue.code === 'INVALID_HEADERS') continue;
    const key = issue.headers[0]!;
    ensure(
      map.has(key) ||
        key === 'gov-client-connection-method' ||
        required.some((name) => name.toLowerCase() === key),
      `an issue names ${key}, which was neither sent nor required`,
      () => issue,
    );
    if (issue.code === 'MISSING_HEADER') ensure(!map.has(key), `${key} was sent, yet missing`);
  }
  if (!method && map.has('gov-client-connection-method')) {
    ensure(
      report.code === 'INVALID_HEADERS',
      'an unknown connection method is not an error',
      () => report,
    );
  }
}

/** Every connection method, for the option generators. */
export const METHODS: readonly ConnectionMethod[] = CONNECTION_METHODS;
