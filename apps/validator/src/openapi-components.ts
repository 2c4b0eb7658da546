import { CONNECTION_METHODS } from '@fph-kit/spec';

/** The OpenAPI document's components: the schemas its operations refer to, and the token. */

export const ref = (name: string): Record<string, string> => ({
  $ref: `#/components/schemas/${name}`,
});

export const methodSchema: { type: string; enum: string[] } = {
  type: 'string',
  enum: [...CONNECTION_METHODS],
};

const headersSchema = {
  description:
    'Header name to value (names in any letter case; an array of values for a repeated header), or `[name, value]` pairs. Values must be sendable in HTTP: no NUL, CR, LF or other control characters.',
  oneOf: [
    {
      type: 'object',
      additionalProperties: {
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
      },
    },
    {
      type: 'array',
      items: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
    },
  ],
};

/** `report` is HMRC's validate response schema, as the operations use it. */
export function serviceComponents(report: object): Record<string, unknown> {
  return {
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string', description: 'Anchor of /problems for the code' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string', description: 'What was wrong and where' },
          code: { type: 'string', description: "fph-kit's code, or HMRC's when relayed" },
          pointer: { type: 'string', description: 'JSON Pointer of the offending field' },
          line: { type: 'integer' },
          column: { type: 'integer' },
          limit: { type: 'integer' },
        },
        additionalProperties: true,
      },
      HmrcError: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' } },
      },
      Finding: {
        type: 'object',
        required: ['rule', 'severity', 'header', 'headers', 'message', 'hint', 'specUrl'],
        properties: {
          rule: { type: 'string' },
          severity: { type: 'string', enum: ['error', 'warning', 'advisory', 'info'] },
          code: { type: 'string' },
          header: { type: 'string' },
          headers: { type: 'array', items: { type: 'string' } },
          value: { type: 'string' },
          message: { type: 'string' },
          detail: { type: 'string' },
          hint: { type: 'string' },
          specUrl: { type: 'string' },
        },
      },
      ValidateRequest: {
        type: 'object',
        required: ['headers'],
        additionalProperties: false,
        properties: {
          headers: headersSchema,
          connectionMethod: methodSchema,
          part: {
            type: 'string',
            enum: ['client'],
            description:
              "Judge only the headers sent, as the client's part of a via-server set; `report` is then left out",
          },
        },
      },
      ValidateResult: {
        type: 'object',
        required: ['advisories', 'findings'],
        properties: {
          report,
          advisories: { type: 'array', items: ref('Finding') },
          findings: { type: 'array', items: ref('Finding') },
          connectionMethod: methodSchema,
          part: { type: 'string', enum: ['client'] },
          headers: { type: 'array', items: { type: 'object' } },
          notSent: { type: 'array', items: { type: 'string' } },
        },
      },
      ValidateTextResult: {
        type: 'object',
        required: ['format', 'sets'],
        properties: {
          format: { type: 'string', enum: ['json', 'headers', 'har'] },
          sets: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                request: { type: 'object' },
                connectionMethod: methodSchema,
                report,
                advisories: { type: 'array', items: ref('Finding') },
                findings: { type: 'array', items: ref('Finding') },
                headers: {
                  type: 'array',
                  description: 'Per header, as in HMRC validation feedback',
                  items: { type: 'object' },
                },
                crossValidation: { type: 'array', items: { type: 'object' } },
              },
            },
          },
        },
      },
      CompareRequest: {
        type: 'object',
        required: ['headers'],
        additionalProperties: false,
        properties: { headers: headersSchema },
      },
      CompareResult: {
        type: 'object',
        required: ['agree', 'local', 'hmrc', 'disagreements', 'ignored'],
        properties: {
          agree: { type: 'boolean' },
          local: ref('ValidateResult'),
          hmrc: {
            type: 'object',
            properties: {
              status: { type: 'integer' },
              body: {},
              conforms: { type: 'boolean' },
              issues: { type: 'array', items: { type: 'object' } },
              warnings: { type: 'array', items: { type: 'object' } },
            },
          },
          disagreements: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'detail'],
              properties: {
                field: {
                  type: 'string',
                  enum: ['specVersion', 'code', 'message', 'errors', 'warnings', 'body'],
                },
                only: { type: 'string', enum: ['local', 'hmrc'] },
                detail: { type: 'string' },
              },
            },
          },
          ignored: {
            type: 'array',
            items: { type: 'string' },
            description: 'Names given that are not Gov-* headers (neither side judges them)',
          },
        },
      },
      Evidence: {
        type: 'object',
        required: ['generatedAt', 'specVersion', 'summary', 'endpoints'],
        properties: {
          generatedAt: { type: 'string' },
          specVersion: { type: 'string' },
          upstream: { type: 'string', nullable: true },
          store: {
            type: 'object',
            properties: {
              kind: { type: 'string', enum: ['memory', 'sqlite', 'postgres'] },
              location: { type: 'string' },
            },
          },
          summary: { type: 'object' },
          evicted: { type: 'integer' },
          endpoints: { type: 'array', items: { type: 'object' } },
        },
      },
      Health: {
        type: 'object',
        required: ['status'],
        properties: {
          status: { type: 'string', enum: ['ok'] },
          version: { type: 'string' },
          specVersion: { type: 'string' },
          gateway: { type: 'object', nullable: true },
          store: { type: 'string', enum: ['memory', 'sqlite', 'postgres'] },
          hmrc: { type: 'object' },
        },
      },
    },
    securitySchemes: {
      serviceToken: {
        type: 'http',
        scheme: 'bearer',
        description:
          'The service token (FPH_SERVICE_TOKEN or --token-file). Needed when the service listens beyond loopback, or when a token is set.',
      },
    },
  };
}
