import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFphMiddleware } from '@fph-kit/server';
import { ACME } from '@fph-kit/test-support/assembler-fixtures';
import express, { type Request, type Response } from 'express';

/**
 * The two servers `pnpm bench server` compares, in one process of their own: the same minimal
 * Express route, without and with the fph-kit middleware (whose header set the route reads).
 * Both sit behind a trusted proxy on loopback, as a vendor's app behind its load balancer.
 * Prints `{"plain":port,"fph":port}` once both listen.
 */

function plainApp(): express.Express {
  const app = express();
  app.get('/vat/returns', (_req: Request, res: Response) => {
    res.json({ ok: true });
  });
  return app;
}

function fphApp(): express.Express {
  const app = express();
  const fph = createFphMiddleware({
    ...ACME,
    proxies: { trusted: ['loopback'], clientAddress: 'x-forwarded-for' },
    logger: false,
  });

  app.get('/vat/returns', fph, (req: Request, res: Response) => {
    if (Object.keys(req.fph.headers()).length !== 16) {
      res.status(500).json({ ok: false, problems: req.fph.problems });
      return;
    }
    res.json({ ok: true });
  });
  return app;
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(app).listen(0, '127.0.0.1', () => resolve(server));
  });
}

const [plain, fph] = await Promise.all([listen(plainApp()), listen(fphApp())]);
const port = (server: Server) => (server.address() as AddressInfo).port;
process.stdout.write(`${JSON.stringify({ plain: port(plain), fph: port(fph) })}\n`);
process.on('SIGTERM', () => {
  plain.close();
  fph.close();
  plain.closeAllConnections();
  fph.closeAllConnections();
});
