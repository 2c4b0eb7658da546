import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { JsonObject, JsonValue } from './json.js';
import { HMRC_OPENAPI_DOCUMENT } from './openapi.generated.js';
import type { HmrcFeedbackResponse, HmrcValidateResponse } from './types.js';

/**
 * JSON Schemas for the two response bodies, derived from HMRC's OpenAPI document at load time.
 *
 * Three levels:
 * - `document`: the schema exactly as the document declares it (OpenAPI-only keywords dropped).
 *   It rejects every answer HMRC gives, because it declares the overall `code` as `type: object`
 *   while listing string values; kept so tests can show that.
 * - `strict`: the document with that bug corrected (a schema whose `oneOf` branches are all
 *   strings is a string schema). What a body "per the document" means in {@link SchemaCheck}.
 * - `tolerant`: `strict` plus HMRC's known deviations: EMPTY_HEADER and MISSING_HEADER among
 *   validate warnings (severity is per header), empty `errors`/`warnings` lists, and array
 *   properties of validation feedback left out when empty.
 */

/** One schema problem, as Ajv reports it (paths are JSON Pointers into the body). */
export interface SchemaIssue {
  /** JSON Pointer to the offending value, `''` for the body itself. */
  path: string;
  /** The JSON Schema keyword that failed (`required`, `enum`, `type`, ...). */
  keyword: string;
  message: string;
  /** Ajv's parameters for the keyword (e.g. `{ missingProperty: 'message' }`). */
  params: Record<string, unknown>;
}

/** Outcome of checking a body against one of the API's response schemas. */
export type SchemaCheck<T> =
  | {
      /** The body matches the document, allowing HMRC's known deviations. */
      conforms: true;
      body: T;
      issues: readonly [];
      /** Known HMRC deviations present in the body (empty when it matches the document exactly). */
      tolerated: readonly SchemaIssue[];
    }
  | { conforms: false; body: unknown; issues: readonly SchemaIssue[]; tolerated: readonly [] };

export type SchemaLevel = 'document' | 'strict' | 'tolerant';
export type ResponseKind = 'validate' | 'validation-feedback';

const PATHS: Record<ResponseKind, string> = {
  validate: '/test/fraud-prevention-headers/validate',
  'validation-feedback': '/test/fraud-prevention-headers/{api}/validation-feedback',
};

/** JSON Schema keywords the document uses; anything else is an OpenAPI keyword or a surprise. */
const SCHEMA_KEYWORDS = new Set([
  'type',
  'title',
  'description',
  'enum',
  'required',
  'properties',
  'items',
  'oneOf',
  'minItems',
]);
const OPENAPI_ONLY = new Set(['example', 'examples']);

function asObject(value: JsonValue | undefined, where: string): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new TypeError(`HMRC's OpenAPI document: ${where} is not an object`);
  return value;
}

/** The 200 response schema the document declares for an endpoint's GET. */
export function documentResponseSchema(kind: ResponseKind): JsonObject {
  const paths = asObject(HMRC_OPENAPI_DOCUMENT.paths, 'paths');
  const get = asObject(asObject(paths[PATHS[kind]], PATHS[kind]).get, `${PATHS[kind]} get`);
  const ok = asObject(asObject(get.responses, 'responses')['200'], 'responses.200');
  const media = asObject(asObject(ok.content, 'content')['application/json'], 'application/json');
  return asObject(media.schema, 'schema');
}

/** Copies an OpenAPI 3.0 schema as JSON Schema, dropping OpenAPI-only keywords. */
function toJsonSchema(node: JsonObject, where: string): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (OPENAPI_ONLY.has(key)) continue;
    if (!SCHEMA_KEYWORDS.has(key))
      throw new TypeError(`HMRC's OpenAPI document: unsupported keyword '${key}' at ${where}`);
    if (key === 'properties') {
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(asObject(value, `${where}.properties`)))
        props[name] = toJsonSchema(asObject(sub, `${where}.${name}`), `${where}.${name}`);
      out.properties = props;
    } else if (key === 'items') {
      out.items = toJsonSchema(asObject(value, `${where}.items`), `${where}.items`);
    } else if (key === 'oneOf') {
      if (!Array.isArray(value)) throw new TypeError(`${where}.oneOf is not a list`);
      out.oneOf = value.map((sub, i) => toJsonSchema(asObject(sub, where), `${where}.oneOf[${i}]`));
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

function visit(node: JsonObject, fn: (schema: JsonObject) => void): void {
  fn(node);
  const props = node.properties;
  if (props && typeof props === 'object' && !Array.isArray(props))
    for (const sub of Object.values(props)) visit(sub as JsonObject, fn);
  if (node.items) visit(node.items as JsonObject, fn);
  if (Array.isArray(node.oneOf)) for (const sub of node.oneOf) visit(sub as JsonObject, fn);
}

const isStringBranch = (branch: JsonValue): boolean =>
  typeof branch === 'object' &&
  branch !== null &&
  !Array.isArray(branch) &&
  branch.type === 'string';

/** The document's bug: `type: object` next to `oneOf` branches that are all strings. */
function correctCodeTypes(schema: JsonObject): void {
  visit(schema, (node) => {
    if (node.type === 'object' && Array.isArray(node.oneOf) && node.oneOf.every(isStringBranch))
      delete node.type;
  });
}

function prop(node: JsonObject, name: string): JsonObject {
  return asObject(asObject(node.properties, 'properties')[name], name);
}

function tolerateValidate(schema: JsonObject): void {
  for (const list of ['errors', 'warnings']) delete prop(schema, list).minItems;
  const warningCode = prop(asObject(prop(schema, 'warnings').items, 'warnings.items'), 'code');
  const branches = warningCode.oneOf as JsonValue[];
  for (const code of ['EMPTY_HEADER', 'MISSING_HEADER'])
    branches.push({
      title: code,
      type: 'string',
      description: 'observed from HMRC for headers whose absence is only a warning',
      enum: [code],
    });
}

function tolerateOmittedArrays(schema: JsonObject): void {
  visit(schema, (node) => {
    // The top-level `requests` list stays required: an answer without it says nothing.
    if (node === schema || !Array.isArray(node.required) || !node.properties) return;
    const props = node.properties as JsonObject;
    node.required = node.required.filter(
      (name) => (props[name as string] as JsonObject | undefined)?.type !== 'array',
    );
  });
}

/** The response schema for `kind` at `level`, as a fresh JSON Schema object. */
export function responseSchema(kind: ResponseKind, level: SchemaLevel): JsonObject {
  const schema = toJsonSchema(documentResponseSchema(kind), kind);
  if (level === 'document') return schema;
  correctCodeTypes(schema);
  if (level === 'strict') return schema;
  if (kind === 'validate') tolerateValidate(schema);
  else tolerateOmittedArrays(schema);
  return schema;
}

let compiled: Map<string, ValidateFunction> | undefined;

function validator(kind: ResponseKind, level: SchemaLevel): ValidateFunction {
  compiled ??= new Map();
  const key = `${kind}:${level}`;
  let fn = compiled.get(key);
  if (!fn) {
    // The document's own schema breaks Ajv's strict typing (that is its bug); the others must not.
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictTypes: level !== 'document',
      logger: false,
    });
    fn = ajv.compile(responseSchema(kind, level));
    compiled.set(key, fn);
  }
  return fn;
}

function toIssues(errors: readonly ErrorObject[] | null | undefined): SchemaIssue[] {
  return (errors ?? []).map((e) => ({
    path: e.instancePath,
    keyword: e.keyword,
    message: e.message ?? e.keyword,
    params: { ...e.params },
  }));
}

/**
 * One issue per place and keyword: Ajv reports a value outside a `oneOf` of enums once per branch
 * plus a `oneOf` summary; this keeps a single `enum` issue listing every allowed value.
 */
function summarise(issues: readonly SchemaIssue[]): SchemaIssue[] {
  const specific = new Set(issues.filter((i) => i.keyword !== 'oneOf').map((i) => i.path));
  const byPlace = new Map<string, SchemaIssue>();
  for (const issue of issues) {
    if (issue.keyword === 'oneOf' && specific.has(issue.path)) continue;
    const place = `${issue.path} ${issue.keyword} ${issue.keyword === 'enum' ? '' : JSON.stringify(issue.params)}`;
    const earlier = byPlace.get(place);
    if (!earlier) {
      byPlace.set(place, { ...issue, params: { ...issue.params } });
    } else if (issue.keyword === 'enum') {
      const allowed = [earlier.params.allowedValues, issue.params.allowedValues].flat();
      earlier.params.allowedValues = allowed;
      earlier.message = `must be one of ${allowed.join(', ')}`;
    }
  }
  return [...byPlace.values()];
}

/** Checks a body against a response schema at one level, without tolerance bookkeeping. */
export function checkAgainst(kind: ResponseKind, level: SchemaLevel, body: unknown): SchemaIssue[] {
  const fn = validator(kind, level);
  return fn(body) ? [] : toIssues(fn.errors);
}

function check<T>(kind: ResponseKind, body: unknown): SchemaCheck<T> {
  const issues = summarise(checkAgainst(kind, 'tolerant', body));
  if (issues.length > 0) return { conforms: false, body, issues, tolerated: [] };
  const tolerated = summarise(checkAgainst(kind, 'strict', body));
  return { conforms: true, body: body as T, issues: [], tolerated };
}

/** Checks a validate answer against the OpenAPI schema, allowing HMRC's known deviations. */
export function checkValidateResponse(body: unknown): SchemaCheck<HmrcValidateResponse> {
  return check<HmrcValidateResponse>('validate', body);
}

/** Checks a validation-feedback answer against the OpenAPI schema, allowing known deviations. */
export function checkFeedbackResponse(body: unknown): SchemaCheck<HmrcFeedbackResponse> {
  return check<HmrcFeedbackResponse>('validation-feedback', body);
}
