import type { Readable } from 'node:stream';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: Readable;
  env: Readonly<Record<string, string | undefined>>;
  /** Working directory for relative paths. */
  cwd: string;
}

/** A command takes its own arguments (after the command name) and resolves to an exit status. */
export type Command = (args: string[], io: CliIO) => Promise<number>;

/** Colour only on a TTY and never when NO_COLOR is set (https://no-color.org). */
export function useColour(io: CliIO): boolean {
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}
