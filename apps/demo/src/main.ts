import type { AddressInfo } from 'node:net';
import { isAssemblerError } from '@fph-kit/server';
import { createDemoApp } from './app.js';
import { demoConfig } from './config.js';
import { isDemoError } from './errors.js';

// `pnpm --filter @fph-kit/demo start`: the demo vendor app on http://127.0.0.1:8790.
try {
  const { options, port, host, notices } = demoConfig(process.argv.slice(2), process.env);
  for (const notice of notices) console.log(`fph-kit demo: note: ${notice}`);
  const app = createDemoApp(options);
  const server = app.listen(port, host, () => {
    const address = server.address() as AddressInfo;
    const shown = address.address.includes(':') ? `[${address.address}]` : address.address;
    console.log(`fph-kit demo listening on http://${shown}:${address.port}`);
  });
  server.on('error', (error) => {
    console.error(`fph-kit demo: cannot listen on ${host}:${port}: ${error.message}`);
    process.exitCode = 1;
  });
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (!isDemoError(error) && !isAssemblerError(error)) throw error;
  console.error(`fph-kit demo: ${error.message}`);
  process.exitCode = 2;
}
