import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { describe, expect, it } from 'vitest';
import { isValidatorError } from './errors.js';
import { isPassing } from './strict.js';
import type { ValidateOptions } from './types.js';
import { validate } from './validate.js';

const opts: ValidateOptions = { now: NOW };

describe('the report', () => {
  it('is exactly HMRC body for a valid set, keys in HMRC order', () => {
    expect(JSON.stringify(validate(cleanSet(), opts).report)).toBe(
      '{"specVersion":"3.3","code":"VALID_HEADERS","message":"All headers required for your connection method have been supplied and all appear to be valid. Validation is based on a single request. We have access to all requests and can draw additional conclusions."}',
    );
  });

  it('sorts issues by header name, puts the cross-header issue last, and leaves empty lists out', () => {
    const set = {
      ...cleanSet(),
      'Gov-Vendor-Version': '',
      'Gov-Client-Timezone': 'GMT',
      'Gov-Client-Device-ID': 'x',
      'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.1',
    };
    delete (set as Record<string, string>)['Gov-Client-Screens'];
    const { report } = validate(set, opts);
    expect(report.code).toBe('INVALID_HEADERS');
    expect(report.message).toBe('At least 1 header is invalid');
    expect(report.errors!.map((e) => [e.code, e.headers.join(' ')])).toEqual([
      ['MISSING_HEADER', 'gov-client-screens'],
      ['INVALID_HEADER', 'gov-client-timezone'],
      ['EMPTY_HEADER', 'gov-vendor-version'],
      ['INVALID_HEADERS', 'gov-vendor-forwarded gov-vendor-public-ip gov-client-public-ip'],
    ]);
    expect(report.warnings!.map((w) => w.code)).toEqual([
      'POTENTIALLY_INVALID_HEADER',
      'POTENTIALLY_INVALID_HEADER',
    ]);
    expect(Object.keys(report)).toEqual(['specVersion', 'code', 'message', 'errors', 'warnings']);
  });

  it('with warnings only is POTENTIALLY_INVALID_HEADERS and has no errors key', () => {
    const { report } = validate({ ...cleanSet(), 'Gov-Client-Multi-Factor': '' }, opts);
    expect(report).toEqual({
      specVersion: '3.3',
      code: 'POTENTIALLY_INVALID_HEADERS',
      message: 'At least 1 header is potentially invalid',
      warnings: [
        {
          code: 'EMPTY_HEADER',
          message:
            'Value required unless your application only uses single-factor authentication. Check what to do about missing data.',
          headers: ['gov-client-multi-factor'],
        },
      ],
    });
  });

  it('reports each rule once per header however many items break it', () => {
    const screens =
      'width=1&height=1,width=2&height=2,width=3&height=3&scaling-factor=1&colour-depth=24';
    const { report } = validate({ ...cleanSet(), 'Gov-Client-Screens': screens }, opts);
    expect(report.errors!.map((e) => e.message)).toEqual([
      'At least 1 screen is missing a value for scaling factor',
      'At least 1 screen is missing a value for colour depth',
    ]);
  });

  it('does not pile value checks on a value that is not key-value data', () => {
    const { report } = validate({ ...cleanSet(), 'Gov-Client-Screens': '1920x1080' }, opts);
    expect(report.errors!.map((e) => e.message)).toEqual([
      'Value must be a key-value data structure',
    ]);
  });
});

describe('a set without fraud prevention headers', () => {
  it('gets HMRC message without an issue list, and one set-level finding', () => {
    const result = validate({ Accept: '*/*', 'Gov-Test-Scenario': 'DEFAULT' }, opts);
    expect(JSON.stringify(result.report)).toBe(
      '{"specVersion":"3.3","code":"INVALID_HEADERS","message":"No fraud prevention headers submitted. These are required by law. Check the specification."}',
    );
    expect(result.findings.map((f) => [f.rule, f.header, f.headers])).toEqual([
      ['set.no-headers', 'gov-*', []],
      ['any.test-scenario', 'gov-test-scenario', ['gov-test-scenario']],
    ]);
    expect(result.advisories.map((a) => a.rule)).toEqual(['any.test-scenario']);
  });
});

describe('the connection method', () => {
  it('missing: the method cannot be known, so only value formats are checked', () => {
    const set = cleanSet();
    delete set['Gov-Client-Connection-Method'];
    delete set['Gov-Client-Screens'];
    const result = validate(set, opts);
    expect(result.report.errors).toEqual([
      {
        code: 'MISSING_HEADER',
        message: 'Header required',
        headers: ['gov-client-connection-method'],
      },
    ]);
    expect(result.connectionMethod).toBeUndefined();
  });

  it('unknown: judged invalid, other headers checked for format only', () => {
    const result = validate({ ...cleanSet(), 'Gov-Client-Connection-Method': 'WEB_APP' }, opts);
    expect(result.report.errors?.map((e) => e.headers[0])).toEqual([
      'gov-client-connection-method',
    ]);
  });

  it('the option decides which headers are required, and the difference is an advisory', () => {
    const result = validate(cleanSet('WEB_APP_VIA_SERVER'), {
      ...opts,
      connectionMethod: 'DESKTOP_APP_DIRECT',
    });
    expect(result.connectionMethod).toBe('DESKTOP_APP_DIRECT');
    const missing = result.report.errors!.filter((e) => e.code === 'MISSING_HEADER');
    expect(missing.map((e) => e.headers[0])).toEqual([
      'gov-client-local-ips',
      'gov-client-local-ips-timestamp',
      'gov-client-mac-addresses',
      'gov-client-user-agent',
    ]);
    expect(result.advisories.map((a) => a.rule)).toContain('client-connection-method.mismatch');
    expect(result.advisories.map((a) => a.rule)).toContain('any.not-required');
  });

  it('an invalid option is the caller error, thrown as ValidatorError', () => {
    const call = () =>
      validate(cleanSet(), { connectionMethod: 'WEB' as unknown as 'OTHER_DIRECT' });
    expect(call).toThrow(/options.connectionMethod 'WEB'/);
    try {
      call();
    } catch (error) {
      expect(isValidatorError(error)).toBe(true);
    }
    expect(() => validate(cleanSet(), { now: new Date('nonsense') })).toThrow(/options.now/);
  });
});

describe('header input', () => {
  it('refuses a headers argument that is not a map, with a ValidatorError naming what it got', () => {
    for (const bad of [null, 'Gov-Client-Timezone: UTC+00:00', 42, undefined]) {
      let caught: unknown;
      try {
        validate(bad as never, opts);
      } catch (error) {
        caught = error;
      }
      expect(isValidatorError(caught)).toBe(true);
      expect((caught as Error).message).toMatch(
        /headers must be an object.*got (null|string|number|undefined)/,
      );
    }
  });

  it('names are case-insensitive and the report uses lower case', () => {
    const upper = Object.fromEntries(
      Object.entries(cleanSet()).map(([k, v]) => [k.toUpperCase(), v]),
    );
    expect(validate(upper, opts).report.code).toBe('VALID_HEADERS');
    const { report } = validate({ ...upper, 'GOV-CLIENT-TIMEZONE': 'GMT' }, opts);
    expect(report.errors![0]!.headers).toEqual(['gov-client-timezone']);
  });

  it('accepts a Fetch Headers object, pairs and Node-style objects with arrays and numbers', () => {
    const set = cleanSet();
    expect(validate(new Headers(set), opts).report.code).toBe('VALID_HEADERS');
    expect(validate(Object.entries(set), opts).report.code).toBe('VALID_HEADERS');
    const node: Record<string, string | string[] | number> = { ...set };
    node['gov-client-public-port'] = 53124;
    delete node['Gov-Client-Public-Port'];
    expect(validate(node, opts).report.code).toBe('VALID_HEADERS');
  });

  it('a repeated header is validated as HTTP joins it, with an advisory', () => {
    const pairs: [string, string][] = [...Object.entries(cleanSet())];
    pairs.push(['Gov-Client-Public-Port', '53125']);
    const result = validate(pairs, opts);
    expect(result.report.errors).toEqual([
      {
        code: 'INVALID_HEADER',
        message: 'Value must be a whole number between 1 and 65535',
        headers: ['gov-client-public-port'],
      },
    ]);
    const repeated = result.advisories.find((a) => a.rule === 'any.repeated');
    expect(repeated).toMatchObject({ value: '53124, 53125', detail: 'sent 2 times' });
  });

  it('ignores headers that are not fraud prevention headers', () => {
    const set = { ...cleanSet(), Authorization: 'Bearer x', 'X-Gov-Thing': '1', Accept: '*/*' };
    expect(validate(set, opts).findings).toEqual([]);
  });

  it('a blank value counts as empty', () => {
    const { report } = validate({ ...cleanSet(), 'Gov-Client-Timezone': ' \t' }, opts);
    expect(report.errors).toEqual([
      { code: 'EMPTY_HEADER', message: 'Value required', headers: ['gov-client-timezone'] },
    ]);
  });
});

describe('findings', () => {
  it('carry rule, header, value, detail, hint and the spec section for the method', () => {
    const result = validate({ ...cleanSet(), 'Gov-Client-Public-Port': '443' }, opts);
    expect(result.findings).toEqual([
      {
        rule: 'client-public-port.server-port',
        severity: 'error',
        header: 'gov-client-public-port',
        headers: ['gov-client-public-port'],
        message: 'Value must not be a server port, for example 80 or 443',
        hint: "Send the client's source port (usually 1024-65535), not the port your server listens on.",
        specUrl:
          'https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/web-app-via-server/#gov-client-public-port',
        code: 'INVALID_HEADER',
        value: '443',
      },
    ]);
  });

  it('list report issues first (errors, warnings) and advisories after, never in the report', () => {
    const set = {
      ...cleanSet(),
      'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
      'Gov-Client-Timezone': 'UTC-01:15',
    };
    const result = validate(set, opts);
    expect(result.report.code).toBe('VALID_HEADERS');
    expect(result.findings.map((f) => f.rule)).toEqual([
      'any.spec-example',
      'client-timezone.unused-offset',
    ]);
    expect(result.advisories).toEqual(result.findings);
  });
});

describe('isPassing', () => {
  it('fails on errors; with strict also on warnings and advisories, not on info notes', () => {
    const valid = validate(cleanSet(), opts);
    const info = validate({ ...cleanSet(), 'Gov-Test-Scenario': 'DEFAULT' }, opts);
    const advisory = validate({ ...cleanSet(), 'Gov-Client-Timezone': 'UTC-00:00' }, opts);
    const warning = validate({ ...cleanSet(), 'Gov-Client-Multi-Factor': '' }, opts);
    const error = validate({ ...cleanSet(), 'Gov-Client-Timezone': '' }, opts);
    expect([valid, info, advisory, warning, error].map((r) => isPassing(r))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(
      [valid, info, advisory, warning, error].map((r) => isPassing(r, { strict: true })),
    ).toEqual([true, true, false, false, false]);
  });
});
