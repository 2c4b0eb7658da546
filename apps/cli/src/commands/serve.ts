import { isHmrcError, SANDBOX_BASE_URL, testApiClientOptionsFromEnv } from '@fph-kit/hmrc';
import {
  createValidatorService,
  DEFAULT_RETAIN_DAYS,
  isServiceError,
  type LogRecord,
  openRecordStore,
  type RecordStore,
  type ValidatorService,
} from '@fph-kit/validator-service';
import { type CommandSpec, checkPositionals, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { commandHelp } from '../help.js';
import type { CliIO, Command } from '../io.js';
import {
  portOption,
  retainDaysOption,
  storeOption,
  type TokenChoice,
  tokenOption,
} from './serve-options.js';

const SERVE = {
  name: 'serve',
  usage:
    'serve [--port N] [--host H] [--upstream URL] [--data-dir DIR | --database-url URL | --memory] [--retain-days N] [--token-file FILE]',
  about: `Starts the validator service: the web page, HMRC's Test API answered offline, the JSON API and
the sandbox gateway, which records every request it passes on. Records are kept in SQLite under
--data-dir by default ($FPH_DATA_DIR, else $XDG_DATA_HOME/fph-kit, else ~/.local/share/fph-kit).`,
  options: {
    port: {
      type: 'string',
      value: 'N',
      help: 'port to listen on (default 8787; 0 picks a free one)',
    },
    host: {
      type: 'string',
      value: 'H',
      help: 'address to listen on (default 127.0.0.1; anything else needs a service token)',
    },
    upstream: {
      type: 'string',
      value: 'URL',
      help: `where the gateway forwards what it does not answer (default ${SANDBOX_BASE_URL})`,
    },
    'data-dir': {
      type: 'string',
      value: 'DIR',
      help: "keep the gateway's records in SQLite in DIR (the default place is above)",
    },
    'database-url': {
      type: 'string',
      value: 'URL',
      help: 'keep them in PostgreSQL (postgres://...), shared by every instance using it',
    },
    memory: { type: 'boolean', help: 'keep them in memory only: nothing is kept when it stops' },
    'retain-days': {
      type: 'string',
      value: 'N',
      help: `forget requests older than N days, at start and daily (default ${DEFAULT_RETAIN_DAYS})`,
    },
    'token-file': {
      type: 'string',
      value: 'FILE',
      help: 'the service token (16+ characters) records, feedback and /v1/compare then need',
    },
  },
  notes: `Environment:
  FPH_DATABASE_URL                    PostgreSQL URL, when no store option is given
  FPH_DATA_DIR, XDG_DATA_HOME         where the SQLite records go by default
  FPH_SERVICE_TOKEN                   the service token, when --token-file is not given; send it
                                      as Authorization: Bearer <token>
  HMRC_CLIENT_ID, HMRC_CLIENT_SECRET  a sandbox application's credentials: enable
                                      POST /v1/compare against HMRC's Test API
  HMRC_BASE_URL                       HMRC's base URL for comparisons (default the sandbox)

Logs: one JSON line per request on standard output. Ctrl+C (SIGINT) or SIGTERM
stops the service after the requests in progress.`,
  examples: [
    'fph serve',
    'fph serve --port 0 --memory',
    'FPH_SERVICE_TOKEN=$(openssl rand -hex 32) fph serve --host 0.0.0.0 --database-url postgres://fph@db/fph',
  ],
} as const satisfies CommandSpec;

/** The address to show people: a wildcard host is reached through loopback. */
function localUrl(url: string, host: string): string {
  if (host === '0.0.0.0') return url.replace('//0.0.0.0:', '//127.0.0.1:');
  if (host === '::') return url.replace('//[::]:', '//[::1]:');
  return url;
}

/** Store failures (a folder that cannot be written, a database not reached) are exit 2. */
async function openStore(options: Parameters<typeof openRecordStore>[0], io: CliIO) {
  try {
    return await openRecordStore(options, (record: LogRecord) => {
      io.stdout.write(`${JSON.stringify(record)}\n`);
    });
  } catch (error) {
    if (isServiceError(error)) {
      const hint =
        error.code === 'STORE_TOO_NEW'
          ? ' (or choose another place with --data-dir or --database-url)'
          : '';
      throw new CliError('USAGE', `serve: ${error.message}${hint}`, { cause: error });
    }
    throw error;
  }
}

function recordsLine(store: RecordStore, retainDays: number): string {
  const kept = `requests older than ${retainDays} days are forgotten`;
  if (store.kind === 'memory') {
    return '  records          in memory only: nothing is kept when the service stops (--memory)';
  }
  if (store.kind === 'sqlite')
    return `  records          kept in SQLite at ${store.location}; ${kept}`;
  return `  records          kept in PostgreSQL at ${store.location}, shared with every instance using it; ${kept}`;
}

function accessLine(token: TokenChoice | undefined): string {
  return token
    ? `  access           records, validation feedback and /v1/compare need Authorization: Bearer <token> (the token from ${token.source})`
    : '  access           this machine only; no token needed';
}

/**
 * Runs the service until `stop` fires, then closes it and resolves to 0. Exported for tests, which
 * stop it with an AbortController instead of a signal.
 */
export async function runServe(args: string[], io: CliIO, stop: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommand(SERVE, args);
  if (values.help) {
    io.stdout.write(commandHelp(SERVE));
    return 0;
  }
  checkPositionals('serve', positionals, 0);
  const port = portOption(values.port);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new CliError('USAGE', 'serve: --host must not be empty');
  const retainDays = retainDaysOption(values['retain-days']);
  const storeOptions = storeOption(values, io);
  const token = tokenOption(values['token-file'], host, io);

  let hmrc: ReturnType<typeof testApiClientOptionsFromEnv>;
  try {
    hmrc = testApiClientOptionsFromEnv(io.env);
  } catch (error) {
    if (isHmrcError(error))
      throw new CliError('USAGE', `serve: ${error.message}`, { cause: error });
    throw error;
  }

  const store = await openStore(storeOptions, io);
  let service: ValidatorService;
  try {
    service = createValidatorService({
      port,
      host,
      ...(values.upstream === undefined ? {} : { upstream: values.upstream }),
      ...(hmrc ? { hmrc } : {}),
      store,
      retainDays,
      ...(token ? { token: token.token } : {}),
      log: (record: LogRecord) => {
        io.stdout.write(`${JSON.stringify(record)}\n`);
      },
    });
  } catch (error) {
    await store.close();
    if (isServiceError(error) || isHmrcError(error)) {
      throw new CliError('USAGE', `serve: ${error.message}`, { cause: error });
    }
    throw error;
  }

  let url: string;
  try {
    ({ url } = await service.listen());
  } catch (error) {
    await service.close();
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
    recordsLine(store, retainDays),
    accessLine(token),
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
