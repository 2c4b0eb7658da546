import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  checkServiceToken,
  DEFAULT_RETAIN_DAYS,
  defaultDataDir,
  isLoopbackHost,
  isServiceError,
  MAX_RETAIN_DAYS,
  type RecordStoreOptions,
} from '@fph-kit/validator-service';
import { CliError } from '../errors.js';
import type { CliIO } from '../io.js';

/**
 * `fph serve`'s options turned into what the service needs: where records are kept, how long,
 * and the service token. Every refusal is a USAGE error (exit 2) saying what to change.
 */

export interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  'data-dir'?: string | undefined;
  'database-url'?: string | undefined;
  memory?: boolean | undefined;
  'retain-days'?: string | undefined;
  'token-file'?: string | undefined;
}

const DEFAULT_PORT = 8787;

function usage(message: string, cause?: unknown): CliError {
  return new CliError('USAGE', `serve: ${message}`, cause === undefined ? undefined : { cause });
}

export function portOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw usage(`--port must be a whole number from 0 to 65535, got '${value}'`);
  }
  return port;
}

export function retainDaysOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RETAIN_DAYS;
  const days = /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 1 && days <= MAX_RETAIN_DAYS)) {
    throw usage(
      `--retain-days must be a whole number of days from 1 to ${MAX_RETAIN_DAYS}, got '${value}'`,
    );
  }
  return days;
}

/** Where records are kept: one of the flags, else FPH_DATABASE_URL, else SQLite in the data folder. */
export function storeOption(flags: ServeFlags, io: CliIO): RecordStoreOptions {
  const chosen = (['memory', 'data-dir', 'database-url'] as const).filter(
    (name) => flags[name] !== undefined && flags[name] !== false,
  );
  if (chosen.length > 1) {
    throw usage(
      `--${chosen[0]} and --${chosen[1]} choose different places for the records: give one of --data-dir, --database-url and --memory`,
    );
  }
  if (flags.memory) return { kind: 'memory' };
  const dataDir = flags['data-dir'];
  if (dataDir !== undefined) {
    if (dataDir.trim() === '') throw usage('--data-dir must not be empty');
    return { kind: 'sqlite', dataDir: resolve(io.cwd, dataDir) };
  }
  const fromFlag = flags['database-url'];
  const url = fromFlag ?? io.env.FPH_DATABASE_URL;
  if (url !== undefined && (fromFlag !== undefined || url !== '')) {
    const source = fromFlag !== undefined ? '--database-url' : 'FPH_DATABASE_URL';
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    // The URL may hold a password: say what is wrong with it without repeating it.
    const problem = !parsed
      ? 'something that is not a URL'
      : !/^postgres(ql)?:$/.test(parsed.protocol)
        ? `a ${parsed.protocol} URL`
        : parsed.hostname === ''
          ? 'a URL without a host'
          : undefined;
    if (problem) {
      throw usage(
        `${source} must be a PostgreSQL URL such as postgres://user:password@host:5432/database, got ${problem}`,
      );
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'sqlite', dataDir: resolve(io.cwd, defaultDataDir(io.env)) };
}

export interface TokenChoice {
  token: string;
  /** Where it came from, for messages (never the token itself). */
  source: string;
}

/** The service token: --token-file, else FPH_SERVICE_TOKEN; required beyond loopback. */
export function tokenOption(
  file: string | undefined,
  host: string,
  io: CliIO,
): TokenChoice | undefined {
  let choice: TokenChoice | undefined;
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw usage(
        `cannot read --token-file ${file}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
        cause,
      );
    }
    const token = text.trim();
    if (token === '') throw usage(`--token-file ${file} is empty: put the service token in it`);
    choice = { token, source: `--token-file ${file}` };
  } else if (io.env.FPH_SERVICE_TOKEN) {
    choice = { token: io.env.FPH_SERVICE_TOKEN, source: 'FPH_SERVICE_TOKEN' };
  }
  if (choice) {
    try {
      checkServiceToken(choice.token);
    } catch (error) {
      if (isServiceError(error)) throw usage(`${choice.source}: ${error.message}`, error);
      throw error;
    }
    return choice;
  }
  if (!isLoopbackHost(host)) {
    throw usage(
      `listening on ${host} reaches beyond this machine, and the recorded requests hold personal data: set FPH_SERVICE_TOKEN, or give --token-file FILE (a secret of at least 16 characters, for example from openssl rand -hex 32), and send it as Authorization: Bearer <token>; or listen on 127.0.0.1`,
    );
  }
  return undefined;
}
