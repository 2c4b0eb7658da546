import { type ParseArgsConfig, parseArgs } from 'node:util';
import { printable } from '@fph-kit/validator';
import { closestMatch } from 'leven';
import { CliError } from './errors.js';

/**
 * Command-line parsing for every command: Node's `parseArgs`, with its mistakes caught first and
 * said in the user's terms (the option named, a likely meant one suggested, where to look), so
 * that no raw parser text reaches people. Nothing given is silently dropped: an option that takes
 * one value may be given once.
 */

/** One option of a command: how it is parsed and the one line `--help` shows for it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
  /** What the value looks like in help, e.g. `M` or `text|json`. */
  value?: string;
  /** One line for `--help`. */
  help: string;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** The command word, as in `fph validate`. */
  name: string;
  /** The synopsis after `fph `. */
  usage: string;
  /** Text between the usage line and the options: what the command reads and does. */
  about?: string;
  /** `--help` is added to every command. */
  options: O;
  /** Text after the options: environment, exit status. */
  notes?: string;
  /** Command lines shown under "Examples", each runnable as written. */
  examples: readonly string[];
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? S['multiple'] extends true
    ? boolean[]
    : boolean
  : S['multiple'] extends true
    ? string[]
    : string;

/** Parsed options: each present only when given. */
export type OptionValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: ValueOf<O[K]>;
} & { help?: boolean };

export interface ParsedCommand<O extends Record<string, OptionSpec>> {
  values: OptionValues<O>;
  positionals: string[];
}

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'this help' };

/** Where a usage error sends people. */
export function seeHelp(command: string): string {
  return `see fph ${command} --help`;
}

/** The candidate `word` most likely stands for: a close spelling or the only one it begins. */
export function likelyMeant(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const folded = candidates.map((c) => c.toLowerCase());
  const close = closestMatch(lower, folded, {
    maxDistance: lower.length <= 2 ? 1 : Math.min(3, Math.max(2, Math.floor(lower.length / 3))),
  });
  if (close !== undefined) return candidates[folded.indexOf(close)];
  const starting = candidates.filter((_, i) => lower.length >= 3 && folded[i]!.startsWith(lower));
  return starting.length === 1 ? starting[0] : undefined;
}

function usageError(command: string, message: string): CliError {
  return new CliError('USAGE', `${command}: ${message}; ${seeHelp(command)}`);
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The mistakes Node's strict mode would throw on (and a repeated value it would drop), as words. */
function checkTokens(command: string, args: readonly string[], options: OptionsConfig): void {
  const { tokens } = parseArgs({
    args: [...args],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const longNames = Object.keys(options);
  const given = new Map<string, string>();
  const reported = new Set<number>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    const raw = args[token.index] ?? token.rawName;
    if (!spec) {
      if (reported.has(token.index)) continue;
      reported.add(token.index);
      // A single dash before a long name (-format) reads as a group of one-letter options.
      const whole = raw.startsWith('--') ? raw.split('=', 1)[0]! : raw.startsWith('-') ? raw : '';
      const shown = printable(whole.length > 2 && !raw.startsWith('--') ? whole : token.rawName);
      const word = shown.replace(/^-+/, '');
      const meant = likelyMeant(word, longNames);
      throw usageError(
        command,
        `unknown option ${shown}${meant ? ` (did you mean --${meant}?)` : ''}`,
      );
    }
    const name = `--${token.name}`;
    if (spec.type === 'string') {
      if (token.value === undefined) {
        const shape = (spec as { value?: unknown }).value;
        throw usageError(
          command,
          `${name} needs a value${typeof shape === 'string' ? ` (${shape})` : ''}`,
        );
      }
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-'))
        throw usageError(
          command,
          `${name} needs a value, but ${printable(token.value)} follows it (for a value that starts with '-', write ${name}=${printable(token.value)})`,
        );
      if (!spec.multiple) {
        const before = given.get(token.name);
        if (before !== undefined)
          throw usageError(
            command,
            `${name} is given twice ('${printable(before)}', then '${printable(token.value)}'); give it once`,
          );
        given.set(token.name, token.value);
      }
    } else if (token.value !== undefined) {
      throw usageError(command, `${name} takes no value (got ${printable(raw)})`);
    }
  }
}

/**
 * `parseArgs` in strict mode, for `fph <command>`: unknown options, missing values and the like
 * become one USAGE error naming the option, with the option likely meant and a pointer to
 * `fph <command> --help`.
 */
export function parseCommandArgs<T extends ParseArgsConfig & { args: readonly string[] }>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T>> {
  checkTokens(command, config.args, config.options ?? {});
  return parseArgs(config);
}

/** Parses a command's arguments by its spec; `--help` is always known. */
export function parseCommand<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  args: readonly string[],
): ParsedCommand<O> {
  const options: OptionsConfig = {};
  for (const [name, option] of Object.entries({ ...spec.options, help: HELP_OPTION })) {
    options[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
      // Not parseArgs's, which ignores it: shown when the value is missing.
      ...(option.value ? { value: option.value } : {}),
    } as OptionsConfig[string];
  }
  const { values, positionals } = parseCommandArgs(spec.name, {
    args,
    options,
    allowPositionals: true,
    strict: true,
  });
  return { values: values as OptionValues<O>, positionals };
}

/** An option that takes one of a few words: its value, `allowed[0]` by default. */
export function choiceOption<T extends string>(
  command: string,
  name: string,
  value: string | undefined,
  allowed: readonly [T, ...T[]],
): T {
  if (value === undefined) return allowed[0];
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(command, `--${name} must be ${allowed.join(' or ')}, got '${printable(value)}'`);
}

/**
 * Refuses arguments beyond the `max` a command takes. `rule` says what it takes, e.g. "one input
 * at a time" (unused when `max` is 0).
 */
export function checkPositionals(
  command: string,
  positionals: readonly string[],
  max: number,
  rule = '',
): void {
  if (positionals.length <= max) return;
  const quoted = positionals.map((p) => `'${printable(p)}'`);
  throw usageError(
    command,
    max === 0
      ? `unexpected argument ${quoted[0]} (${command} takes no arguments)`
      : `${rule}, got ${positionals.length}: ${quoted.join(', ')}`,
  );
}
