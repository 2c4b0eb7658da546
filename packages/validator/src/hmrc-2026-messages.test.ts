import { cleanSet } from '@fph-kit/test-support/clean-sets';
import { describe, expect, it } from 'vitest';
import { validationFeedback } from './feedback.js';
import { findRule } from './rules.js';
import { validate } from './validate.js';

/**
 * HMRC's Test API words a missing Gov-Client-Public-Port (an error) and a missing
 * Gov-Client-Multi-Factor (a warning) as its sandbox answered in January-February 2026; validate
 * and validation-feedback give the same words.
 */

const PUBLIC_PORT =
  'Header missing. You will not be able to submit a header if the connection is between client and server in a private network. If this is the case, you must contact us explaining why you cannot submit this header.';
const MULTI_FACTOR =
  'Header missing. This may be correct for single factor authentication, for example username and password. If this is the case, you must contact us explaining why you cannot submit this header.';

const now = Date.parse('2026-02-01T12:00:00.000Z');

function without(name: string): Record<string, string> {
  const set: Record<string, string> = { ...cleanSet('WEB_APP_VIA_SERVER') };
  delete set[name];
  return set;
}

describe("HMRC's 2026 wording of two missing headers", () => {
  it('a missing Gov-Client-Public-Port: an error, in the report', () => {
    const { report } = validate(without('Gov-Client-Public-Port'), { now });
    expect(report.code).toBe('INVALID_HEADERS');
    expect(report.errors).toEqual([
      { code: 'MISSING_HEADER', message: PUBLIC_PORT, headers: ['gov-client-public-port'] },
    ]);
  });

  it('a missing Gov-Client-Multi-Factor: a warning, in the report', () => {
    const { report } = validate(without('Gov-Client-Multi-Factor'), { now });
    expect(report.code).toBe('POTENTIALLY_INVALID_HEADERS');
    expect(report.warnings).toEqual([
      { code: 'MISSING_HEADER', message: MULTI_FACTOR, headers: ['gov-client-multi-factor'] },
    ]);
  });

  it('the same words in validation-feedback', () => {
    const request = { path: '/organisations/vat/123456789/obligations', method: 'GET' };
    const port = validationFeedback(without('Gov-Client-Public-Port'), request, { now });
    const portHeader = port.headers.find((h) => h.header === 'gov-client-public-port');
    expect(portHeader).toMatchObject({
      code: 'MISSING_HEADER',
      errors: [PUBLIC_PORT],
    });
    const mfa = validationFeedback(without('Gov-Client-Multi-Factor'), request, { now });
    const mfaHeader = mfa.headers.find((h) => h.header === 'gov-client-multi-factor');
    expect(mfaHeader).toMatchObject({
      code: 'MISSING_HEADER',
      warnings: [MULTI_FACTOR],
    });
  });

  it('the catalogue marks both as HMRC wording and says where it was seen', () => {
    for (const id of ['client-public-port.missing', 'client-multi-factor.missing']) {
      const rule = findRule(id)!;
      expect(rule.wording).toBe('hmrc');
      expect(rule.source).toContain('submit.diyaccounting.co.uk');
    }
  });
});
