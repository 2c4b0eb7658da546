import { type FileHandle, open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CONNECTION_METHODS,
  type ConnectionMethod,
  isConnectionMethod,
  isGovHeaderName,
  requirementsFor,
} from '@fph-kit/spec';
import {
  type InputHeaderSet,
  isPassing,
  printable,
  readHeaderSets,
  type ValidationResult,
  validate,
} from '@fph-kit/validator';
import { CliError, isCliError } from '../errors.js';
import { type CliIO, type Command, useColour } from '../io.js';
import { renderText, type TextSet } from './validate-text.js';

const HELP = `fph validate: check fraud prevention headers the way HMRC's Test API does, offline

Usage:
  fph validate [FILE|-] [--connection-method M] [--format json|text] [--strict]

Input: FILE, or standard input when FILE is - or left out. The format is detected:
  - a JSON object of header name to value (names in any letter case)
  - a raw header block: 'Name: value' lines as copied from browser devtools or curl -v
  - a HAR file: every request that carries Gov-* headers is validated

Options:
  --connection-method M  judge the set as M instead of its own Gov-Client-Connection-Method:
                         ${CONNECTION_METHODS.slice(0, 4).join(', ')},
                         ${CONNECTION_METHODS.slice(4).join(', ')}
  --format text|json     text (default): a verdict per header with fix hints, for people.
                         json: HMRC's response body for one set; for a HAR file (or several
                         requests) an array of {request, report, advisories}
  --strict               also fail on warnings and advisories
  -h, --help             this help

Exit status: 0 no errors, 1 errors (with --strict also warnings or advisories),
2 wrong usage or input that cannot be read.
`;

interface Checked {
  set: InputHeaderSet;
  result: ValidationResult;
}

/**
 * The most `fph validate` reads: far more than any header set or HAR of API calls, and little
 * enough that reading /dev/zero or a mistaken disk image ends with a message, not out of memory.
 */
export const MAX_INPUT_BYTES: number = 256 * 1024 * 1024;

function tooLarge(where: string): CliError {
  return new CliError(
    'BAD_INPUT',
    `validate: ${where} is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB, more than any header set; for a HAR file, export only the requests to HMRC`,
  );
}

/** Reads a stream to its end, refusing it once it passes {@link MAX_INPUT_BYTES}. */
async function readAll(stream: AsyncIterable<unknown>, where: string): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.length;
    if (total > MAX_INPUT_BYTES) throw tooLarge(where);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

function cannotRead(file: string, error: unknown): CliError {
  const code = (error as { code?: unknown }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message;
  return new CliError('BAD_INPUT', `validate: cannot read '${printable(file)}': ${why}`, {
    cause: error,
  });
}

/** Reads the input as bytes: a file relative to the working directory, or standard input. */
async function readInput(file: string | undefined, io: CliIO): Promise<Uint8Array> {
  if (file === undefined || file === '-') {
    if (file === undefined && (io.stdin as { isTTY?: boolean }).isTTY) {
      throw new CliError(
        'USAGE',
        "validate: no input. Give a FILE, or pipe headers into standard input (use '-' to type them)",
      );
    }
    return readAll(io.stdin, 'standard input');
  }
  let handle: FileHandle;
  try {
    handle = await open(resolve(io.cwd, file), 'r');
  } catch (error) {
    throw cannotRead(file, error);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw cannotRead(file, Object.assign(new Error(), { code: 'EISDIR' }));
    // A regular file says its size; a device or pipe (/dev/zero, a FIFO) is read up to the limit.
    if (info.isFile() && info.size > MAX_INPUT_BYTES) throw tooLarge(`'${printable(file)}'`);
    return info.isFile()
      ? await handle.readFile()
      : await readAll(handle.createReadStream({ autoClose: false }), `'${printable(file)}'`);
  } catch (error) {
    throw isCliError(error) ? error : cannotRead(file, error);
  } finally {
    await handle.close();
  }
}

function methodOption(value: string | undefined): ConnectionMethod | undefined {
  if (value === undefined) return undefined;
  if (!isConnectionMethod(value)) {
    throw new CliError(
      'USAGE',
      `validate: --connection-method '${value}' is not one of ${CONNECTION_METHODS.join(', ')}`,
    );
  }
  return value;
}

/**
 * The order of the text report: the headers the method requires as its spec page lists them,
 * then any other Gov-* header in the order sent (Gov-Test-Scenario included).
 */
function textOrder({ set, result }: Checked): string[] {
  const method = result.connectionMethod;
  const noHeaders = result.findings.some((f) => f.rule === 'set.no-headers');
  const order = noHeaders
    ? []
    : method
      ? requirementsFor(method).required.map((name) => name.toLowerCase())
      : ['gov-client-connection-method'];
  const seen = new Set(order);
  for (const [name] of set.headers) {
    const key = name.toLowerCase();
    if (!seen.has(key) && (isGovHeaderName(key) || key === 'gov-test-scenario')) {
      seen.add(key);
      order.push(key);
    }
  }
  return order;
}

/** A HAR request's own time, so timestamp advisories judge it as of when it was made. */
function requestTime(set: InputHeaderSet): number | undefined {
  const started = set.request?.startedDateTime;
  const time = started === undefined ? Number.NaN : Date.parse(started);
  return Number.isNaN(time) ? undefined : time;
}

export const validateCommand: Command = async (args, io) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'connection-method': { type: 'string' },
      format: { type: 'string', default: 'text' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 1) {
    throw new CliError('USAGE', `validate: one input at a time, got ${positionals.length}`);
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') {
    throw new CliError('USAGE', `validate: --format must be text or json, got '${format}'`);
  }
  const connectionMethod = methodOption(values['connection-method']);
  const source = positionals[0];
  const read = readHeaderSets(await readInput(source, io));
  if (!read.ok) {
    const where = source === undefined || source === '-' ? 'standard input' : printable(source);
    throw new CliError('BAD_INPUT', `validate: ${where}: ${read.problem.message}`);
  }

  const checked: Checked[] = read.sets.map((set) => {
    const now = requestTime(set);
    return {
      set,
      result: validate(set.headers, {
        ...(connectionMethod ? { connectionMethod } : {}),
        ...(now === undefined ? {} : { now }),
      }),
    };
  });

  if (format === 'json') {
    const single = read.format !== 'har' && checked.length === 1;
    const body = single
      ? checked[0]!.result.report
      : checked.map(({ set, result }) => ({
          request: set.request ?? {},
          report: result.report,
          advisories: result.advisories,
        }));
    io.stdout.write(`${JSON.stringify(body)}\n`);
  } else {
    const sets: TextSet[] = checked.map((c) => ({
      request: c.set.request,
      result: c.result,
      order: textOrder(c),
    }));
    io.stdout.write(renderText(sets, { colour: useColour(io), strict: values.strict }));
  }
  return checked.every(({ result }) => isPassing(result, { strict: values.strict })) ? 0 : 1;
};
