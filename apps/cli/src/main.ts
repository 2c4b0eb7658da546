#!/usr/bin/env node
import { runCli } from './cli.js';

// The only place that ends the process. Waiting for stdout to drain keeps large JSON output whole
// when it is piped.
const status = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
process.stdout.write('', () => process.exit(status));
