import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { describe, expect, it } from 'vitest';
import { validateWithFeedback, validationFeedback } from './feedback.js';
import { validate } from './validate.js';

const request = { path: '/organisations/vat/123456789/obligations', method: 'GET' };

describe('validationFeedback', () => {
  it('lists the headers in the order sent, each with its verdict, and the cross-check', () => {
    const set = { ...cleanSet(), 'Gov-Client-Timezone': 'GMT', 'Gov-Client-Multi-Factor': '' };
    const feedback = validationFeedback(set, request, { now: NOW });
    expect(feedback.path).toBe(request.path);
    expect(feedback.method).toBe('GET');
    expect(feedback.requestTimestamp).toBe(NOW.toISOString());
    expect(feedback.code).toBe('INVALID_HEADERS');
    expect(feedback.headers.map((h) => h.header)).toEqual(
      Object.keys(set).map((k) => k.toLowerCase()),
    );
    expect(feedback.headers.find((h) => h.header === 'gov-client-timezone')).toEqual({
      header: 'gov-client-timezone',
      value: 'GMT',
      code: 'INVALID_HEADER',
      errors: ['Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>'],
      warnings: [],
    });
    expect(feedback.headers.find((h) => h.header === 'gov-client-multi-factor')?.code).toBe(
      'POTENTIALLY_INVALID_HEADER',
    );
    expect(feedback.crossValidation).toEqual([
      {
        headers: ['gov-vendor-forwarded', 'gov-vendor-public-ip', 'gov-client-public-ip'],
        code: 'VALID_HEADERS',
        errors: [],
      },
    ]);
  });

  it('places a missing header after the nearest header the spec lists before it', () => {
    const set = cleanSet();
    delete set['Gov-Client-Public-Port'];
    delete set['Gov-Client-Connection-Method'];
    const feedback = validationFeedback(set, request, { connectionMethod: 'WEB_APP_VIA_SERVER' });
    const names = feedback.headers.map((h) => h.header);
    expect(names.indexOf('gov-client-public-port')).toBe(
      names.indexOf('gov-client-public-ip-timestamp') + 1,
    );
    expect(names[0]).toBe('gov-client-connection-method');
    expect(feedback.headers[0]).toEqual({
      header: 'gov-client-connection-method',
      code: 'MISSING_HEADER',
      errors: ['Header required'],
      warnings: [],
    });
  });

  it('marks unknown, unneeded and test-scenario headers', () => {
    const set = {
      ...cleanSet(),
      'Gov-Client-Colour': 'blue',
      'Gov-Client-User-Agent': 'os-family=Windows&os-version=11',
      'Gov-Test-Scenario': 'DEFAULT',
    };
    const codes = Object.fromEntries(
      validationFeedback(set, request).headers.map((h) => [h.header, [h.code, h.warnings]]),
    );
    expect(codes['gov-client-colour']).toEqual([
      'UNEXPECTED_HEADER',
      ['Unrecognised header. Check format and spelling'],
    ]);
    expect(codes['gov-client-user-agent']).toEqual(['UNEXPECTED_HEADER', []]);
    expect(codes['gov-test-scenario']).toEqual(['TEST_SCENARIO_HEADER', []]);
  });

  it('says NO_HEADERS for a request without fraud prevention headers', () => {
    const feedback = validationFeedback(
      { Accept: 'application/json', 'Gov-Test-Scenario': 'DEFAULT' },
      { ...request, requestTimestamp: new Date('2026-01-02T03:04:05.678Z') },
    );
    expect(feedback).toEqual({
      ...request,
      requestTimestamp: '2026-01-02T03:04:05.678Z',
      code: 'NO_HEADERS',
      headers: [
        {
          header: 'gov-test-scenario',
          value: 'DEFAULT',
          code: 'TEST_SCENARIO_HEADER',
          errors: [],
          warnings: [],
        },
      ],
      crossValidation: [],
    });
  });

  it('reports a failed cross-check with HMRC message', () => {
    const set = { ...cleanSet(), 'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.1' };
    expect(validationFeedback(set, request).crossValidation[0]).toMatchObject({
      code: 'INVALID_HEADERS',
      errors: [expect.stringMatching(/^At least 1 pair of IPs in Gov-Vendor-Forwarded/)],
    });
  });
});

describe('validateWithFeedback', () => {
  it('gives what validate and validationFeedback give apart, for valid, faulty and empty sets', () => {
    const sets = [
      cleanSet(),
      { ...cleanSet(), 'Gov-Client-Timezone': 'GMT', 'Gov-Vendor-Version': '' },
      { Accept: 'application/json' },
    ];
    for (const set of sets) {
      const both = validateWithFeedback(set, request, { now: NOW });
      expect(both.result).toEqual(validate(set, { now: NOW }));
      expect(both.feedback).toEqual(validationFeedback(set, request, { now: NOW }));
    }
  });
});
