import {
  CONNECTION_METHODS,
  type ConnectionMethod,
  type ErrorIssueCode,
  HEADERS,
  isConnectionMethod,
  requirementsFor,
  SPEC_VERSION,
  type WarningIssueCode,
} from '@fph-kit/spec';
import { ValidatorError } from './errors.js';
import { isPlaceholder, isSpecExample } from './examples.js';
import { HEADER_INDEX_BY_KEY, type HeaderSet, readHeaderSet } from './header-set.js';
import { CHECKS, DAY, describeAge } from './headers/index.js';
import { ruleSpecUrl } from './rule-url.js';
import { headerRule, rule } from './rules.js';
import { type Hit, Run } from './run.js';
import { sizeAdvisories } from './size-limits.js';
import type {
  Finding,
  ReportIssue,
  ValidateInput,
  ValidateOptions,
  ValidationReport,
  ValidationResult,
} from './types.js';

const MESSAGES = {
  VALID_HEADERS:
    'All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions.',
  INVALID_HEADERS: 'At least 1 header is invalid',
  POTENTIALLY_INVALID_HEADERS: 'At least 1 header is potentially invalid',
} as const;

const CM_KEY = 'gov-client-connection-method';
const CM_INDEX = HEADER_INDEX_BY_KEY.get(CM_KEY)!;
const FWD = 'gov-vendor-forwarded';
const VPIP = 'gov-vendor-public-ip';
const CPIP = 'gov-client-public-ip';
/** The three headers of the cross-check, in HMRC's order. */
export const CROSS_HEADERS: readonly string[] = [FWD, VPIP, CPIP];

const NO_HEADERS = rule('set.no-headers');
const UNEXPECTED = rule('any.unexpected');
const RETIRED = rule('any.retired');
const NOT_REQUIRED = rule('any.not-required');
const NOT_AN_ISSUE = rule('any.not-an-issue');
const TEST_SCENARIO = rule('any.test-scenario');
const REPEATED = rule('any.repeated');
const PLACEHOLDER = rule('any.placeholder');
const SPEC_EXAMPLE = rule('any.spec-example');
const CM_INVALID = rule('client-connection-method.invalid');
const CM_MISMATCH = rule('client-connection-method.mismatch');
const NO_MATCHING_PAIR = rule('vendor-forwarded.no-matching-pair');
const FIRST_HOP = rule('vendor-forwarded.first-hop');
const CHAIN_BROKEN = rule('vendor-forwarded.chain-broken');
const SAME_AS_CLIENT = rule('vendor-public-ip.same-as-client');
const WINDOW_TOO_LARGE = rule('client-window-size.larger-than-screens');
const MFA_STALE = rule('client-multi-factor.timestamp-stale');

/** Per method, which catalogue indices are required, and which need not be sent but may be. */
interface MethodTable {
  required: readonly number[];
  isRequired: readonly boolean[];
  notAnIssue: readonly boolean[];
}

const METHOD_TABLES: ReadonlyMap<ConnectionMethod, MethodTable> = new Map(
  CONNECTION_METHODS.map((method) => {
    const req = requirementsFor(method);
    const required = req.required.map((name) => HEADERS.findIndex((h) => h.name === name));
    return [
      method,
      {
        required,
        isRequired: HEADERS.map((_, i) => required.includes(i)),
        notAnIssue: HEADERS.map((h) => req.notAnIssue.includes(h.name)),
      },
    ];
  }),
);

/** Per header index, its missing and empty rules and check (prepared once). */
const PRESENCE = HEADERS.map((h) =>
  h.status === 'current'
    ? { missing: headerRule(h.key, 'missing'), empty: headerRule(h.key, 'empty') }
    : undefined,
);
const CHECK_BY_INDEX = HEADERS.map((h) => CHECKS[h.key]);
/** Headers whose whole value is one item (not a list or key-value structure). */
const WHOLE_VALUE = HEADERS.map(
  (h) => h.kind !== 'list' && h.kind !== 'key-value' && h.kind !== 'key-value-list',
);

function isBlank(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09) return false;
  }
  return true;
}

function epochMillis(now: Date | number | undefined): number {
  if (now === undefined) return Date.now();
  const ms = typeof now === 'number' ? now : now instanceof Date ? now.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ValidatorError('INVALID_OPTIONS', `options.now is not a valid date: ${String(now)}`);
  }
  return ms;
}

/** Everything one validation worked out; the feedback view needs more than the result. */
export interface Evaluation {
  result: ValidationResult;
  set: HeaderSet;
  run: Run;
  /** Whether the Forwarded / Public-IP cross-check could run. */
  crossChecked: boolean;
  /** Whether the set had no fraud prevention header at all. */
  noHeaders: boolean;
}

/** Validates a header set: HMRC's report, the advisories and every finding. */
export function validate(headers: ValidateInput, options: ValidateOptions = {}): ValidationResult {
  return evaluate(headers, options).result;
}

export function evaluate(headers: ValidateInput, options: ValidateOptions = {}): Evaluation {
  if (options.connectionMethod !== undefined && !isConnectionMethod(options.connectionMethod)) {
    throw new ValidatorError(
      'INVALID_OPTIONS',
      `options.connectionMethod '${String(options.connectionMethod)}' is not one of ${CONNECTION_METHODS.join(', ')}`,
    );
  }
  if (typeof headers !== 'object' || headers === null) {
    throw new ValidatorError(
      'INVALID_ARGUMENT',
      `headers must be an object of header name to value, a Map, a Fetch Headers or [name, value] pairs; got ${headers === null ? 'null' : typeof headers}`,
    );
  }
  const now = epochMillis(options.now);
  const set = readHeaderSet(headers);
  const declared = set.values[CM_INDEX];
  const declaredMethod =
    declared !== undefined && isConnectionMethod(declared) ? declared : undefined;
  const method = options.connectionMethod ?? declaredMethod;
  const run = new Run(method, now);

  const govCount = set.order.length - (set.testScenario === undefined ? 0 : 1);
  if (govCount === 0) {
    run.hit(NO_HEADERS, 'gov-*', undefined);
    if (set.testScenario !== undefined) {
      run.hit(TEST_SCENARIO, 'gov-test-scenario', set.testScenario);
    }
    const result = finish(run, method, {
      specVersion: SPEC_VERSION,
      code: 'INVALID_HEADERS',
      message: NO_HEADERS.message,
    });
    return { result, set, run, crossChecked: false, noHeaders: true };
  }

  judgeConnectionMethod(declared, declaredMethod, options.connectionMethod, run);
  const table = method ? METHOD_TABLES.get(method) : undefined;
  for (const index of set.order) {
    if (index < 0) {
      const [key, value] = set.unknown[-1 - index]!;
      run.hit(key === 'gov-test-scenario' ? TEST_SCENARIO : UNEXPECTED, key, value);
      continue;
    }
    if (index === CM_INDEX) continue;
    judgeHeader(index, set, table, run);
  }
  if (table) {
    for (const index of table.required) {
      if (set.values[index] === undefined && index !== CM_INDEX) {
        run.hit(PRESENCE[index]!.missing, HEADERS[index]!.key, undefined);
      }
    }
  }
  const crossChecked = crossCheck(set, run);
  setAdvisories(run);
  sizeAdvisories(set, run);
  const result = finish(run, method, undefined);
  return { result, set, run, crossChecked, noHeaders: false };
}

function judgeConnectionMethod(
  declared: string | undefined,
  declaredMethod: ConnectionMethod | undefined,
  chosen: ConnectionMethod | undefined,
  run: Run,
): void {
  const presence = PRESENCE[CM_INDEX]!;
  if (declared === undefined) {
    run.hit(presence.missing, CM_KEY, undefined);
  } else if (isBlank(declared)) {
    run.hit(presence.empty, CM_KEY, declared);
  } else if (!declaredMethod) {
    run.hit(CM_INVALID, CM_KEY, declared);
  }
  if (chosen && declaredMethod && chosen !== declaredMethod) {
    run.hit(CM_MISMATCH, CM_KEY, declared, `declared ${declaredMethod}, validated as ${chosen}`);
  }
}

function judgeHeader(
  index: number,
  set: HeaderSet,
  table: MethodTable | undefined,
  run: Run,
): void {
  const def = HEADERS[index]!;
  const key = def.key;
  const value = set.values[index]!;
  if (set.counts[index]! > 1) {
    run.hit(REPEATED, key, value, `sent ${set.counts[index]} times`);
  }
  if (def.status === 'retired') {
    run.hit(RETIRED, key, value);
    return;
  }
  if (table && !table.isRequired[index]) {
    run.hit(table.notAnIssue[index] ? NOT_AN_ISSUE : NOT_REQUIRED, key, value, run.method);
    return;
  }
  if (isBlank(value)) {
    run.hit(PRESENCE[index]!.empty, key, value);
    return;
  }
  CHECK_BY_INDEX[index]!(value, run, key);
  // Lists and key-value structures check each item for placeholders as they read them.
  if (WHOLE_VALUE[index] && isPlaceholder(value)) run.hit(PLACEHOLDER, key, value);
  if (isSpecExample(index, value)) run.hit(SPEC_EXAMPLE, key, value);
}

/** The Gov-Vendor-Forwarded / Public-IP checks. True when there was enough to compare. */
function crossCheck(set: HeaderSet, run: Run): boolean {
  const { clientIp, vendorIp, hops } = run;
  if (clientIp && vendorIp && clientIp.canonical === vendorIp.canonical) {
    run.hit(SAME_AS_CLIENT, VPIP, set.values[HEADER_INDEX_BY_KEY.get(VPIP)!]);
  }
  if (!clientIp || !vendorIp || !hops || hops.length === 0) return false;
  const forwarded = set.values[HEADER_INDEX_BY_KEY.get(FWD)!];
  let match = -1;
  for (let i = 0; i < hops.length && match < 0; i++) {
    const hop = hops[i]!;
    if (hop.by?.canonical === vendorIp.canonical && hop.for?.canonical === clientIp.canonical) {
      match = i;
    }
  }
  if (match < 0) {
    run.hit(
      NO_MATCHING_PAIR,
      FWD,
      forwarded,
      `no hop is by=${vendorIp.canonical}&for=${clientIp.canonical}`,
    );
  } else if (match > 0) {
    run.hit(FIRST_HOP, FWD, forwarded, `the matching pair is hop ${match + 1}`);
  }
  for (let i = 1; i < hops.length; i++) {
    const by = hops[i - 1]!.by?.canonical;
    const sender = hops[i]!.for?.canonical;
    if (by && sender && by !== sender) {
      run.hit(CHAIN_BROKEN, FWD, forwarded, `hop ${i + 1} is for ${sender}, hop ${i} was by ${by}`);
      break;
    }
  }
  return true;
}

/** Advisories that combine several headers' facts. */
function setAdvisories(run: Run): void {
  const { window, screens, mfaTimes } = run;
  if (window && screens && screens.length > 0) {
    const larger = screens.every(([w, h]) => window[0] > w || window[1] > h);
    if (larger) {
      run.hit(
        WINDOW_TOO_LARGE,
        'gov-client-window-size',
        `width=${window[0]}&height=${window[1]}`,
        `screens: ${screens.map(([w, h]) => `${w}x${h}`).join(', ')}`,
      );
    }
  }
  if (mfaTimes && mfaTimes.length > 0) {
    // A loop, not Math.max(...times): spreading a value with 150,000 factors overflows the stack.
    let newest = -Infinity;
    for (const time of mfaTimes) if (time > newest) newest = time;
    if (run.now - newest > 30 * DAY) {
      run.hit(
        MFA_STALE,
        'gov-client-multi-factor',
        undefined,
        `newest is ${describeAge(run.now - newest)} old`,
      );
    }
  }
}

function isReportHit(hit: Hit): boolean {
  return hit.rule.severity === 'error' || hit.rule.severity === 'warning';
}

/** The Forwarded / Public-IP cross-check: HMRC lists its three headers and puts it last. */
export function isCross(hit: Hit): boolean {
  return hit.rule === NO_MATCHING_PAIR;
}

/** HMRC's order: by header name, the cross-header issue last. */
function compareHits(a: Hit, b: Hit): number {
  const cross = Number(isCross(a)) - Number(isCross(b));
  if (cross !== 0) return cross;
  return a.header < b.header ? -1 : a.header > b.header ? 1 : 0;
}

const SEVERITY_ORDER = { error: 0, warning: 1, advisory: 2, info: 3 } as const;

function finish(
  run: Run,
  method: ConnectionMethod | undefined,
  fixed: ValidationReport | undefined,
): ValidationResult {
  const hits = run.hits;
  let report: ValidationReport;
  if (fixed) {
    report = fixed;
  } else {
    const errors: ReportIssue<ErrorIssueCode>[] = [];
    const warnings: ReportIssue<WarningIssueCode>[] = [];
    const ordered = hits.length > 1 ? hits.filter(isReportHit).sort(compareHits) : hits;
    for (const hit of ordered) {
      if (!isReportHit(hit)) continue;
      // The catalogue gives error rules error codes and warning rules warning codes.
      const issue = {
        code: hit.rule.code!,
        message: hit.rule.message,
        headers: isCross(hit) ? [...CROSS_HEADERS] : [hit.header],
      };
      if (hit.rule.severity === 'error') errors.push(issue as ReportIssue<ErrorIssueCode>);
      else warnings.push(issue as ReportIssue<WarningIssueCode>);
    }
    const code =
      errors.length > 0
        ? 'INVALID_HEADERS'
        : warnings.length > 0
          ? 'POTENTIALLY_INVALID_HEADERS'
          : 'VALID_HEADERS';
    report = { specVersion: SPEC_VERSION, code, message: MESSAGES[code] };
    if (errors.length > 0) report.errors = errors;
    if (warnings.length > 0) report.warnings = warnings;
  }
  const result: ValidationResult = { report, advisories: [], findings: [] };
  if (method) result.connectionMethod = method;
  if (hits.length === 0) return result;
  const sorted = [...hits].sort(
    (a, b) =>
      SEVERITY_ORDER[a.rule.severity] - SEVERITY_ORDER[b.rule.severity] || compareHits(a, b),
  );
  for (const hit of sorted) {
    const finding = toFinding(hit, method);
    result.findings.push(finding);
    if (!isReportHit(hit) && hit.rule.id !== NO_HEADERS.id) result.advisories.push(finding);
  }
  return result;
}

function findingUrl(hit: Hit, method: ConnectionMethod | undefined): string {
  const header = HEADER_INDEX_BY_KEY.has(hit.header) ? hit.header : 'gov-*';
  return ruleSpecUrl(hit.rule.page ? { header, page: hit.rule.page } : { header }, method);
}

function toFinding(hit: Hit, method: ConnectionMethod | undefined): Finding {
  const { rule: r } = hit;
  return {
    rule: r.id,
    severity: r.severity,
    ...(r.code ? { code: r.code } : {}),
    header: hit.header,
    // The set-level finding concerns no header; a header really named Gov-* is still a header.
    headers: isCross(hit) ? [...CROSS_HEADERS] : r === NO_HEADERS ? [] : [hit.header],
    ...(hit.value !== undefined ? { value: hit.value } : {}),
    message: r.message,
    ...(hit.detail !== undefined ? { detail: hit.detail } : {}),
    hint: r.hint,
    specUrl: findingUrl(hit, method),
  };
}
