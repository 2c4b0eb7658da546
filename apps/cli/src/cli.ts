import { printable } from '@fph-kit/validator';
import { likelyMeant } from './args.js';
import { COMMANDS } from './command-list.js';
import { CliError, exitCodeFor, isCliError } from './errors.js';
import { topHelp } from './help.js';
import type { CliIO } from './io.js';

/**
 * Runs the fph command line and resolves to the exit status. The single place errors become
 * messages: a CliError prints its message; anything else prints one line, never a stack trace.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout.write(topHelp());
      return first === undefined ? 2 : 0;
    }
    if (first === '--version' || first === '-v') {
      io.stdout.write(`${await (await import('./version.js')).cliVersion()}\n`);
      return 0;
    }
    // `fph help validate` is `fph validate --help`.
    const [name, args] =
      first === 'help'
        ? rest.length === 0
          ? [undefined, []]
          : [rest[0]!, ['--help', ...rest.slice(1)]]
        : [first, rest];
    if (name === undefined) {
      io.stdout.write(topHelp());
      return 0;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const names = Object.keys(COMMANDS);
      const meant = likelyMeant(name, names);
      throw new CliError(
        'USAGE',
        `unknown command '${printable(name)}'${meant ? ` (did you mean ${meant}?)` : ''}. Commands: ${names.join(', ')}; see fph --help`,
      );
    }
    const command = await entry.load();
    return await command(args, io);
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`fph: ${error.message}\n`);
      return exitCodeFor(error.code);
    }
    // parseCommandArgs says every parse problem in its own words first; this is a safety net.
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
