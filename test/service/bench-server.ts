/**
 * A server for the service benchmarks, in its own process so the figures (and RSS) are its own:
 * `service` is the validator service as `fph serve` runs it (logs to standard output, which the
 * bench discards), `echo` the baseline, an Express route that only parses and echoes a JSON body.
 * Tells its parent where it listens over the IPC channel; stops on SIGTERM.
 */
import { createValidatorService } from '@fph-kit/validator-service';
import express from 'express';

const mode = process.argv[2];
const send = (message: unknown): void => {
  process.send?.(message);
};

if (mode === 'service') {
  const service = createValidatorService({
    port: 0,
    upstream: process.env.FPH_BENCH_UPSTREAM ?? false,
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
} else {
  console.error(`bench-server: mode must be service or echo, got ${String(mode)}`);
  process.exit(2);
}
