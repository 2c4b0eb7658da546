import { describe, expect, it } from 'vitest';
import { deprecationWarnings, parseLinks } from './deprecation.js';

const ENDPOINT = 'GET /test/fraud-prevention-headers/validate';

describe('deprecationWarnings', () => {
  it('is empty without Deprecation or Sunset (a Link alone is not a warning)', () => {
    expect(deprecationWarnings(new Headers(), ENDPOINT)).toEqual([]);
    expect(
      deprecationWarnings(new Headers({ link: '<https://x.example/>; rel="help"' }), ENDPOINT),
    ).toEqual([]);
  });

  it("reads HMRC's IMF-fixdate headers and bare documentation URL", () => {
    const [warning] = deprecationWarnings(
      new Headers({
        deprecation: 'Sun, 01 Jan 2023 23:59:59 GMT',
        sunset: 'Sun, 02 Jul 2023 23:59:59 GMT',
        link: 'https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/individual-calculations-api',
      }),
      ENDPOINT,
    );
    expect(warning).toEqual({
      code: 'ENDPOINT_DEPRECATED',
      message:
        'HMRC deprecated GET /test/fraud-prevention-headers/validate as of 2023-01-01T23:59:59.000Z; it may stop working from 2023-07-02T23:59:59.000Z. See https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/individual-calculations-api.',
      deprecation: 'Sun, 01 Jan 2023 23:59:59 GMT',
      deprecatedAt: '2023-01-01T23:59:59.000Z',
      sunset: 'Sun, 02 Jul 2023 23:59:59 GMT',
      sunsetAt: '2023-07-02T23:59:59.000Z',
      links: [
        'https://developer.service.hmrc.gov.uk/api-documentation/docs/api/service/individual-calculations-api',
      ],
    });
  });

  it('keeps the older sentence form of Deprecation as text', () => {
    const text = 'This endpoint is deprecated. See the API documentation.';
    const [warning] = deprecationWarnings(new Headers({ deprecation: text }), ENDPOINT);
    expect(warning?.deprecatedAt).toBeUndefined();
    expect(warning?.deprecation).toBe(text);
    expect(warning?.message).toContain(`("${text}")`);
  });

  it('reads the structured-field date form (@seconds)', () => {
    const [warning] = deprecationWarnings(new Headers({ deprecation: '@1688169599' }), ENDPOINT);
    expect(warning?.deprecatedAt).toBe('2023-06-30T23:59:59.000Z');
  });

  it('warns about a Sunset without Deprecation', () => {
    const [warning] = deprecationWarnings(
      new Headers({ sunset: 'Sun, 02 Jul 2023 23:59:59 GMT' }),
      ENDPOINT,
    );
    expect(warning?.code).toBe('ENDPOINT_SUNSET');
    expect(warning?.deprecation).toBeUndefined();
  });
});

describe('parseLinks', () => {
  it('reads <uri> entries with parameters, several per header', () => {
    expect(
      parseLinks('<https://a.example/doc>; rel="deprecation", <https://b.example/>; rel=sunset'),
    ).toEqual(['https://a.example/doc', 'https://b.example/']);
  });
  it('reads a bare URL and ignores other text', () => {
    expect(parseLinks('https://a.example/doc')).toEqual(['https://a.example/doc']);
    expect(parseLinks('see the docs')).toEqual([]);
    expect(parseLinks(null)).toEqual([]);
  });
});
