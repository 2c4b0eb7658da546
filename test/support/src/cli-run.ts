import { Readable } from 'node:stream';

/**
 * Runs a command line in-process with its output captured: `run` is the CLI's entry (`runCli`),
 * given argv and an IO object of the CLI's shape (stdout, stderr, stdin, env, cwd).
 */

export interface CapturedIO {
  stdout: { write(text: string): unknown; isTTY: boolean };
  stderr: { write(text: string): unknown; isTTY: boolean };
  stdin: Readable;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Standard input; none by default (an empty stream). */
  stdin?: string | Buffer;
  /** Standard input is a terminal (nothing piped in). */
  stdinTty?: boolean;
  /** Standard output is a terminal (colour). */
  tty?: boolean;
  /** The whole environment the command sees (nothing from the test process's). */
  env?: Record<string, string>;
  cwd?: string;
}

export async function runCaptured(
  run: (argv: string[], io: CapturedIO) => Promise<number>,
  argv: string[],
  options: CliRunOptions = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
  if (options.stdinTty) Object.assign(stdin, { isTTY: true });
  const status = await run(argv, {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { status, stdout, stderr };
}
