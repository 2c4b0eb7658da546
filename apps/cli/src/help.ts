import { type CommandSpec, HELP_OPTION, type OptionSpec } from './args.js';
import { COMMANDS } from './command-list.js';

/** `--help` text: usage, what it does, one line per option, notes, examples. */

function optionLines(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries({ ...options, help: HELP_OPTION }).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
    return [flag, option.multiple ? `${option.help}; repeatable` : option.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`);
}

/** Wraps a usage synopsis at option boundaries to stay within 100 columns. */
function usageLines(usage: string): string[] {
  const parts = usage.split(/ (?=\[)/);
  const lines: string[] = [];
  let line = `  fph ${parts[0]}`;
  const indent = ' '.repeat(`  fph ${usage.split(' ', 1)[0]} `.length);
  for (const part of parts.slice(1)) {
    if (line.length + 1 + part.length > 100) {
      lines.push(line);
      line = `${indent}${part}`;
    } else line += ` ${part}`;
  }
  lines.push(line);
  return lines;
}

export function commandHelp(spec: CommandSpec): string {
  const entry = COMMANDS[spec.name]!;
  const out = [`fph ${spec.name}: ${entry.summary}`, '', 'Usage:', ...usageLines(spec.usage)];
  if (spec.about) out.push('', spec.about.trimEnd());
  out.push('', 'Options:', ...optionLines(spec.options));
  if (spec.notes) out.push('', spec.notes.trimEnd());
  out.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${out.join('\n')}\n`;
}

/** `fph --help`: every command with its one line. */
export function topHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return `fph: HMRC fraud prevention headers toolkit

Usage:
  fph <command> [options]
  fph --help | --version

Commands:
${names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]!.summary}`).join('\n')}

Run 'fph <command> --help' (or 'fph help <command>') for a command's options and examples.
`;
}
