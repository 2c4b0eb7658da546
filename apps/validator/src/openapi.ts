import { API_IDENTIFIERS, HMRC_ACCEPT, responseSchema } from '@fph-kit/hmrc';
import { CONNECTION_METHODS } from '@fph-kit/spec';

/**
 * The service's routes, one table for registering them and for the OpenAPI document that
 * describes them (a test checks both list the same). Paths are in OpenAPI syntax.
 */
export const ROUTES = [
  { method: 'get', path: '/test/fraud-prevention-headers/validate' },
  { method: 'get', path: '/test/fraud-prevention-headers/{api}/validation-feedback' },
  { method: 'post', path: '/v1/validate' },
  { method: 'post', path: '/v1/validate-text' },
  { method: 'post', path: '/v1/compare' },
  { method: 'get', path: '/v1/evidence' },
  { method: 'delete', path: '/v1/evidence' },
  { method: 'get', path: '/evidence' },
  { method: 'get', path: '/openapi.json' },
  { method: 'get', path: '/healthz' },
  { method: 'get', path: '/' },
  { method: 'get', path: '/assets/{file}' },
  { method: 'get', path: '/problems' },
] as const;

type Route = (typeof ROUTES)[number];
/** `method path` of each route, e.g. `post /v1/validate`. */
export type RouteKey = Route extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

const ref = (name: string): Record<string, string> => ({ $ref: `#/components/schemas/${name}` });

const json = (schema: object, description: string): object => ({
  description,
  content: { 'application/json': { schema } },
});

const problem = (description: string): object => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const hmrcError = (description: string): object => ({
  description,
  content: { 'application/json': { schema: ref('HmrcError') } },
});

const acceptParameter = {
  name: 'Accept',
  in: 'header',
  required: true,
  description: `Must be \`${HMRC_ACCEPT}\`, as HMRC requires (406 otherwise).`,
  schema: { type: 'string', enum: [HMRC_ACCEPT] },
};

const authorizationParameter = {
  name: 'Authorization',
  in: 'header',
  required: false,
  description:
    'Accepted and ignored: a bearer token cannot be checked offline. HMRC requires one; this service does not.',
  schema: { type: 'string' },
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

const methodSchema = { type: 'string', enum: [...CONNECTION_METHODS] };

/** The service's OpenAPI 3.0 document. */
export function serviceOpenApi(version: string): Record<string, unknown> {
  /** HMRC's validate response, with its known deviations allowed: used three times below. */
  const report = responseSchema('validate', 'tolerant');
  return {
    openapi: '3.0.3',
    info: {
      title: 'fph-kit validator service',
      version,
      description: [
        "Validates HMRC fraud prevention headers offline, answering as HMRC's Test Fraud Prevention Headers API does, and forwards every other request to an upstream (HMRC's sandbox by default) as a gateway that records the Gov-* headers of the latest request to each endpoint.",
        '',
        "`/test/fraud-prevention-headers/*` answer in HMRC's format, its errors included (`{code, message}`). Every other error is `application/problem+json` with a `code` (see `/problems`).",
        '',
        'Gateway: any request not listed here is forwarded to the upstream unchanged (hop-by-hop headers aside) and its answer returned unchanged; an upstream that cannot be reached gives 502, one that does not answer in time 504.',
      ].join('\n'),
    },
    paths: {
      '/test/fraud-prevention-headers/validate': {
        get: {
          summary: "HMRC's verdict on this request's own Gov-* headers",
          description:
            "Answers exactly as HMRC's `GET /test/fraud-prevention-headers/validate` would for the Gov-* headers of this request.",
          parameters: [acceptParameter, authorizationParameter],
          responses: {
            '200': json(report, "HMRC's report"),
            '406': hmrcError(`Accept header missing or not ${HMRC_ACCEPT}`),
          },
        },
      },
      '/test/fraud-prevention-headers/{api}/validation-feedback': {
        get: {
          summary: 'Feedback on the latest request to each endpoint of an API, from the gateway',
          description:
            "Answers as HMRC's validation-feedback endpoint does, from the requests that went through this service's gateway since it started (latest first).",
          parameters: [
            acceptParameter,
            authorizationParameter,
            {
              name: 'api',
              in: 'path',
              required: true,
              schema: { type: 'string', enum: [...API_IDENTIFIERS] },
            },
            { name: 'connectionMethod', in: 'query', required: false, schema: methodSchema },
          ],
          responses: {
            '200': json(responseSchema('validation-feedback', 'strict'), 'Feedback per endpoint'),
            '400': hmrcError('connectionMethod is not one of the eight methods'),
            '404': hmrcError('Unknown API identifier (MATCHING_RESOURCE_NOT_FOUND)'),
            '406': hmrcError(`Accept header missing or not ${HMRC_ACCEPT}`),
          },
        },
      },
      '/v1/validate': {
        post: {
          summary: 'Validate one header set given as JSON',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('ValidateRequest') } },
          },
          responses: {
            '200': json(ref('ValidateResult'), 'The verdict'),
            '400': problem('Malformed JSON, invalid UTF-8, bad shape, a header HTTP cannot carry'),
            '413': problem('Body over the limit'),
            '415': problem('Not JSON'),
          },
        },
      },
      '/v1/validate-text': {
        post: {
          summary: 'Validate pasted text: a JSON object, a raw header block or a HAR file',
          description:
            'The body is the text itself (any text type). Each header set found (each HAR request carrying Gov-* headers) is validated; HAR requests as of their start time.',
          parameters: [
            {
              name: 'connectionMethod',
              in: 'query',
              required: false,
              description: "Judge every set as this method instead of each set's own header",
              schema: methodSchema,
            },
          ],
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'string' } },
            },
          },
          responses: {
            '200': json(ref('ValidateTextResult'), 'One result per header set'),
            '400': problem('Unreadable text, invalid UTF-8, a header HTTP cannot carry'),
            '413': problem('Body over the limit, or more header sets than one request may hold'),
            '415': problem('A form or compressed body'),
          },
        },
      },
      '/v1/compare': {
        post: {
          summary: "The validator's verdict and HMRC's Test API's, side by side",
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('CompareRequest') } },
          },
          responses: {
            '200': json(ref('CompareResult'), 'Both verdicts and every disagreement'),
            '400': problem('Bad body, or headers HMRC cannot be sent as given'),
            '429': problem("HMRC's rate limit (code MESSAGE_THROTTLED_OUT or RATE_LIMITED)"),
            '502': problem("HMRC's error, with HMRC's code (INVALID_CREDENTIALS, ...)"),
            '503': problem('HMRC credentials not configured (HMRC_NOT_CONFIGURED)'),
            '504': problem('HMRC did not answer in time'),
          },
        },
      },
      '/v1/evidence': {
        get: {
          summary: 'Evidence: the latest request to each endpoint seen by the gateway',
          responses: { '200': json(ref('Evidence'), 'Evidence') },
        },
        delete: {
          summary: 'Forget every recorded request (start a new test run)',
          responses: { '204': { description: 'Forgotten' } },
        },
      },
      '/evidence': {
        get: {
          summary: 'The evidence as a printable page',
          responses: { '200': { description: 'HTML', content: { 'text/html': {} } } },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          responses: { '200': json({ type: 'object' }, 'OpenAPI 3.0 document') },
        },
      },
      '/healthz': {
        get: {
          summary: 'Liveness and configuration',
          responses: { '200': json(ref('Health'), 'The service is up') },
        },
      },
      '/': {
        get: {
          summary: 'The web page',
          responses: { '200': { description: 'HTML', content: { 'text/html': {} } } },
        },
      },
      '/assets/{file}': {
        get: {
          summary: "The web page's files, under content-hashed names (cached for a year)",
          parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The file' },
            '304': { description: 'Not modified (If-None-Match)' },
            '404': problem('No such file, or the browser bundle is not built'),
          },
        },
      },
      '/problems': {
        get: {
          summary: 'The error codes, their HTTP statuses and meaning',
          responses: { '200': { description: 'HTML', content: { 'text/html': {} } } },
        },
      },
    },
    components: {
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
            hmrc: { type: 'object' },
          },
        },
      },
    },
  };
}
