import { HMRC_ACCEPT, isApiIdentifier } from '@fph-kit/hmrc';
import { CONNECTION_METHODS, isConnectionMethod } from '@fph-kit/spec';
import { validate } from '@fph-kit/validator';
import type { Request, Response } from 'express';
import { type Access, TOKEN_HINT } from './access.js';
import { govHeaderPairs } from './gateway.js';
import { sendJson } from './respond.js';
import type { RecordStore } from './store/record-store.js';

/**
 * HMRC's Test Fraud Prevention Headers API, offline: the same paths, the same Accept rule, the
 * same bodies, HMRC's platform errors as `{code, message}`.
 *
 * Authorization: HMRC requires a bearer token; HMRC's tokens cannot be checked offline, so on
 * `validate` any Authorization header (or none) is accepted and ignored. `validation-feedback`
 * shows recorded requests: where the service token is needed (beyond loopback), it answers only
 * to `Authorization: Bearer <service token>`, with a 401 in HMRC's shape otherwise. An HMRC token
 * is not accepted instead: any sandbox application has one, so it would open the records to
 * anyone who can reach the service.
 */

/** The platform's error bodies, in HMRC's words. */
export const PLATFORM_ERRORS = {
  ACCEPT_HEADER_INVALID: {
    code: 'ACCEPT_HEADER_INVALID',
    message: 'The accept header is missing or invalid',
  },
  MATCHING_RESOURCE_NOT_FOUND: {
    code: 'MATCHING_RESOURCE_NOT_FOUND',
    message: 'A resource with the name in the request can not be found in the API',
  },
} as const;

/** HMRC's error responses are JSON (not problem+json), as HMRC sends them. */
function sendHmrc(res: Response, status: number, body: object): void {
  if (status >= 400) res.locals.problem = (body as { code?: string }).code;
  sendJson(res, status, body, 'application/json');
}

/** True when Accept names version 1.0 of the API, as HMRC requires. */
function acceptsHmrc(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  for (const part of accept.split(',')) {
    if (part.split(';', 1)[0]!.trim().toLowerCase() === HMRC_ACCEPT) return true;
  }
  return false;
}

export function hmrcValidate(now: () => number): (req: Request, res: Response) => void {
  return (req, res) => {
    if (!acceptsHmrc(req.headers.accept)) {
      sendHmrc(res, 406, PLATFORM_ERRORS.ACCEPT_HEADER_INVALID);
      return;
    }
    const { report } = validate(govHeaderPairs(req.rawHeaders), { now: now() });
    sendHmrc(res, 200, report);
  };
}

export function hmrcFeedback(
  store: RecordStore,
  access: Access,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    if (!acceptsHmrc(req.headers.accept)) {
      sendHmrc(res, 406, PLATFORM_ERRORS.ACCEPT_HEADER_INVALID);
      return;
    }
    if (!access.allows(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="fph-kit"');
      // HMRC's code and shape; the words are fph-kit's (HMRC's would not say what to send).
      sendHmrc(res, 401, {
        code: 'INVALID_CREDENTIALS',
        message: `This fph-kit service keeps its recorded requests behind its own token, not HMRC's: ${TOKEN_HINT}`,
      });
      return;
    }
    const api = req.params.api;
    if (!isApiIdentifier(api)) {
      sendHmrc(res, 404, PLATFORM_ERRORS.MATCHING_RESOURCE_NOT_FOUND);
      return;
    }
    const method = (req.query as Record<string, unknown>).connectionMethod;
    if (method !== undefined && !isConnectionMethod(method)) {
      const shown = typeof method === 'string' ? `'${method}'` : 'given more than once';
      sendHmrc(res, 400, {
        code: 'BAD_REQUEST',
        message: `Invalid connectionMethod ${shown}: use one of ${CONNECTION_METHODS.join(', ')}`,
      });
      return;
    }
    const latest = await store.latest(
      method === undefined ? { api } : { api, connectionMethod: method },
    );
    const requests = latest.map((r) => r.feedback);
    sendHmrc(res, 200, { requests });
  };
}

/** Any other path or method under /test/fraud-prevention-headers: HMRC's 404. */
export function hmrcNotFound(_req: Request, res: Response): void {
  sendHmrc(res, 404, PLATFORM_ERRORS.MATCHING_RESOURCE_NOT_FOUND);
}
