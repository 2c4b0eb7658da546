import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { describe, expect, it } from 'vitest';
import { GOV_BLOCK_LIMIT, HEADER_LINE_LIMIT } from './size-limits.js';
import { validate } from './validate.js';

const opts = { now: NOW };

function advisories(change: Record<string, string>) {
  const result = validate({ ...cleanSet('WEB_APP_VIA_SERVER'), ...change }, opts);
  return { report: result.report, advisories: result.advisories };
}

describe('the licence ID advisory', () => {
  it('names the unhashed licence ID, not the software it is for', () => {
    const { advisories: found } = advisories({ 'Gov-Vendor-License-IDs': 'my-app=abc123' });
    expect(found.map((f) => [f.rule, f.detail])).toEqual([
      ['vendor-license-ids.not-hashed', "'abc123' (for 'my-app')"],
    ]);
  });
});

describe('sizes common gateways refuse', () => {
  it('a 9 KB header value: an advisory naming its size, the limit and where the limit comes from', () => {
    const value = `acme-books=${'j'.repeat(9000)}`;
    const { report, advisories: found } = advisories({ 'Gov-Client-User-IDs': value });
    expect(report.code).toBe('VALID_HEADERS');
    expect(found).toHaveLength(1);
    const bytes = 'Gov-Client-User-IDs: '.length + value.length;
    expect(found[0]).toMatchObject({ rule: 'any.too-large', header: 'gov-client-user-ids' });
    expect(found[0]!.detail).toBe(
      `Gov-Client-User-IDs is ${bytes.toLocaleString('en-GB')} bytes as a header line; Apache httpd refuses a header line over 8,190 bytes (LimitRequestFieldSize), nginx one over 8 KiB (large_client_header_buffers), fph serve a value over 8 KiB`,
    );
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 2,800 characters of 3 bytes each: 8,400 bytes, though under 8,190 characters.
    const value = `acme-books=${'€'.repeat(2800)}`;
    const { advisories: found } = advisories({ 'Gov-Client-User-IDs': value });
    expect(found.map((f) => f.rule)).toContain('any.too-large');
  });

  it('just under the line limit: nothing', () => {
    const room = HEADER_LINE_LIMIT - 'Gov-Client-User-IDs: acme-books='.length;
    const { advisories: found } = advisories({
      'Gov-Client-User-IDs': `acme-books=${'j'.repeat(room)}`,
    });
    expect(found).toEqual([]);
  });

  it('the whole Gov-* block over 16 KiB, though no line is too large', () => {
    const { advisories: found } = advisories({
      'Gov-Client-User-IDs': `acme-books=${'j'.repeat(8000)}`,
      'Gov-Vendor-License-IDs': `acme-books=${'a1'.repeat(4000)}`,
    });
    expect(found.map((f) => f.rule)).toEqual(['set.too-large']);
    expect(found[0]!.detail).toMatch(
      new RegExp(
        `^the Gov-\\* headers are [0-9,]+ bytes together; Node.js refuses a request whose headers pass ${GOV_BLOCK_LIMIT.toLocaleString('en-GB')} bytes in all`,
      ),
    );
  });

  it('a header sent on two lines is not one long line, though both count towards the block', () => {
    const half = `acme-books=${'j'.repeat(5000)}`;
    const lines: [string, string][] = [
      ...Object.entries(cleanSet('WEB_APP_VIA_SERVER')).filter(
        ([name]) => name !== 'Gov-Client-User-IDs',
      ),
      ['Gov-Client-User-IDs', half],
      ['Gov-Client-User-IDs', half],
    ];
    const twice = validate(lines, opts).advisories.map((f) => f.rule);
    expect(twice).toContain('any.repeated');
    expect(twice).not.toContain('any.too-large');
    expect(twice).not.toContain('set.too-large');
    // Four such lines pass 16 KiB together.
    const four = validate(
      [...lines, ['Gov-Client-User-IDs', half], ['Gov-Client-User-IDs', half]],
      opts,
    );
    expect(four.advisories.map((f) => f.rule)).toContain('set.too-large');
  });
});
