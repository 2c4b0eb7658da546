import { parseArgs } from 'node:util';
import { CliError, exitCodeFor, isCliError } from './errors.js';
import type { CliIO, Command } from './io.js';

const USAGE = `fph: HMRC fraud prevention headers toolkit

Usage:
  fph validate [FILE|-] [--connection-method M] [--format json|text] [--strict]
  fph collect [--connection-method M] [--format json|headers] [--explain]
              [--product-name NAME] [--version software=version]...
              [--user-id key=value]... [--license software=key]...
  fph serve [--port N] [--host H] [--upstream URL]
            [--data-dir DIR | --database-url URL | --memory]
            [--retain-days N] [--token-file FILE]
  fph --help | --version

Run 'fph <command> --help' for a command's options.
`;

/** Commands load lazily so `fph validate` does not pay for the service's start-up. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  collect: async () => (await import('./commands/collect.js')).collectCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
};

/**
 * Runs the fph command line and resolves to the exit status. The single place errors become
 * messages: a CliError prints its message; anything else prints one line, never a stack trace.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(USAGE);
      return name === undefined ? 2 : 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(`${await (await import('./version.js')).cliVersion()}\n`);
      return 0;
    }
    const load = COMMANDS[name];
    if (!load)
      throw new CliError(
        'USAGE',
        `unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`fph: ${error.message}\n`);
      return exitCodeFor(error.code);
    }
    if (isParseArgsError(error)) {
      io.stderr.write(`fph: ${(error as Error).message}\n`);
      return exitCodeFor('USAGE');
    }
    io.stderr.write(
      `fph: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return exitCodeFor('OPERATIONAL');
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** Re-exported for commands: strict option parsing whose errors become usage errors above. */
export { parseArgs };
