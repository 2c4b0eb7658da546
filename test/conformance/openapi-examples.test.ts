import { validate, validationFeedback } from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';
import { examplesByMethod, openApi } from './spec-source.ts';

/**
 * Every example of HMRC's OpenAPI document for the Test Fraud Prevention Headers API, reproduced
 * from a header set built to give it. The examples were published for spec 3.1 and say
 * `"specVersion": "3.1"`; HMRC's API now answers "3.3", so that one field is substituted before
 * comparing. Everything else must match byte for byte.
 */

const api = openApi();
const validateExamples =
  api.paths['/test/fraud-prevention-headers/validate'].get.responses['200'].content[
    'application/json'
  ].examples;
const feedbackContent =
  api.paths['/test/fraud-prevention-headers/{api}/validation-feedback'].get.responses['200']
    .content['application/json'];

function expected(name: string): string {
  const value = validateExamples[name].value;
  expect(value.specVersion).toBe('3.1');
  return JSON.stringify({ ...value, specVersion: '3.3' });
}

/** The spec's own examples assembled into a complete WEB_APP_VIA_SERVER set (first of each). */
const WEB_EXAMPLES = examplesByMethod().get('WEB_APP_VIA_SERVER')!;
function webSet(): Record<string, string> {
  return Object.fromEntries([...WEB_EXAMPLES].map(([name, values]) => [name, values[0]!]));
}

describe('OpenAPI examples of GET /test/fraud-prevention-headers/validate', () => {
  it('noFphHeadersProvided: a request without any Gov-* header', () => {
    const onlyOthers = {
      Accept: 'application/vnd.hmrc.1.0+json',
      Authorization: 'Bearer 59fc92c1cdf0b8ef1f138a702effdbd2',
    };
    expect(JSON.stringify(validate(onlyOthers).report)).toBe(expected('noFphHeadersProvided'));
    // Gov-Test-Scenario is not a fraud prevention header either.
    const withScenario = { ...onlyOthers, 'Gov-Test-Scenario': 'DEFAULT' };
    expect(JSON.stringify(validate(withScenario).report)).toBe(expected('noFphHeadersProvided'));
  });

  it('allFphHeadersValid: the spec examples as a complete web app set', () => {
    expect(JSON.stringify(validate(webSet()).report)).toBe(expected('allFphHeadersValid'));
  });

  it('someFphHeadersWithAdvisories: a web app sending the os user ID', () => {
    const set = { ...webSet(), 'Gov-Client-User-IDs': 'os=domain%5Calice&my-application=alice123' };
    expect(JSON.stringify(validate(set).report)).toBe(expected('someFphHeadersWithAdvisories'));
  });

  it('someFphHeadersInvalid: bad timezone, no Vendor-Version, inconsistent IPs, os on the web', () => {
    const { 'Gov-Vendor-Version': _dropped, ...rest } = webSet();
    const set = {
      ...rest,
      'Gov-Client-Timezone': 'Europe/London',
      // Both addresses public and well formed, but the client's is not Gov-Client-Public-IP.
      'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.7',
      'Gov-Client-User-IDs': 'os=domain%5Calice&my-application=alice123',
    };
    expect(JSON.stringify(validate(set).report)).toBe(expected('someFphHeadersInvalid'));
  });
});

describe('OpenAPI example of GET /test/fraud-prevention-headers/{api}/validation-feedback', () => {
  const example = feedbackContent.example.requests[0];

  /** The request's headers as the example lists them, minus the one it reports missing. */
  function exampleHeaders(): [string, string][] {
    return example.headers
      .filter((h: { value?: string }) => h.value !== undefined)
      .map((h: { header: string; value: string }) => [h.header, h.value]);
  }

  it('reproduces the example element for the same request', () => {
    const feedback = validationFeedback(exampleHeaders(), {
      path: example.path,
      method: example.method,
      requestTimestamp: example.requestTimestamp,
    });
    expect(JSON.stringify(feedback)).toBe(JSON.stringify(example));
  });

  it('the schema-level example says the same', () => {
    expect(feedbackContent.schema.example).toEqual([feedbackContent.example]);
  });

  it('gives the same verdict as the validate report for that request', () => {
    const report = validate(exampleHeaders()).report;
    expect(report.code).toBe(example.code);
    expect(report.errors?.map((e) => [e.headers[0], e.message])).toEqual([
      ['gov-client-mac-addresses', 'Header required'],
      ['gov-client-screens', 'At least 1 screen is missing a value for scaling factor'],
      ['gov-client-screens', 'At least 1 screen is missing a value for colour depth'],
    ]);
    expect(report.warnings?.map((e) => e.headers[0])).toEqual(['gov-vendor-version']);
  });
});
