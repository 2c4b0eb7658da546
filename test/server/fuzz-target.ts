import type { AddressInfo } from 'node:net';
import {
  type ClientAddressSource,
  createFphMiddleware,
  type FphMiddlewareOptions,
} from '@fph-kit/server';
import { ACME } from '@fph-kit/test-support/assembler-fixtures';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';

/**
 * The server the HTTP fuzz test drives, in a process of its own: one route per way of finding
 * the client, each with the middleware first and the body parsers after it. Anything that would
 * be a bug is written to stderr with a FUZZ- prefix: a 5xx answer, an uncaught exception, an
 * unhandled rejection. The middleware's own log lines start with `fph-kit: `.
 */

process.on('uncaughtException', (error) => {
  process.stderr.write(`FUZZ-FATAL uncaught exception: ${JSON.stringify(String(error))}\n`);
});
process.on('unhandledRejection', (error) => {
  process.stderr.write(`FUZZ-FATAL unhandled rejection: ${JSON.stringify(String(error))}\n`);
});

const base: FphMiddlewareOptions = {
  ...ACME,
  logger: { warn: (line) => process.stderr.write(`${line}\n`) },
};

const routes: Record<string, ClientAddressSource> = {
  '/socket': 'socket',
  '/xff': 'x-forwarded-for',
  '/forwarded': 'forwarded',
  '/cloudfront': 'cloudfront-viewer-address',
  '/cf': 'cf-connecting-ip',
};

const app = express();
for (const [path, source] of Object.entries(routes)) {
  const fph = createFphMiddleware({
    ...base,
    ...(source === 'socket'
      ? {}
      : {
          proxies: {
            trusted: ['loopback'],
            clientAddress: source,
            ...(source === 'cf-connecting-ip' ? { clientPortHeader: 'x-client-port' } : {}),
            tlsHops: [{ publicIp: '18.130.1.2', sender: 'chain' as const }],
          },
        }),
  });
  app.all(
    path,
    fph,
    express.json({ limit: '64kb' }),
    express.urlencoded({ extended: false, limit: '64kb' }),
    (req: Request, res: Response) => {
      res.json({ headers: req.fph.headers(), problems: req.fph.problems });
    },
  );
}
const errors: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = typeof error?.status === 'number' ? (error.status as number) : 500;
  if (status >= 500) process.stderr.write(`FUZZ-5XX ${JSON.stringify(String(error))}\n`);
  res.status(status).json({ error: status });
};
app.use(errors);

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`fuzz target listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});
