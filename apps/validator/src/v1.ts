import { compareWithHmrc, isHmrcError, type TestApiClient } from '@fph-kit/hmrc';
import { type ConnectionMethod, requirementsFor } from '@fph-kit/spec';
import {
  type Finding,
  type InputHeaderSet,
  readHeaderSets,
  type ValidateOptions,
  validate,
  validateWithFeedback,
} from '@fph-kit/validator';
import type { Request, Response } from 'express';
import { decodeUtf8, findDuplicateKey, isJsonType, parseJsonBody, readBody } from './body.js';
import { HMRC_ERROR_STATUS, ServiceError } from './errors.js';
import { isJudgedHeader } from './gateway.js';
import {
  checkHeader,
  type HeaderPairs,
  readCompareBody,
  readConnectionMethod,
  readValidateBody,
} from './input.js';
import { sendJson } from './respond.js';

/** The `/v1` endpoints: validate JSON, validate pasted text, compare with HMRC. */

export interface V1Context {
  now: () => number;
  limits: { jsonBodyBytes: number; textBodyBytes: number; setsPerRequest: number };
  hmrc: TestApiClient | undefined;
}

function requireJson(req: Request): void {
  if (!isJsonType(req.headers['content-type'])) {
    const given = req.headers['content-type'];
    throw new ServiceError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the body as JSON with Content-Type: application/json${given ? ` (got '${given}')` : ' (no Content-Type was given)'}`,
    );
  }
}

/**
 * The client's part of a via-server set (what `@fph-kit/browser` or a native client sends its
 * server): only the headers present are judged; the method's other headers are listed as not
 * sent, for the server to add.
 */
function clientPart(pairs: HeaderPairs, method: ConnectionMethod, now: number): object {
  const options: ValidateOptions = { connectionMethod: method, now };
  const { result, feedback } = validateWithFeedback(pairs, { method: 'GET', path: '/' }, options);
  const sent = new Set(pairs.map(([name]) => name.toLowerCase()));
  const concernsSent = (f: Finding): boolean =>
    f.code !== 'MISSING_HEADER' && f.headers.length > 0 && f.headers.every((h) => sent.has(h));
  return {
    part: 'client',
    connectionMethod: method,
    headers: feedback.headers.filter((h) => h.value !== undefined),
    findings: result.findings.filter(concernsSent),
    advisories: result.advisories.filter(concernsSent),
    notSent: requirementsFor(method).required.filter((name) => !sent.has(name.toLowerCase())),
  };
}

export function postValidate(context: V1Context): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    requireJson(req);
    const body = readValidateBody(parseJsonBody(await readBody(req, context.limits.jsonBodyBytes)));
    const now = context.now();
    if (body.part === 'client') {
      const method =
        body.connectionMethod ??
        readConnectionMethod(
          body.headers.find(([n]) => n.toLowerCase() === 'gov-client-connection-method')?.[1],
          '/headers/Gov-Client-Connection-Method',
        );
      if (!method) {
        throw new ServiceError(
          'INVALID_BODY',
          'part "client" needs the connection method the client belongs to: give connectionMethod',
          { extensions: { pointer: '/connectionMethod' } },
        );
      }
      sendJson(res, 200, clientPart(body.headers, method, now));
      return;
    }
    const options: ValidateOptions = { now };
    if (body.connectionMethod) options.connectionMethod = body.connectionMethod;
    const { report, advisories, findings, connectionMethod } = validate(body.headers, options);
    sendJson(
      res,
      200,
      connectionMethod
        ? { report, advisories, findings, connectionMethod }
        : { report, advisories, findings },
    );
  };
}

/** Types of a body holding pasted text; forms would wrap it, so they are refused. */
function requireText(req: Request): void {
  const given = req.headers['content-type'];
  if (given === undefined) return;
  const type = given.split(';', 1)[0]!.trim().toLowerCase();
  if (
    type.startsWith('text/') ||
    type === 'application/octet-stream' ||
    type === 'application/json' ||
    type.endsWith('+json')
  ) {
    return;
  }
  throw new ServiceError(
    'UNSUPPORTED_MEDIA_TYPE',
    `send the text itself as the body (Content-Type: text/plain), not '${type}'`,
  );
}

/** A HAR request's own start time, so its timestamps are judged as of then. */
function requestTime(set: InputHeaderSet): number | undefined {
  const started = set.request?.startedDateTime;
  const time = started === undefined ? Number.NaN : Date.parse(started);
  return Number.isNaN(time) ? undefined : time;
}

function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  try {
    return new URL(url, 'http://fph-kit.invalid').pathname;
  } catch {
    return url;
  }
}

export function postValidateText(
  context: V1Context,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    requireText(req);
    const method = readConnectionMethod(
      (req.query as Record<string, unknown>).connectionMethod,
      'the connectionMethod query parameter',
    );
    const text = decodeUtf8(await readBody(req, context.limits.textBodyBytes));
    const read = readHeaderSets(text);
    if (!read.ok) {
      const extensions: Record<string, unknown> = { problem: read.problem.code };
      if (read.problem.line !== undefined) extensions.line = read.problem.line;
      throw new ServiceError('UNREADABLE_INPUT', read.problem.message, { extensions });
    }
    if (read.format !== 'headers') {
      const duplicate = findDuplicateKey(text);
      if (duplicate) {
        throw new ServiceError(
          'DUPLICATE_KEY',
          `the JSON object at ${duplicate.pointer || 'the top level'} has the key ${JSON.stringify(duplicate.key)} more than once, so a value would be lost; for a repeated header give an array of values`,
          { extensions: { pointer: duplicate.pointer, key: duplicate.key } },
        );
      }
    }
    const { sets } = read;
    if (sets.length > context.limits.setsPerRequest) {
      throw new ServiceError(
        'TOO_MANY_SETS',
        `the text holds ${sets.length} header sets (requests carrying Gov-* headers); one request validates at most ${context.limits.setsPerRequest}: split the file`,
        { extensions: { sets: sets.length, limit: context.limits.setsPerRequest } },
      );
    }
    sets.forEach((set, i) => {
      for (const [name, value] of set.headers) {
        if (isJudgedHeader(name)) checkHeader(name, value, `set ${i + 1}`);
      }
    });
    const fallback = context.now();
    const results = sets.map((set) => {
      const options: ValidateOptions = { now: requestTime(set) ?? fallback };
      if (method) options.connectionMethod = method;
      const { result, feedback } = validateWithFeedback(
        set.headers,
        { method: set.request?.method ?? 'GET', path: pathOf(set.request?.url) },
        options,
      );
      return {
        request: set.request ?? {},
        ...(result.connectionMethod ? { connectionMethod: result.connectionMethod } : {}),
        report: result.report,
        advisories: result.advisories,
        findings: result.findings,
        headers: feedback.headers,
        crossValidation: feedback.crossValidation,
      };
    });
    sendJson(res, 200, { format: read.format, sets: results });
  };
}

export function postCompare(context: V1Context): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const { hmrc } = context;
    if (!hmrc) {
      throw new ServiceError(
        'HMRC_NOT_CONFIGURED',
        "comparing with HMRC needs a sandbox application's credentials: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET (and HMRC_BASE_URL for another environment), then restart the service",
      );
    }
    requireJson(req);
    const { headers } = readCompareBody(
      parseJsonBody(await readBody(req, context.limits.jsonBodyBytes)),
    );
    const gov = headers.filter(([name]) => isJudgedHeader(name));
    const ignored = [
      ...new Set(headers.filter(([name]) => !isJudgedHeader(name)).map(([name]) => name)),
    ];
    const local = validate(gov, { now: context.now() });
    let remote: Awaited<ReturnType<TestApiClient['validate']>>;
    try {
      remote = await hmrc.validate(gov);
    } catch (error) {
      if (!isHmrcError(error)) throw error;
      const extensions: Record<string, unknown> = { operation: error.operation };
      if (error.status !== undefined) extensions.hmrcStatus = error.status;
      if (error.hmrcMessage !== undefined) extensions.hmrcMessage = error.hmrcMessage;
      if (error.hint !== undefined) extensions.hint = error.hint;
      const headersOut: Record<string, string> = {};
      if (error.retryAfterMs !== undefined) {
        headersOut['Retry-After'] = String(Math.ceil(error.retryAfterMs / 1000));
      }
      throw new ServiceError(error.code, `HMRC's Test API: ${error.message}`, {
        status: HMRC_ERROR_STATUS[error.code] ?? 502,
        extensions,
        headers: headersOut,
      });
    }
    const { agree, hmrc: answer, disagreements } = compareWithHmrc(local.report, remote);
    sendJson(res, 200, {
      agree,
      local: {
        report: local.report,
        advisories: local.advisories,
        findings: local.findings,
        ...(local.connectionMethod ? { connectionMethod: local.connectionMethod } : {}),
      },
      hmrc: answer,
      disagreements,
      ignored,
    });
  };
}
