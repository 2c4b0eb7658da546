import { parseArgs } from 'node:util';
import { isHmrcError, SANDBOX_BASE_URL, testApiClientOptionsFromEnv } from '@fph-kit/hmrc';
import {
  createValidatorService,
  isServiceError,
  type LogRecord,
  type ValidatorService,
} from '@fph-kit/validator-service';
import { CliError } from '../errors.js';
import type { CliIO, Command } from '../io.js';

const HELP = `fph serve: the validator service, its web page and the sandbox gateway

Usage:
  fph serve [--port N] [--host H] [--upstream URL]

Options:
  --port N        port to listen on (default 8787; 0 picks a free one)
  --host H        address to listen on (default 127.0.0.1, this machine only;
                  0.0.0.0 for every interface)
  --upstream URL  where the gateway forwards every request the service does not
                  answer itself (default ${SANDBOX_BASE_URL})
  -h, --help      this help

Environment:
  HMRC_CLIENT_ID, HMRC_CLIENT_SECRET  a sandbox application's credentials: enable
                                      POST /v1/compare against HMRC's Test API
  HMRC_BASE_URL                       HMRC's base URL for comparisons (default the sandbox)

Logs: one JSON line per request on standard output. Ctrl+C (SIGINT) or SIGTERM
stops the service after the requests in progress.
`;

const DEFAULT_PORT = 8787;

function portOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new CliError(
      'USAGE',
      `serve: --port must be a whole number from 0 to 65535, got '${value}'`,
    );
  }
  return port;
}

/** The address to show people: a wildcard host is reached through loopback. */
function localUrl(url: string, host: string): string {
  if (host === '0.0.0.0') return url.replace('//0.0.0.0:', '//127.0.0.1:');
  if (host === '::') return url.replace('//[::]:', '//[::1]:');
  return url;
}

/**
 * Runs the service until `stop` fires, then closes it and resolves to 0. Exported for tests, which
 * stop it with an AbortController instead of a signal.
 */
export async function runServe(args: string[], io: CliIO, stop: AbortSignal): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      upstream: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) {
    throw new CliError(
      'USAGE',
      `serve: unexpected argument '${positionals[0]}'; see fph serve --help`,
    );
  }
  const port = portOption(values.port);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new CliError('USAGE', 'serve: --host must not be empty');

  let hmrc: ReturnType<typeof testApiClientOptionsFromEnv>;
  try {
    hmrc = testApiClientOptionsFromEnv(io.env);
  } catch (error) {
    if (isHmrcError(error))
      throw new CliError('USAGE', `serve: ${error.message}`, { cause: error });
    throw error;
  }

  let service: ValidatorService;
  try {
    service = createValidatorService({
      port,
      host,
      ...(values.upstream === undefined ? {} : { upstream: values.upstream }),
      ...(hmrc ? { hmrc } : {}),
      log: (record: LogRecord) => {
        io.stdout.write(`${JSON.stringify(record)}\n`);
      },
    });
  } catch (error) {
    if (isServiceError(error) || isHmrcError(error)) {
      throw new CliError('USAGE', `serve: ${error.message}`, { cause: error });
    }
    throw error;
  }

  let url: string;
  try {
    ({ url } = await service.listen());
  } catch (error) {
    if (isServiceError(error) && error.code === 'PORT_IN_USE') {
      throw new CliError(
        'OPERATIONAL',
        `serve: port ${port} on ${host} is already in use: stop the program using it, or choose another port with --port`,
        { cause: error },
      );
    }
    if (isServiceError(error))
      throw new CliError('OPERATIONAL', `serve: ${error.message}`, { cause: error });
    throw error;
  }

  const shown = localUrl(url, host);
  const lines = [
    `fph serve: the validator service is listening on ${url}`,
    `  web page         ${shown}/`,
    `  HMRC's Test API  ${shown}/test/fraud-prevention-headers/validate (answered offline)`,
    `  gateway          every other request goes to ${service.upstream}; point your sandbox base URL at ${shown}`,
    hmrc
      ? `  HMRC comparison  enabled (POST /v1/compare, HMRC_CLIENT_ID is set, ${hmrc.baseUrl ?? SANDBOX_BASE_URL})`
      : '  HMRC comparison  disabled: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET to compare with HMRC',
    'Logs follow, one JSON line per request. Press Ctrl+C to stop.',
  ];
  io.stdout.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('fph serve: stopping (finishing the requests in progress)\n');
  await service.close();
  io.stderr.write('fph serve: stopped\n');
  return 0;
}

/** `fph serve`: stops cleanly on SIGINT or SIGTERM. */
export const serveCommand: Command = async (args, io) => {
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runServe(args, io, controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};
