import { API_IDENTIFIERS } from '@fph-kit/hmrc';
import { describe, expect, it } from 'vitest';
import { API_BASE_PATHS, apiForPath, endpointPath } from './api-paths.js';

describe('API_BASE_PATHS', () => {
  it("covers each of the 30 API identifiers of HMRC's OpenAPI document exactly once", () => {
    const apis = API_BASE_PATHS.map(([, api]) => api);
    expect(apis).toHaveLength(30);
    expect(new Set(apis).size).toBe(30);
    expect([...apis].sort()).toEqual([...API_IDENTIFIERS].sort());
  });

  it('has distinct base paths without trailing slashes', () => {
    const bases = API_BASE_PATHS.map(([base]) => base);
    expect(new Set(bases).size).toBe(bases.length);
    for (const base of bases) expect(base).toMatch(/^\/[a-z-]+(\/[a-z-]+)*$/);
  });
});

describe('apiForPath', () => {
  it.each([
    ['/organisations/vat/564738291/returns', 'vat-mtd'],
    ['/individuals/business/details/AA123456A/list', 'business-details-mtd'],
    [
      '/individuals/business/property/uk/AA123456A/XAIS12345678910/annual/2025-26',
      'property-business-mtd',
    ],
    [
      '/individuals/business/self-employment/AA123456A/XAIS12345678910/cumulative/2025-26',
      'self-employment-business-mtd',
    ],
    [
      '/individuals/business/end-of-period-statement/AA123456A',
      'individuals-business-end-of-period-statement-mtd',
    ],
    [
      '/individuals/self-assessment/adjustable-summary/AA123456A/trigger',
      'business-source-adjustable-summary-mtd',
    ],
    [
      '/individuals/self-assessment/income-summary/AA123456A/self-employment/2025-26/XAIS12345678910',
      'business-income-source-summary-mtd',
    ],
    [
      '/individuals/self-assessment/assist/reports/AA123456A/2025-26/f2fb30e5-4ab6-4a29-b3c1-c7264259ff1c',
      'self-assessment-assist-mtd',
    ],
    [
      '/individuals/calculations/AA123456A/self-assessment/2025-26/trigger/in-year',
      'individual-calculations-mtd',
    ],
    ['/individuals/losses/AA123456A/loss-claims', 'individual-losses-mtd'],
    ['/individuals/deductions/cis/AA123456A/amendments', 'cis-deductions-mtd'],
    ['/individuals/deductions/other/AA123456A/2025-26', 'other-deductions-mtd'],
    ['/individuals/savings-income/uk-accounts/AA123456A', 'individuals-savings-income-mtd'],
    [
      '/individuals/disposals-income/residential-property/AA123456A/2025-26',
      'individuals-capital-gains-income-mtd',
    ],
    ['/individuals/person/itsa-status/AA123456A/2025-26', 'self-assessment-individual-details-mtd'],
    ['/obligations/details/AA123456A/income-and-expenditure', 'obligations-mtd'],
    [
      '/accounts/self-assessment/AA123456A/balance-and-transactions',
      'self-assessment-accounts-mtd',
    ],
    ['/self-assessment/ni/AA123456A/self-employments', 'self-assessment-mtd'],
    ['/organisations/vat', 'vat-mtd'],
  ])('%s belongs to %s', (path, api) => {
    expect(apiForPath(path)).toBe(api);
  });

  it('knows no API for other paths, nor for a prefix that only looks alike', () => {
    expect(apiForPath('/oauth/token')).toBeUndefined();
    expect(apiForPath('/hello/world')).toBeUndefined();
    expect(apiForPath('/organisations/vatx/1')).toBeUndefined();
    expect(apiForPath('/')).toBeUndefined();
  });
});

describe('endpointPath', () => {
  it.each([
    ['/organisations/vat/564738291/returns/26A1', '/organisations/vat/{vrn}/returns/{periodKey}'],
    ['/organisations/vat/564738291/returns/%23001', '/organisations/vat/{vrn}/returns/{periodKey}'],
    ['/organisations/vat/564738291/obligations', '/organisations/vat/{vrn}/obligations'],
    [
      '/individuals/business/self-employment/AA123456A/XAIS12345678910/annual/2025-26',
      '/individuals/business/self-employment/{nino}/{businessId}/annual/{taxYear}',
    ],
    [
      '/individuals/calculations/AA123456A/self-assessment/2025-26/f2fb30e5-4ab6-4a29-b3c1-c7264259ff1c',
      '/individuals/calculations/{nino}/self-assessment/{taxYear}/{uuid}',
    ],
    [
      '/individuals/losses/AA123456A/loss-claims/AAZZ1234567890a',
      '/individuals/losses/{nino}/loss-claims/{id}',
    ],
    [
      '/accounts/self-assessment/AA123456A/charges/123456789012',
      '/accounts/self-assessment/{nino}/charges/{id}',
    ],
    [
      '/obligations/details/AA123456A/income-and-expenditure',
      '/obligations/details/{nino}/income-and-expenditure',
    ],
    ['/some/path/2026-03-31', '/some/path/{date}'],
  ])('%s calls %s', (path, endpoint) => {
    expect(endpointPath(path)).toBe(endpoint);
  });

  it('keeps words, including long ones without digits', () => {
    expect(endpointPath('/individuals/business/end-of-period-statement')).toBe(
      '/individuals/business/end-of-period-statement',
    );
  });
});
