import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { ServiceError } from './errors.js';
import { isLoopbackHost } from './request-guards.js';

/**
 * Who may read or delete recorded requests. On loopback without a token, anyone on this machine
 * (as before). With a token, or listening anywhere else (where a token is then required), only a
 * request carrying `Authorization: Bearer <token>`. The rule follows where the service listens,
 * not where a request comes from: on 0.0.0.0 a request from 127.0.0.1 needs the token too.
 */

export interface Access {
  /** Whether the record endpoints need the token. */
  readonly required: boolean;
  /** Whether an Authorization header carries the token (always true when none is required). */
  allows(authorization: string | undefined): boolean;
}

/** Tokens are at least this long: long enough that guessing is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The token of an `Authorization: Bearer <token>` header. */
function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Throws INVALID_OPTIONS (with `option: 'token'`) for a token that is not usable. */
export function checkServiceToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ServiceError(
      'INVALID_OPTIONS',
      `the service token must be at least ${MIN_TOKEN_LENGTH} visible ASCII characters without spaces (for example the output of openssl rand -hex 32); the one given has ${token.length} characters${/^[\x21-\x7e]*$/.test(token) ? '' : ' and others HTTP cannot carry in a header'}`,
      { extensions: { option: 'token' } },
    );
  }
}

/** Throws INVALID_OPTIONS for a token that is not usable, or none where one is needed. */
export function createAccess(host: string, token: string | undefined): Access {
  if (token === undefined) {
    if (!isLoopbackHost(host)) {
      throw new ServiceError(
        'INVALID_OPTIONS',
        `listening on ${host} reaches beyond this machine, so recorded requests (personal data) need protecting: give a service token (options.token), or listen on 127.0.0.1`,
      );
    }
    return { required: false, allows: () => true };
  }
  checkServiceToken(token);
  const expected = digest(token);
  return {
    required: true,
    // Both sides hashed to one length, compared in constant time.
    allows: (authorization) => {
      const given = bearerToken(authorization);
      return given !== undefined && timingSafeEqual(digest(given), expected);
    },
  };
}

/** How to present the token, for people reading a 401. */
export const TOKEN_HINT =
  'send the service token as Authorization: Bearer <token> (the token set where the service runs, with FPH_SERVICE_TOKEN or --token-file)';

/** Guards fph's own record endpoints: 401 problem without the token. */
export function requireToken(
  access: Access,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    const authorization = req.headers.authorization;
    if (access.allows(authorization)) {
      next();
      return;
    }
    const sent = bearerToken(authorization) !== undefined;
    next(
      new ServiceError(
        'UNAUTHORIZED',
        `${req.method} ${req.path} needs the service token: ${sent ? 'the token sent is not it; ' : ''}${TOKEN_HINT}`,
        {
          headers: {
            'WWW-Authenticate': `Bearer realm="fph-kit"${sent ? ', error="invalid_token"' : ''}`,
          },
        },
      ),
    );
  };
}
