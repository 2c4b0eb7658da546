import { API_IDENTIFIERS, HMRC_ACCEPT, responseSchema } from '@fph-kit/hmrc';
import { methodSchema, ref, serviceComponents } from './openapi-components.js';

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
  { method: 'get', path: '/favicon.ico' },
  { method: 'get', path: '/problems' },
] as const;

type Route = (typeof ROUTES)[number];
/** `method path` of each route, e.g. `post /v1/validate`. */
export type RouteKey = Route extends infer R
  ? R extends { method: infer M extends string; path: infer P extends string }
    ? `${M} ${P}`
    : never
  : never;

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

/** Endpoints that need the service token where one is required (see the description). */
const serviceToken = [{ serviceToken: [] }];
const unauthorized = {
  '401': problem('The service token is needed and was not sent (UNAUTHORIZED)'),
};

const endpointParameters = [
  {
    name: 'method',
    in: 'query',
    required: false,
    description: 'With `endpoint`: only this endpoint (its HTTP method)',
    schema: { type: 'string' },
  },
  {
    name: 'endpoint',
    in: 'query',
    required: false,
    description:
      'With `method`: only this endpoint, as the evidence names it (`/organisations/vat/{vrn}/obligations`)',
    schema: { type: 'string' },
  },
];

const historyParameters = [
  {
    name: 'history',
    in: 'query',
    required: false,
    description:
      "Requests listed in each endpoint's `history`, latest first (0 to 1000; default 0 for JSON, 11 for the page)",
    schema: { type: 'integer', minimum: 0, maximum: 1000 },
  },
  {
    name: 'before',
    in: 'query',
    required: false,
    description: 'Only requests older than this `sequence` in `history` (to page through it)',
    schema: { type: 'integer', minimum: 1 },
  },
];

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
        'Gateway: any request not listed here is forwarded to the upstream unchanged (hop-by-hop headers aside) and its answer returned unchanged; an upstream that cannot be reached gives 502, one that does not answer in time 504. Each request is recorded (committed before it is forwarded; a store that cannot record it gives 503 and nothing is forwarded).',
        '',
        "Service token: when the service listens beyond loopback, or a token is set, the endpoints marked with `serviceToken` answer only to `Authorization: Bearer <token>` (401 otherwise; validation-feedback answers its 401 in HMRC's shape, `INVALID_CREDENTIALS`). HMRC's own tokens are not accepted there.",
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
          security: serviceToken,
          responses: {
            '200': json(responseSchema('validation-feedback', 'strict'), 'Feedback per endpoint'),
            '400': hmrcError('connectionMethod is not one of the eight methods'),
            '401': hmrcError('The service token is needed (INVALID_CREDENTIALS)'),
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
          security: serviceToken,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('CompareRequest') } },
          },
          responses: {
            '200': json(ref('CompareResult'), 'Both verdicts and every disagreement'),
            '400': problem('Bad body, or headers HMRC cannot be sent as given'),
            ...unauthorized,
            '429': problem("HMRC's rate limit (code MESSAGE_THROTTLED_OUT or RATE_LIMITED)"),
            '502': problem("HMRC's error, with HMRC's code (INVALID_CREDENTIALS, ...)"),
            '503': problem('HMRC credentials not configured (HMRC_NOT_CONFIGURED)'),
            '504': problem('HMRC did not answer in time'),
          },
        },
      },
      '/v1/evidence': {
        get: {
          summary:
            'Evidence: the latest request to each endpoint seen by the gateway, with history',
          security: serviceToken,
          parameters: [...endpointParameters, ...historyParameters],
          responses: {
            '200': json(ref('Evidence'), 'Evidence'),
            '400': problem('A query parameter that is not usable (INVALID_QUERY)'),
            ...unauthorized,
            '404': problem('Nothing recorded for the endpoint named'),
            '503': problem('The record store failed (STORE_UNAVAILABLE)'),
          },
        },
        delete: {
          summary: 'Forget every recorded request (start a new test run), or one endpoint’s',
          security: serviceToken,
          parameters: endpointParameters,
          responses: {
            '204': { description: 'Forgotten' },
            '400': problem('A query parameter that is not usable (INVALID_QUERY)'),
            ...unauthorized,
            '404': problem('Nothing recorded for the endpoint named'),
          },
        },
      },
      '/evidence': {
        get: {
          summary: 'The evidence as a printable page, with each endpoint’s earlier requests',
          security: serviceToken,
          parameters: [...endpointParameters, ...historyParameters],
          responses: {
            '200': { description: 'HTML', content: { 'text/html': {} } },
            ...unauthorized,
          },
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
      '/favicon.ico': {
        get: {
          summary: "The service's icon (SVG), for browsers that ask for /favicon.ico",
          responses: {
            '200': { description: 'The icon', content: { 'image/svg+xml': {} } },
            '304': { description: 'Not modified (If-None-Match)' },
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
    components: serviceComponents(report),
  };
}
