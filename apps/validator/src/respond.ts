import type { ServerResponse } from 'node:http';
import { problemBody, type ServiceError } from './errors.js';

/**
 * How the service writes its own answers (gateway answers are the upstream's, untouched): JSON,
 * problem bodies and HTML, each with `nosniff`, HTML with a strict Content-Security-Policy.
 */

/** No inline script or style, nothing from elsewhere, no framing. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function write(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string | number>,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json; charset=utf-8',
): void {
  write(res, status, type, JSON.stringify(body), { 'Cache-Control': 'no-store' });
}

export function sendProblem(res: ServerResponse, error: ServiceError): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...error.headers };
  if (error.close) headers.Connection = 'close';
  write(
    res,
    error.status,
    'application/problem+json; charset=utf-8',
    JSON.stringify(problemBody(error)),
    headers,
  );
}

export function sendHtml(res: ServerResponse, body: string, etag?: string): void {
  const headers: Record<string, string> = {
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (etag !== undefined) {
    headers.ETag = etag;
    if (res.req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ...headers, 'X-Content-Type-Options': 'nosniff' });
      res.end();
      return;
    }
  }
  write(res, 200, 'text/html; charset=utf-8', body, headers);
}

/**
 * A file served under a content-hashed name: cacheable for a year, never changing (unless
 * `cacheControl` says otherwise, for a file under a fixed name).
 */
export function sendAsset(
  res: ServerResponse,
  type: string,
  body: Buffer,
  etag: string,
  cacheControl = 'public, max-age=31536000, immutable',
): void {
  const headers = { 'Cache-Control': cacheControl, ETag: etag };
  if (res.req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...headers, 'X-Content-Type-Options': 'nosniff' });
    res.end();
    return;
  }
  write(res, 200, type, body, headers);
}
