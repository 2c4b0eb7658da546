import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type InputHeaderSet, printable, readHeaderSets } from '@fph-kit/validator';
import { CliError, isCliError } from './errors.js';
import type { CliIO } from './io.js';

/** Reading the header sets `fph validate` and `fph compare` judge: a FILE or standard input. */

/**
 * The most a command reads: far more than any header set or HAR of API calls, and little enough
 * that reading /dev/zero or a mistaken disk image ends with a message, not out of memory.
 */
export const MAX_INPUT_BYTES: number = 256 * 1024 * 1024;

export interface HeaderSetsRead {
  format: 'json' | 'headers' | 'har';
  sets: InputHeaderSet[];
}

function tooLarge(command: string, where: string): CliError {
  return new CliError(
    'BAD_INPUT',
    `${command}: ${where} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, more than any header set; for a HAR file, export only the requests to HMRC`,
  );
}

/** Reads a stream to its end, refusing it once it passes {@link MAX_INPUT_BYTES}. */
async function readAll(
  stream: AsyncIterable<unknown>,
  command: string,
  where: string,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > MAX_INPUT_BYTES) throw tooLarge(command, where);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** Why a file could not be read, in a few words. */
export function whyUnreadable(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'it is a directory'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : (error as Error).message;
}

function cannotRead(command: string, file: string, error: unknown): CliError {
  return new CliError(
    'BAD_INPUT',
    `${command}: cannot read '${printable(file)}': ${whyUnreadable(error)}`,
    { cause: error },
  );
}

/** Reads the input as bytes: a file relative to the working directory, or standard input. */
async function readBytes(
  command: string,
  file: string | undefined,
  io: CliIO,
): Promise<Uint8Array> {
  if (file === undefined || file === '-') {
    if (file === undefined && (io.stdin as { isTTY?: boolean }).isTTY) {
      throw new CliError(
        'USAGE',
        `${command}: no input. Give a FILE, or pipe headers into standard input (use '-' to type them)`,
      );
    }
    return readAll(io.stdin, command, 'standard input');
  }
  let handle: FileHandle;
  try {
    handle = await open(resolve(io.cwd, file), 'r');
  } catch (error) {
    throw cannotRead(command, file, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory())
      throw cannotRead(command, file, Object.assign(new Error(), { code: 'EISDIR' }));
    // A regular file says its size; a device or pipe (/dev/zero, a FIFO) is read up to the limit.
    if (info.isFile() && info.size > MAX_INPUT_BYTES)
      throw tooLarge(command, `'${printable(file)}'`);
    return info.isFile()
      ? await handle.readFile()
      : await readAll(
          handle.createReadStream({ autoClose: false }),
          command,
          `'${printable(file)}'`,
        );
  } catch (error) {
    throw isCliError(error) ? error : cannotRead(command, file, error);
  } finally {
    await handle.close();
  }
}

/**
 * The header sets in FILE (or standard input for `-` or none): a JSON object, a raw header block
 * or a HAR file. Unreadable input is a BAD_INPUT error saying what and where.
 */
export async function readInputSets(
  command: string,
  file: string | undefined,
  io: CliIO,
): Promise<HeaderSetsRead> {
  const read = readHeaderSets(await readBytes(command, file, io));
  if (!read.ok) {
    const where = file === undefined || file === '-' ? 'standard input' : printable(file);
    throw new CliError('BAD_INPUT', `${command}: ${where}: ${read.problem.message}`);
  }
  return { format: read.format, sets: read.sets };
}
