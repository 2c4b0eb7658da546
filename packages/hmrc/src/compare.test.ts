import type { ValidationReport } from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';
import type { ValidateResult } from './client.js';
import { compareWithHmrc } from './compare.js';

const INVALID: ValidationReport = {
  specVersion: '3.3',
  code: 'INVALID_HEADERS',
  message: 'At least 1 header is invalid',
  errors: [
    {
      code: 'INVALID_HEADER',
      message: 'Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>',
      headers: ['gov-client-timezone'],
    },
  ],
};

function answer(body: unknown, conforms = true): ValidateResult {
  const base = { status: 200, attempts: 1, warnings: [] };
  return conforms
    ? { ...base, conforms: true, body: body as ValidationReport, issues: [], tolerated: [] }
    : {
        ...base,
        conforms: false,
        body,
        issues: [
          {
            path: '/code',
            keyword: 'enum',
            message: 'must be equal to one of the allowed values',
            params: {},
          },
        ],
        tolerated: [],
      };
}

describe('compareWithHmrc', () => {
  it('agrees when HMRC answers the same body, and carries HMRC side as checked', () => {
    const compared = compareWithHmrc(INVALID, answer(structuredClone(INVALID)));
    expect(compared.agree).toBe(true);
    expect(compared.disagreements).toEqual([]);
    expect(compared.hmrc).toEqual({
      status: 200,
      body: INVALID,
      conforms: true,
      issues: [],
      tolerated: [],
      warnings: [],
      attempts: 1,
    });
  });

  it('lists an answer outside HMRC own schema first, then every difference', () => {
    const odd = { ...INVALID, code: 'SOMETHING_ELSE' };
    const compared = compareWithHmrc(INVALID, answer(odd, false));
    expect(compared.agree).toBe(false);
    expect(compared.disagreements.map((d) => d.field)).toEqual(['body', 'code']);
    expect(compared.disagreements[0]!.detail).toBe(
      "HMRC's answer does not match its OpenAPI schema: /code must be equal to one of the allowed values",
    );
    expect(compared.disagreements[1]!.detail).toBe(
      'code: fph-kit says "INVALID_HEADERS", HMRC says "SOMETHING_ELSE"',
    );
  });
});
