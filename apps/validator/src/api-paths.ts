import type { ApiIdentifier } from '@fph-kit/hmrc';

/**
 * Which HMRC API a request path belongs to, and the endpoint it calls. HMRC's validation feedback
 * answers per API (the `api` path parameter, one of the 30 identifiers of its OpenAPI document)
 * with the latest request to each endpoint; the gateway does the same offline.
 *
 * Base paths are the API platform contexts of HMRC's Making Tax Digital APIs (each API's
 * `gateway.context`), e.g. `organisations/vat` for the VAT API.
 */
export const API_BASE_PATHS: readonly (readonly [basePath: string, api: ApiIdentifier])[] = [
  ['/organisations/vat', 'vat-mtd'],
  ['/individuals/business/details', 'business-details-mtd'],
  [
    '/individuals/business/end-of-period-statement',
    'individuals-business-end-of-period-statement-mtd',
  ],
  ['/individuals/business/property', 'property-business-mtd'],
  ['/individuals/business/self-employment', 'self-employment-business-mtd'],
  ['/individuals/self-assessment/income-summary', 'business-income-source-summary-mtd'],
  ['/individuals/self-assessment/adjustable-summary', 'business-source-adjustable-summary-mtd'],
  ['/individuals/self-assessment/assist', 'self-assessment-assist-mtd'],
  ['/individuals/deductions/cis', 'cis-deductions-mtd'],
  ['/individuals/deductions/other', 'other-deductions-mtd'],
  ['/individuals/calculations', 'individual-calculations-mtd'],
  ['/individuals/losses', 'individual-losses-mtd'],
  ['/individuals/charges', 'individuals-charges-mtd'],
  ['/individuals/disclosures', 'individuals-disclosures-mtd'],
  ['/individuals/expenses', 'individuals-expenses-mtd'],
  ['/individuals/income-received', 'individuals-income-received-mtd'],
  ['/individuals/reliefs', 'individuals-reliefs-mtd'],
  ['/individuals/state-benefits', 'individuals-state-benefits-mtd'],
  ['/individuals/disposals-income', 'individuals-capital-gains-income-mtd'],
  ['/individuals/dividends-income', 'individuals-dividends-income-mtd'],
  ['/individuals/employments-income', 'individuals-employments-income-mtd'],
  ['/individuals/foreign-income', 'individuals-foreign-income-mtd'],
  ['/individuals/insurance-policies-income', 'individuals-insurance-policies-income-mtd'],
  ['/individuals/other-income', 'individuals-other-income-mtd'],
  ['/individuals/pensions-income', 'individuals-pensions-income-mtd'],
  ['/individuals/savings-income', 'individuals-savings-income-mtd'],
  ['/individuals/person', 'self-assessment-individual-details-mtd'],
  ['/obligations/details', 'obligations-mtd'],
  ['/accounts/self-assessment', 'self-assessment-accounts-mtd'],
  ['/self-assessment', 'self-assessment-mtd'],
];

/** The HMRC API a path belongs to, or undefined for a path of no known MTD API. */
export function apiForPath(path: string): ApiIdentifier | undefined {
  let best: ApiIdentifier | undefined;
  let bestLength = -1;
  for (const [base, api] of API_BASE_PATHS) {
    if ((path === base || path.startsWith(`${base}/`)) && base.length > bestLength) {
      best = api;
      bestLength = base.length;
    }
  }
  return best;
}

const NINO = /^[A-Za-z]{2}\d{6}[A-Da-d]?$/;
const TAX_YEAR = /^\d{4}-\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BUSINESS_ID = /^X[A-Z0-9]IS\d{11}$/i;
const PERIOD_KEY = /^[A-Za-z0-9#]{4}$|^%23[A-Za-z0-9]{3}$/;
const DIGITS = /^\d+$/;
/** Opaque identifiers: at least 8 characters of letters and digits with at least one digit. */
const OPAQUE_ID = /^(?=[^/]*\d)[A-Za-z0-9_-]{8,}$/;

function segmentName(segment: string, previous: string | undefined): string | undefined {
  if (previous === 'vat' && /^\d{9}$/.test(segment)) return '{vrn}';
  if (previous === 'returns' && PERIOD_KEY.test(segment)) return '{periodKey}';
  if (NINO.test(segment)) return '{nino}';
  if (TAX_YEAR.test(segment)) return '{taxYear}';
  if (DATE.test(segment)) return '{date}';
  if (UUID.test(segment)) return '{uuid}';
  if (BUSINESS_ID.test(segment)) return '{businessId}';
  if (DIGITS.test(segment) || OPAQUE_ID.test(segment)) return '{id}';
  return undefined;
}

/**
 * The endpoint a concrete path calls: identifiers (VRNs, NINOs, tax years, dates, UUIDs, business
 * and other IDs) replaced by `{name}` placeholders, e.g. `/organisations/vat/{vrn}/returns`.
 */
export function endpointPath(path: string): string {
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    out.push(segment === '' ? '' : (segmentName(segment, segments[i - 1]) ?? segment));
  }
  return out.join('/');
}
