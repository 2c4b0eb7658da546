import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  createTestApiClient,
  isHmrcError,
  type TestApiClient,
  type TestApiClientOptions,
} from '@fph-kit/hmrc';
import {
  type AddressSource,
  type AssemblyProblemCode,
  type ClientEndpoint,
  type CollectionNote,
  createFphMiddleware,
  type FphLogger,
  type FphMiddlewareOptions,
  type ProxyOptions,
  type ViaServerMethod,
} from '@fph-kit/server';
import { formatMultiFactor, formatUserIds, formatVendorVersion } from '@fph-kit/spec';
import { validate } from '@fph-kit/validator';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
} from 'express';

/** The demo's name and software, as they appear in Gov-Vendor-* headers. */
export const DEMO_PRODUCT_NAME = 'fph-kit demo';
export const DEMO_SERVER_SOFTWARE = 'fph-kit-demo-server';
export const DEMO_WEB_SOFTWARE = 'fph-kit-demo-web';
export const DEMO_DESKTOP_SOFTWARE = 'fph-kit-demo-desktop';
/** The (licensed) product whose licence key the demo hashes into Gov-Vendor-License-IDs. */
export const DEMO_LICENSED_SOFTWARE = 'fph-kit-demo';

export const DEMO_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export interface DemoOptions {
  /**
   * The public IP address clients reach the demo on (Gov-Vendor-Public-IP), or a resolver.
   * Without it the demo leaves Gov-Vendor-Public-IP and Gov-Vendor-Forwarded out and says why
   * ({@link VENDOR_IP_NOT_SET}).
   */
  vendorPublicIp?: AddressSource;
  /** The proxies in front of the demo, as `@fph-kit/server` takes them. Default: none. */
  proxies?: ProxyOptions;
  /** Path of `fph-kit.iife.js`; default: the file `@fph-kit/browser/iife` resolves to. */
  browserBundle?: string;
  /** When given, each HMRC call also goes to HMRC's Test Fraud Prevention Headers API. */
  hmrc?: TestApiClient | TestApiClientOptions;
  /** Where the middleware logs problems (default `console`). */
  logger?: FphLogger | false;
  /** The demo licence key (hashed before it is sent). */
  licenseKey?: string;
  /** When the demo user last passed multi-factor authentication. Default: when the app starts. */
  signedInAt?: Date;
}

/** What the demo's HMRC call route answers: the assembled set and its verdict. */
export interface HmrcCallAnswer {
  connectionMethod: ViaServerMethod;
  headers: Record<string, string>;
  problems: CollectionNote<AssemblyProblemCode>[];
  client: ClientEndpoint;
  report: ReturnType<typeof validate>['report'];
  advisories: ReturnType<typeof validate>['advisories'];
  hmrc:
    | { called: false; reason: string }
    | { called: true; status: number; body: unknown }
    | { called: true; error: string };
}

/** The signed-in demo user. */
export interface DemoSession {
  userIds: Record<string, string>;
  multiFactor: { type: 'TOTP'; timestamp: string; uniqueReference: string }[];
  vendorVersion: Record<string, string>;
  /**
   * The same, formatted here with `@fph-kit/spec` as the header values the page passes to
   * `collect({ headers })`: Gov-Client-User-IDs, Gov-Client-Multi-Factor and the web front
   * end's Gov-Vendor-Version.
   */
  headers: Record<'Gov-Client-User-IDs' | 'Gov-Client-Multi-Factor' | 'Gov-Vendor-Version', string>;
}

/**
 * What the page says when the demo was not told its public IP address, in place of the
 * assembler's note about its resolver.
 */
export const VENDOR_IP_NOT_SET =
  'Gov-Vendor-Public-IP and Gov-Vendor-Forwarded were not sent: HMRC wants the public IP address your browser reaches this demo on, and the demo cannot see it from the inside. Set FPH_DEMO_VENDOR_IP to that address (the public address of the proxy or load balancer in front of the demo, if there is one) and restart the demo.';

const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));

function defaultBundle(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('@fph-kit/browser/iife');
  } catch {
    return undefined;
  }
}

function isClient(value: TestApiClient | TestApiClientOptions): value is TestApiClient {
  return typeof (value as TestApiClient).validate === 'function';
}

/**
 * The demo vendor app: the page collects with @fph-kit/browser, the API routes assemble with
 * @fph-kit/server, and the HMRC call route shows @fph-kit/validator's verdict on the set (and
 * HMRC's own, when HMRC credentials are configured).
 */
export function createDemoApp(options: DemoOptions): Express {
  const bundle = options.browserBundle ?? defaultBundle();
  const hmrc =
    options.hmrc === undefined
      ? undefined
      : isClient(options.hmrc)
        ? options.hmrc
        : createTestApiClient(options.hmrc);
  const signedInAt = options.signedInAt ?? new Date();
  const salt = randomBytes(16).toString('hex');
  const userIds = { [DEMO_LICENSED_SOFTWARE]: `taxpayer-${randomBytes(3).toString('hex')}` };
  const multiFactor: DemoSession['multiFactor'] = [
    {
      type: 'TOTP',
      timestamp: signedInAt.toISOString(),
      uniqueReference: createHash('sha256').update(`${salt}demo-authenticator-app`).digest('hex'),
    },
  ];
  const vendorVersion = { [DEMO_WEB_SOFTWARE]: DEMO_VERSION };
  const session: DemoSession = {
    userIds,
    multiFactor,
    vendorVersion,
    headers: {
      'Gov-Client-User-IDs': formatUserIds(userIds),
      'Gov-Client-Multi-Factor': formatMultiFactor(multiFactor),
      'Gov-Vendor-Version': formatVendorVersion(vendorVersion),
    },
  };

  const shared: Omit<FphMiddlewareOptions, 'connectionMethod' | 'clientVersions'> = {
    productName: DEMO_PRODUCT_NAME,
    versions: { [DEMO_SERVER_SOFTWARE]: DEMO_VERSION },
    licenseKeys: { [DEMO_LICENSED_SOFTWARE]: options.licenseKey ?? 'FPH-KIT-DEMO-LICENCE-2026' },
    vendorPublicIp:
      options.vendorPublicIp ??
      (() => {
        throw new Error('FPH_DEMO_VENDOR_IP is not set');
      }),
    ...(options.proxies ? { proxies: options.proxies } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  };
  const web = createFphMiddleware({
    ...shared,
    connectionMethod: 'WEB_APP_VIA_SERVER',
    clientVersions: [DEMO_WEB_SOFTWARE],
  });
  const desktop = createFphMiddleware({
    ...shared,
    connectionMethod: 'DESKTOP_APP_VIA_SERVER',
    clientVersions: [DEMO_DESKTOP_SOFTWARE],
  });
  const bodies = [
    express.json({ limit: '100kb' }),
    express.urlencoded({ extended: false, limit: '100kb' }),
  ];

  const hmrcCall =
    (method: ViaServerMethod) =>
    async (req: Request, res: Response): Promise<void> => {
      const { headers, client, ...result } = req.fph.result();
      const problems =
        options.vendorPublicIp === undefined
          ? result.problems.map((p) =>
              p.code === 'VENDOR_PUBLIC_IP_UNAVAILABLE' ? { ...p, message: VENDOR_IP_NOT_SET } : p,
            )
          : result.problems;
      const verdict = validate(headers, { connectionMethod: method });
      let outcome: HmrcCallAnswer['hmrc'] = {
        called: false,
        reason:
          "HMRC is not configured: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET to send this set to HMRC's Test Fraud Prevention Headers API.",
      };
      if (hmrc) {
        try {
          const answer = await hmrc.validate(headers);
          outcome = { called: true, status: answer.status, body: answer.body };
        } catch (error) {
          outcome = {
            called: true,
            error: isHmrcError(error) ? `${error.code}: ${error.message}` : String(error),
          };
        }
      }
      const answer: HmrcCallAnswer = {
        connectionMethod: method,
        headers,
        problems,
        client,
        report: verdict.report,
        advisories: verdict.advisories,
        hmrc: outcome,
      };
      res.json(answer);
    };

  const app = express();
  app.disable('x-powered-by');
  app.get('/api/session', (_req, res) => {
    res.json(session);
  });
  app.post('/api/hmrc-call', web, ...bodies, hmrcCall('WEB_APP_VIA_SERVER'));
  app.post('/api/desktop/hmrc-call', desktop, ...bodies, hmrcCall('DESKTOP_APP_VIA_SERVER'));
  app.get('/fph-kit.iife.js', (_req, res) => {
    if (bundle === undefined || !existsSync(bundle)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          `fph-kit.iife.js is not built (looked for ${bundle ?? '@fph-kit/browser/iife'}): run pnpm --filter @fph-kit/browser build`,
        );
      return;
    }
    res.type('text/javascript').sendFile(bundle);
  });
  app.use(express.static(PUBLIC_DIR, { index: 'index.html' }));

  const problemBody: ErrorRequestHandler = (error, _req, res, _next) => {
    const status =
      typeof (error as { status?: unknown }).status === 'number'
        ? (error as { status: number }).status
        : 500;
    res
      .status(status)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'about:blank',
          title: status === 413 ? 'Request body too large' : status < 500 ? 'Bad request' : 'Error',
          status,
          detail:
            status < 500
              ? (error as Error).message
              : 'The demo failed to answer; see its log for the cause.',
        }),
      );
    if (status >= 500) console.error(`fph-kit demo: ${(error as Error).message}`);
  };
  app.use(problemBody);
  return app;
}
