import { createHash } from 'node:crypto';
import type { TestApiClient } from '@fph-kit/hmrc';
import { SPEC_VERSION } from '@fph-kit/spec';
import type { Express, NextFunction, Request, Response } from 'express';
import { type Access, requireToken } from './access.js';
import { endpointPath } from './api-paths.js';
import type { Assets } from './assets.js';
import { isServiceError, ServiceError } from './errors.js';
import {
  buildEvidence,
  type EvidenceQuery,
  readEndpointQuery,
  readEvidenceQuery,
} from './evidence.js';
import { renderEvidenceHtml } from './evidence-page.js';
import type { Gateway } from './gateway.js';
import { hmrcFeedback, hmrcNotFound, hmrcValidate } from './hmrc-api.js';
import type { Emit } from './log.js';
import { ROUTES, type RouteKey, serviceOpenApi } from './openapi.js';
import { renderProblems } from './problems-page.js';
import { sendAsset, sendHtml, sendJson, sendProblem } from './respond.js';
import type { ServiceLimits } from './service-options.js';
import type { RecordStore } from './store/record-store.js';
import { postCompare, postValidate, postValidateText } from './v1.js';

/**
 * The service's routes: one handler per entry of ROUTES (the table the OpenAPI document is built
 * from), 405 for other methods on them, paths reserved for the service, the gateway for the rest,
 * and the one error handler that turns every failure into a problem body.
 */

export interface RouteContext {
  now: () => number;
  version: string;
  limits: ServiceLimits;
  hmrc: TestApiClient | undefined;
  store: RecordStore;
  access: Access;
  gateway: Gateway | undefined;
  /** The gateway's upstream without a trailing slash, when the gateway is on. */
  upstreamText: string | undefined;
  assets: Assets;
  emit: Emit;
}

type Handler = (req: Request, res: Response) => void | Promise<void>;

/**
 * Routes that show or change recorded requests, or act with the service's HMRC credentials: they
 * need the service token where one is required. (validation-feedback checks it too, answering in
 * HMRC's shape.)
 */
const PROTECTED: ReadonlySet<RouteKey> = new Set<RouteKey>([
  'get /v1/evidence',
  'delete /v1/evidence',
  'get /evidence',
  'post /v1/compare',
]);

/** Earlier requests listed per endpoint on the printable page unless the query says otherwise. */
const PAGE_HISTORY = 11;

const queryOf = (req: Request): Record<string, unknown> => req.query as Record<string, unknown>;

function handlersFor(context: RouteContext): Record<RouteKey, Handler> {
  const { now, version, limits, hmrc, store, access, upstreamText, assets } = context;
  const pageAssets = { stylesheet: assets.urls['app.css']!, icon: assets.urls['icon.svg']! };
  const openapi = JSON.stringify(serviceOpenApi(version));
  const indexHtml = assets.indexHtml
    .replace('{{hmrc}}', hmrc ? 'enabled' : 'disabled')
    .replace('{{upstream}}', upstreamText ?? '')
    .replace('{{bundle-problem}}', assets.bundleProblem ?? '');
  const indexEtag = `"${createHash('sha256').update(indexHtml).digest('base64url').slice(0, 16)}"`;
  const problemsHtml = renderProblems(pageAssets);
  const v1 = { now, limits, hmrc };
  const evidence = (query: EvidenceQuery) =>
    buildEvidence(store, { now: now(), version, upstream: upstreamText }, query);

  return {
    'get /test/fraud-prevention-headers/validate': hmrcValidate(now),
    'get /test/fraud-prevention-headers/{api}/validation-feedback': hmrcFeedback(store, access),
    'post /v1/validate': postValidate(v1),
    'post /v1/validate-text': postValidateText(v1),
    'post /v1/compare': postCompare(v1),
    'get /v1/evidence': async (req, res) =>
      sendJson(res, 200, await evidence(readEvidenceQuery(queryOf(req), 0))),
    'delete /v1/evidence': async (req, res) => {
      const query = queryOf(req);
      const unknown = Object.keys(query).find((name) => name !== 'method' && name !== 'endpoint');
      if (unknown !== undefined) {
        throw new ServiceError(
          'INVALID_QUERY',
          `unknown query parameter '${unknown.slice(0, 40)}'; DELETE takes method and endpoint (one endpoint), or nothing (every request)`,
          { extensions: { parameter: unknown } },
        );
      }
      const endpoint = readEndpointQuery(query);
      const removed = await store.remove(endpoint);
      if (endpoint && removed === 0) {
        throw new ServiceError(
          'NOT_FOUND',
          `nothing is recorded for ${endpoint.method} ${endpoint.endpoint}`,
        );
      }
      res.writeHead(204, { 'Cache-Control': 'no-store' });
      res.end();
    },
    'get /evidence': async (req, res) =>
      sendHtml(
        res,
        renderEvidenceHtml(
          await evidence(readEvidenceQuery(queryOf(req), PAGE_HISTORY)),
          pageAssets,
        ),
      ),
    'get /openapi.json': (_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(openapi);
    },
    'get /healthz': async (_req, res) =>
      sendJson(res, 200, {
        status: 'ok',
        version,
        specVersion: SPEC_VERSION,
        gateway: upstreamText
          ? { upstream: upstreamText, recordedEndpoints: (await store.summary()).endpoints }
          : null,
        store: store.kind,
        hmrc: hmrc ? { enabled: true, baseUrl: hmrc.baseUrl } : { enabled: false },
      }),
    'get /': (_req, res) => sendHtml(res, indexHtml, indexEtag),
    'get /assets/{file}': (req, res) => {
      const asset = assets.files.get(req.path);
      if (asset) {
        sendAsset(res, asset.type, asset.body, asset.etag);
        return;
      }
      if (assets.bundleProblem && /^\/assets\/fph-kit\b/.test(req.path)) {
        throw new ServiceError('BROWSER_BUNDLE_MISSING', assets.bundleProblem);
      }
      throw new ServiceError(
        'NOT_FOUND',
        `no file ${req.path}; the page's files are ${Object.values(assets.urls).join(', ')}`,
      );
    },
    // Browsers ask for /favicon.ico on pages that name no icon (JSON, problems): the same SVG.
    'get /favicon.ico': (_req, res) => {
      const icon = assets.files.get(assets.urls['icon.svg']!)!;
      sendAsset(res, icon.type, icon.body, icon.etag, 'public, max-age=86400');
    },
    'get /problems': (_req, res) => sendHtml(res, problemsHtml),
  };
}

/** Registers every route, the reserved paths, the gateway and the error handler on `app`. */
export function mountRoutes(app: Express, context: RouteContext): void {
  const { gateway, emit } = context;
  const handlers = handlersFor(context);
  const guard = requireToken(context.access);
  const byPath = new Map<string, string[]>();
  for (const { method, path } of ROUTES) {
    const key = `${method} ${path}` as RouteKey;
    const handler = handlers[key];
    const expressPath = path.replace(/\{(\w+)\}/g, ':$1');
    if (PROTECTED.has(key)) app[method](expressPath, guard);
    app[method](expressPath, (req: Request, res: Response, next: NextFunction) => {
      try {
        const done = handler(req, res);
        if (done instanceof Promise) done.catch(next);
      } catch (error) {
        next(error);
      }
    });
    byPath.set(expressPath, [...(byPath.get(expressPath) ?? []), method.toUpperCase()]);
  }
  for (const [path, methods] of byPath) {
    const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    app.all(path, (req: Request, res: Response, next: NextFunction) => {
      if (path.startsWith('/test/')) {
        hmrcNotFound(req, res);
        return;
      }
      next(
        new ServiceError(
          'METHOD_NOT_ALLOWED',
          `${req.method} is not allowed on ${path}; use ${allow.join(' or ')}`,
          { headers: { Allow: allow.join(', ') } },
        ),
      );
    });
  }
  // Reserved for the service: never forwarded.
  app.all('/test/fraud-prevention-headers/{*rest}', hmrcNotFound);
  for (const reserved of ['/v1/{*rest}', '/assets/{*rest}', '/robots.txt']) {
    app.all(reserved, (req: Request, _res: Response, next: NextFunction) =>
      next(
        new ServiceError('NOT_FOUND', `no endpoint ${req.method} ${req.path} (see /openapi.json)`),
      ),
    );
  }

  // Everything else goes to the upstream, or is not found.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!gateway) {
      next(
        new ServiceError(
          'NOT_FOUND',
          `no endpoint ${req.method} ${req.path} (the gateway is off, so nothing is forwarded; see /openapi.json)`,
        ),
      );
      return;
    }
    gateway.forward(req, res, (error) => next(error));
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    let problem: ServiceError;
    if (isServiceError(error)) {
      problem = error;
    } else {
      const status = (error as { status?: unknown } | null)?.status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        problem = new ServiceError(
          'BAD_REQUEST',
          `the request could not be read: ${(error as Error).message}`,
          { cause: error },
        );
      } else {
        emit('error', 'error', {
          method: req.method,
          path: endpointPath(req.path),
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        });
        problem = new ServiceError(
          'INTERNAL',
          'an unexpected failure; the service log has the details',
          { cause: error },
        );
      }
    }
    res.locals.problem = problem.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, problem);
  });
}
