import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFphMiddleware } from '@fph-kit/server';
import { fphPlugin } from '@fph-kit/server/fastify';
import { ACME } from '@fph-kit/test-support/assembler-fixtures';
import express, { type Request, type Response } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The servers `pnpm bench server` compares, in one process of their own: the same minimal
 * Express route and the same minimal Fastify route, each without and with the fph-kit adapter
 * (whose header set the route reads). All sit behind a trusted proxy on loopback, as a vendor's
 * app behind its load balancer, configured the framework's way (Express's `trust proxy`,
 * Fastify's `trustProxy`), which the adapters follow.
 * Prints `{"plain":port,"fph":port,"fastifyPlain":port,"fastifyFph":port}` once all listen.
 */

const OPTIONS = { ...ACME, logger: false as const };

function plainApp(): express.Express {
  const app = express();
  app.set('trust proxy', 'loopback');
  app.get('/vat/returns', (_req: Request, res: Response) => {
    res.json({ ok: true });
  });
  return app;
}

function fphApp(): express.Express {
  const app = express();
  app.set('trust proxy', 'loopback');
  const fph = createFphMiddleware(OPTIONS);
  app.get('/vat/returns', fph, (req: Request, res: Response) => {
    if (Object.keys(req.fph.headers()).length !== 16) {
      res.status(500).json({ ok: false, problems: req.fph.problems });
      return;
    }
    res.json({ ok: true });
  });
  return app;
}

async function fastifyPlain(): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: 'loopback' });
  app.get('/vat/returns', async () => ({ ok: true }));
  return app;
}

async function fastifyFph(): Promise<FastifyInstance> {
  const app = Fastify({ trustProxy: 'loopback' });
  await app.register(fphPlugin, OPTIONS);
  app.get('/vat/returns', async (request, reply) => {
    if (Object.keys(request.fph.headers()).length !== 16) {
      return reply.code(500).send({ ok: false, problems: request.fph.problems });
    }
    return { ok: true };
  });
  return app;
}

function listen(app: express.Express): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(app).listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function listenFastify(app: FastifyInstance): Promise<Server> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server;
}

const [plain, fph, fPlain, fFph] = await Promise.all([
  listen(plainApp()),
  listen(fphApp()),
  fastifyPlain().then(listenFastify),
  fastifyFph().then(listenFastify),
]);
const port = (server: Server) => (server.address() as AddressInfo).port;
process.stdout.write(
  `${JSON.stringify({ plain: port(plain), fph: port(fph), fastifyPlain: port(fPlain), fastifyFph: port(fFph) })}\n`,
);
process.on('SIGTERM', () => {
  for (const server of [plain, fph, fPlain, fFph]) {
    server.close();
    server.closeAllConnections();
  }
});
