import type { NextFunction, Request, Response } from 'express';
import { ServiceError } from './errors.js';

/**
 * Checks every request passes before any handler sees it: the Host header (DNS rebinding), the
 * number of headers and the size of each value. Too much in all is refused earlier, by Node's
 * parser (see http-server).
 */

const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** Whether a listening address reaches this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host name of a Host header: port removed, IPv6 brackets removed, lower case. */
function hostName(header: string): string {
  const text = header.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(1, text.indexOf(']') >>> 0);
  const colon = text.lastIndexOf(':');
  return colon >= 0 && text.indexOf(':') === colon ? text.slice(0, colon) : text;
}

/**
 * Host names the service answers for: those given, else on loopback the loopback names (a web
 * page elsewhere cannot then reach the service through DNS rebinding), else any (undefined).
 */
export function allowedHostsFor(
  host: string,
  given: readonly string[] | undefined,
): ReadonlySet<string> | undefined {
  if (given) return new Set(given.map((h) => hostName(h)));
  return isLoopbackHost(host) ? new Set([...LOOPBACK_NAMES, host]) : undefined;
}

export interface GuardLimits {
  headerCount: number;
  headerValueBytes: number;
}

export function requestGuards(
  allowedHosts: ReadonlySet<string> | undefined,
  limits: GuardLimits,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, _res, next) => {
    const hostHeader = req.headers.host;
    if (allowedHosts && hostHeader !== undefined && !allowedHosts.has(hostName(hostHeader))) {
      next(
        new ServiceError(
          'MISDIRECTED_REQUEST',
          `this service answers for ${[...allowedHosts].join(', ')}, not '${hostName(hostHeader).slice(0, 100)}' (set allowedHosts to add names)`,
          { extensions: { allowedHosts: [...allowedHosts] } },
        ),
      );
      return;
    }
    const count = req.rawHeaders.length / 2;
    if (count > limits.headerCount) {
      next(
        new ServiceError(
          'TOO_MANY_HEADERS',
          `the request has ${count} headers; at most ${limits.headerCount} are accepted`,
          { extensions: { limit: limits.headerCount }, close: true },
        ),
      );
      return;
    }
    for (let i = 1; i < req.rawHeaders.length; i += 2) {
      const length = req.rawHeaders[i]!.length;
      if (length > limits.headerValueBytes) {
        next(
          new ServiceError(
            'HEADERS_TOO_LARGE',
            `the value of the ${req.rawHeaders[i - 1]} header has ${length} bytes; at most ${limits.headerValueBytes} are accepted per header`,
            {
              extensions: { header: req.rawHeaders[i - 1], limit: limits.headerValueBytes },
              close: true,
            },
          ),
        );
        return;
      }
    }
    next();
  };
}
