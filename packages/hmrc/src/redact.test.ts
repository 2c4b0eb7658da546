import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redact.js';

describe('Redactor', () => {
  const secret = 'p@ss word+/=';
  const redactor = new Redactor();
  redactor.add(secret);
  redactor.add('token-123');
  redactor.add('');

  it('masks secrets as given and as they appear URL- or form-encoded', () => {
    expect(redactor.text(`a ${secret} b`)).toBe(`a ${REDACTED} b`);
    expect(redactor.text(encodeURIComponent(secret))).toBe(REDACTED);
    expect(redactor.text(new URLSearchParams({ s: secret }).toString())).toBe(`s=${REDACTED}`);
    expect(redactor.text('token-123token-123')).toBe(`${REDACTED}${REDACTED}`);
  });

  it('masks bearer credentials and OAuth fields it was not told about', () => {
    expect(redactor.text('Authorization: Bearer abc.def')).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
    expect(redactor.text('client_secret=xyz&grant_type=client_credentials')).toBe(
      `client_secret=${REDACTED}&grant_type=client_credentials`,
    );
    expect(redactor.text('{"access_token":"qqq","expires_in":1}')).toBe(
      `{"access_token":"${REDACTED}","expires_in":1}`,
    );
  });

  it('leaves other text alone', () => {
    for (const text of [
      'GET /test/fraud-prevention-headers/validate answered 403 RESOURCE_FORBIDDEN',
      'basic checks show that the header value supplied appears to be valid',
      'Check HMRC_CLIENT_ID and HMRC_CLIENT_SECRET: they must be a sandbox application',
    ])
      expect(redactor.text(text)).toBe(text);
    expect(redactor.text('Authorization: Basic dXNlcjpwYXNz')).toBe(
      `Authorization: Basic ${REDACTED}`,
    );
  });

  it('scrubs JSON-like values deeply without changing their shape', () => {
    expect(redactor.value({ a: ['x token-123 y', 1, null, { [secret]: true }] })).toEqual({
      a: [`x ${REDACTED} y`, 1, null, { [REDACTED]: true }],
    });
  });

  it('makes scrubbed copies of error causes, keeping name, code and the cause chain', () => {
    const inner = Object.assign(new Error(`read ECONNRESET ${secret}`), { code: 'ECONNRESET' });
    const outer = new TypeError('fetch failed: Bearer token-123 is invalid', { cause: inner });
    const copy = redactor.cause(outer);
    expect(copy).toBeInstanceOf(Error);
    expect(copy?.name).toBe('TypeError');
    expect(copy?.message).toBe(`fetch failed: Bearer ${REDACTED} is invalid`);
    expect(copy?.cause?.code).toBe('ECONNRESET');
    expect(copy?.cause?.message).toBe(`read ECONNRESET ${REDACTED}`);
    expect(JSON.stringify([copy?.stack, copy?.cause?.stack])).not.toContain('token-123');
    expect(redactor.cause(`plain ${secret}`)).toEqual({
      name: 'Error',
      message: `plain ${REDACTED}`,
    });
  });
});
