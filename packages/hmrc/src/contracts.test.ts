import {
  CROSS_VALIDATION_CODES,
  ERROR_ISSUE_CODES,
  FEEDBACK_HEADER_CODES,
  FEEDBACK_REQUEST_CODES,
  REPORT_CODES,
  WARNING_ISSUE_CODES,
} from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import { responseSchema } from './schemas.js';

/** The object schema at `path` (property names; `[]` steps into an array's items). */
function at(schema: JsonObject, ...path: string[]): JsonObject {
  let node = schema;
  for (const step of path) {
    node = (step === '[]' ? node.items : (node.properties as JsonObject)[step]) as JsonObject;
  }
  return node;
}

/** The values a code schema allows: its enum, or the enums of its `oneOf` branches. */
function codes(node: JsonObject): unknown[] {
  return Array.isArray(node.oneOf)
    ? node.oneOf.flatMap((branch) => (branch as JsonObject).enum as unknown[])
    : (node.enum as unknown[]);
}

const sorted = (values: readonly unknown[]): unknown[] => [...values].map(String).sort();

describe("@fph-kit/spec's response contract against HMRC's OpenAPI document", () => {
  const validate = responseSchema('validate', 'strict');
  const feedback = responseSchema('validation-feedback', 'strict');

  it('lists the overall verdicts and the error codes of a validate answer as the document does', () => {
    expect(sorted(codes(at(validate, 'code')))).toEqual(sorted(REPORT_CODES));
    expect(sorted(codes(at(validate, 'errors', '[]', 'code')))).toEqual(sorted(ERROR_ISSUE_CODES));
  });

  it("lists the document's warning codes, plus the two HMRC is seen to send among warnings", () => {
    expect(sorted(codes(at(validate, 'warnings', '[]', 'code')))).toEqual(
      sorted(WARNING_ISSUE_CODES.filter((c) => c !== 'EMPTY_HEADER' && c !== 'MISSING_HEADER')),
    );
    const tolerant = responseSchema('validate', 'tolerant');
    expect(sorted(codes(at(tolerant, 'warnings', '[]', 'code')))).toEqual(
      sorted(WARNING_ISSUE_CODES),
    );
  });

  it('lists the request, header and cross-validation verdicts of validation feedback', () => {
    const request = at(feedback, 'requests', '[]');
    expect(sorted(codes(at(request, 'code')))).toEqual(sorted(FEEDBACK_REQUEST_CODES));
    expect(sorted(codes(at(request, 'headers', '[]', 'code')))).toEqual(
      sorted(FEEDBACK_HEADER_CODES),
    );
    expect(sorted(codes(at(request, 'crossValidation', '[]', 'code')))).toEqual(
      sorted(CROSS_VALIDATION_CODES),
    );
  });

  it('requires the lists FeedbackHeader, FeedbackCrossValidation and FeedbackRequest always carry', () => {
    const request = at(feedback, 'requests', '[]');
    expect(sorted(request.required as string[])).toEqual(
      sorted(['path', 'method', 'requestTimestamp', 'code', 'headers', 'crossValidation']),
    );
    expect(sorted(at(request, 'headers', '[]').required as string[])).toEqual(
      sorted(['header', 'code', 'errors', 'warnings']),
    );
    expect(sorted(at(request, 'crossValidation', '[]').required as string[])).toEqual(
      sorted(['headers', 'code', 'errors']),
    );
  });
});
