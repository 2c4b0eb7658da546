/**
 * A server for the service benchmarks, in its own process so the figures (and RSS) are its own:
 * `service` is the validator service as `fph serve` runs it (logs to standard output, which the
 * bench discards), with its records where FPH_BENCH_STORE says (`memory`, the default,
 * `sqlite:<folder>` or `postgres:<url>`); `echo` the baseline, an Express route that only parses
 * and echoes a JSON body; `upstream` a stand-in for HMRC's sandbox APIs, for the gateway.
 * Tells its parent where it listens over the IPC channel; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import {
  createValidatorService,
  openRecordStore,
  type RecordStoreOptions,
} from '@fph-kit/validator-service';
import express from 'express';

const mode = process.argv[2];
const send = (message: unknown): void => {
  process.send?.(message);
};

function storeOptions(spec: string | undefined): RecordStoreOptions {
  if (spec === undefined || spec === 'memory') return { kind: 'memory' };
  if (spec.startsWith('sqlite:')) return { kind: 'sqlite', dataDir: spec.slice('sqlite:'.length) };
  if (spec.startsWith('postgres:'))
    return { kind: 'postgres', url: spec.slice('postgres:'.length) };
  throw new Error(`FPH_BENCH_STORE must be memory, sqlite:<folder> or postgres:<url>, got ${spec}`);
}

if (mode === 'service') {
  const service = createValidatorService({
    port: 0,
    upstream: process.env.FPH_BENCH_UPSTREAM ?? false,
    store: await openRecordStore(storeOptions(process.env.FPH_BENCH_STORE)),
  });
  const { url } = await service.listen();
  send({ url });
  process.once('SIGTERM', () => {
    service.close().then(() => process.exit(0));
  });
} else if (mode === 'echo') {
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    send({ url: `http://127.0.0.1:${address.port}` });
  });
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
} else if (mode === 'upstream') {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"obligations":[]}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as { port: number };
    send({ url: `http://127.0.0.1:${address.port}` });
  });
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
} else {
  console.error(`bench-server: mode must be service, echo or upstream, got ${String(mode)}`);
  process.exit(2);
}
