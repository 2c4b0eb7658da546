import { CONNECTION_METHODS } from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_PATH, loadDocument } from '../scripts/generate-openapi.js';
import { API_IDENTIFIERS, HMRC_OPENAPI_DOCUMENT } from './openapi.generated.js';

describe('generated OpenAPI module', () => {
  it(`matches ${DOCUMENT_PATH.split('/').pop()} (run "pnpm --filter @fph-kit/hmrc generate" when it changes)`, () => {
    expect(HMRC_OPENAPI_DOCUMENT).toEqual(loadDocument());
  });

  it("lists the document's API identifiers, the same as the path parameter's enum", () => {
    const document = loadDocument() as {
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string; schema: { enum?: string[] } }> } }
      >;
    };
    const api = document.paths[
      '/test/fraud-prevention-headers/{api}/validation-feedback'
    ]!.get.parameters.find((p) => p.name === 'api');
    expect([...API_IDENTIFIERS]).toEqual(api?.schema.enum);
    expect(API_IDENTIFIERS).toContain('vat-mtd');
  });

  it('has the same connection methods as @fph-kit/spec', () => {
    const schemas = (
      HMRC_OPENAPI_DOCUMENT.components as { schemas: Record<string, { enum: string[] }> }
    ).schemas;
    expect([...schemas.connectionMethod!.enum].sort()).toEqual([...CONNECTION_METHODS].sort());
  });
});
