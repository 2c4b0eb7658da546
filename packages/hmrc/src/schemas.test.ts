import { feedbackExample, validateExample } from '@fph-kit/test-support/hmrc-sim';
import { describe, expect, it } from 'vitest';
import { HMRC_OPENAPI_DOCUMENT } from './openapi.generated.js';
import {
  checkAgainst,
  checkFeedbackResponse,
  checkValidateResponse,
  documentResponseSchema,
  responseSchema,
} from './schemas.js';

const VALIDATE_EXAMPLES = [
  'noFphHeadersProvided',
  'allFphHeadersValid',
  'someFphHeadersWithAdvisories',
  'someFphHeadersInvalid',
];

describe('response schemas derived from the OpenAPI document', () => {
  it('use the same schema as components.schemas for each endpoint', () => {
    const components = (HMRC_OPENAPI_DOCUMENT.components as { schemas: Record<string, object> })
      .schemas;
    const named = (name: string) => {
      const { title, ...rest } = components[name] as { title?: string };
      expect(title).toBe(name);
      return rest;
    };
    expect(documentResponseSchema('validate')).toEqual(
      named('TestFraudPreventionHeadersValidateresponse'),
    );
    const feedback = { ...documentResponseSchema('validation-feedback') };
    delete feedback.example; // the document puts an (array-wrapped) example inside this schema only
    expect(feedback).toEqual(named('TestFraudPreventionHeadersValidationFeedbackresponse'));
  });

  it("shows the document's bug: its own schema rejects its own examples (code is declared an object)", () => {
    for (const name of VALIDATE_EXAMPLES) {
      expect(checkAgainst('validate', 'document', validateExample(name))).toEqual([
        expect.objectContaining({ path: '/code', keyword: 'type', params: { type: 'object' } }),
      ]);
    }
  });

  it('accepts every example of the document once that bug is corrected, with nothing tolerated', () => {
    for (const name of VALIDATE_EXAMPLES) {
      expect(checkAgainst('validate', 'strict', validateExample(name))).toEqual([]);
      expect(checkValidateResponse(validateExample(name))).toMatchObject({
        conforms: true,
        tolerated: [],
      });
    }
    expect(checkAgainst('validation-feedback', 'strict', feedbackExample())).toEqual([]);
    expect(checkFeedbackResponse(feedbackExample())).toMatchObject({
      conforms: true,
      tolerated: [],
    });
  });

  it("notes that the feedback schema's own example is wrapped in an array (another slip)", () => {
    const inner = (documentResponseSchema('validation-feedback').example as unknown[])[0];
    expect(inner).toEqual(feedbackExample());
    expect(checkFeedbackResponse([inner]).conforms).toBe(false);
  });

  it('keeps the corrected code a string: objects and numbers are refused', () => {
    for (const code of [{}, 1, 'VALID']) {
      const body = { ...validateExample('allFphHeadersValid'), code };
      expect(checkValidateResponse(body).conforms).toBe(false);
    }
  });

  it('tolerates EMPTY_HEADER and MISSING_HEADER among warnings and reports each as tolerated', () => {
    const body = {
      specVersion: '3.3',
      code: 'POTENTIALLY_INVALID_HEADERS',
      message: 'At least 1 header is potentially invalid',
      warnings: [
        {
          code: 'MISSING_HEADER',
          message: 'Header required',
          headers: ['gov-client-multi-factor'],
        },
        { code: 'EMPTY_HEADER', message: 'Value required', headers: ['gov-vendor-license-ids'] },
      ],
    };
    const check = checkValidateResponse(body);
    expect(check.conforms).toBe(true);
    expect(check.tolerated).toEqual([
      {
        path: '/warnings/0/code',
        keyword: 'enum',
        message: 'must be one of POTENTIALLY_INVALID_HEADER, UNEXPECTED_HEADER',
        params: { allowedValues: ['POTENTIALLY_INVALID_HEADER', 'UNEXPECTED_HEADER'] },
      },
      expect.objectContaining({ path: '/warnings/1/code', keyword: 'enum' }),
    ]);
  });

  it('still refuses codes nobody has seen among warnings', () => {
    const body = {
      ...validateExample('someFphHeadersWithAdvisories'),
      warnings: [{ code: 'INVALID_HEADER', message: 'x', headers: ['gov-client-timezone'] }],
    };
    const check = checkValidateResponse(body);
    expect(check.conforms).toBe(false);
    expect(check.issues).toEqual([
      expect.objectContaining({ path: '/warnings/0/code', keyword: 'enum' }),
    ]);
  });

  it('tolerates empty errors/warnings lists', () => {
    const check = checkValidateResponse({
      ...validateExample('allFphHeadersValid'),
      errors: [],
      warnings: [],
    });
    expect(check.conforms).toBe(true);
    expect(check.tolerated.map((t) => [t.path, t.keyword])).toEqual([
      ['/errors', 'minItems'],
      ['/warnings', 'minItems'],
    ]);
  });

  it('tolerates feedback arrays left out, but not a missing requests list or header name', () => {
    const omitted = {
      requests: [
        {
          path: '/organisations/vat/107794340/obligations',
          method: 'GET',
          requestTimestamp: '2026-03-02T10:00:00.000Z',
          code: 'NO_HEADERS',
        },
      ],
    };
    const check = checkFeedbackResponse(omitted);
    expect(check.conforms).toBe(true);
    expect(check.tolerated.map((t) => t.params.missingProperty).sort()).toEqual([
      'crossValidation',
      'headers',
    ]);

    expect(checkFeedbackResponse({}).issues).toEqual([
      expect.objectContaining({ keyword: 'required', params: { missingProperty: 'requests' } }),
    ]);
    const noName = feedbackExample() as {
      requests: Array<{ headers: Array<Record<string, unknown>> }>;
    };
    delete noName.requests[0]!.headers[0]!.header;
    expect(checkFeedbackResponse(noName).issues).toEqual([
      expect.objectContaining({
        path: '/requests/0/headers/0',
        params: { missingProperty: 'header' },
      }),
    ]);
  });

  it('reports non-JSON-object bodies as issues, never throwing', () => {
    for (const body of [null, 'text', 42, [], undefined]) {
      expect(checkValidateResponse(body).conforms).toBe(false);
      expect(checkFeedbackResponse(body).conforms).toBe(false);
    }
  });

  it('returns fresh schema objects (callers may change them)', () => {
    const a = responseSchema('validate', 'tolerant');
    a.title = 'changed';
    expect(responseSchema('validate', 'tolerant').title).not.toBe('changed');
  });
});
