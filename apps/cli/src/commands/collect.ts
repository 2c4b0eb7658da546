import {
  COLLECTOR_METHODS,
  type Collection,
  type CollectorOptions,
  createCollector,
  type HeaderExplanation,
  isCollectorError,
} from '@fph-kit/node';
import { type ConnectionMethod, isConnectionMethod, requirementsFor } from '@fph-kit/spec';
import { type CommandSpec, checkPositionals, parseCommand } from '../args.js';
import { CliError } from '../errors.js';
import { commandHelp } from '../help.js';
import type { CliIO, Command } from '../io.js';
import { cliVersion } from '../version.js';

const COLLECT = {
  name: 'collect',
  usage:
    'collect [--connection-method M] [--format json|headers] [--explain] [--product-name NAME] [--version software=version]... [--user-id key=value]... [--license software=key]... [--device-id-file PATH]',
  about: `Collects the headers a desktop app or Node process on this machine would send, and prints them
on standard output; a via-server method prints the client payload.`,
  options: {
    'connection-method': {
      type: 'string',
      value: 'M',
      help: 'the connection method to collect for (default DESKTOP_APP_DIRECT; list below)',
    },
    format: {
      type: 'string',
      value: 'json|headers',
      help: "one JSON object of header name to value (default), or 'Name: value' lines",
    },
    explain: {
      type: 'boolean',
      help: 'say on stderr where each value came from and why any is missing',
    },
    'product-name': {
      type: 'string',
      value: 'NAME',
      help: 'Gov-Vendor-Product-Name (default: fph-kit, the software collecting)',
    },
    version: {
      type: 'string',
      multiple: true,
      value: 's=v',
      help: 'a Gov-Vendor-Version pair (default: fph-cli=<this version>)',
    },
    'user-id': {
      type: 'string',
      multiple: true,
      value: 'k=v',
      help: 'an identifier for Gov-Client-User-IDs (os= is collected)',
    },
    license: {
      type: 'string',
      multiple: true,
      value: 's=key',
      help: 'a licence key; only its SHA-256 hash is printed',
    },
    'device-id-file': {
      type: 'string',
      value: 'PATH',
      help: 'where the device ID is kept (default: the per-user app data folder)',
    },
  },
  notes: `Connection methods collected here: ${COLLECTOR_METHODS.slice(0, 3).join(', ')},
  ${COLLECTOR_METHODS.slice(3).join(', ')}.

Environment (flags win): FPH_CONNECTION_METHOD, FPH_PRODUCT_NAME, FPH_VERSION, FPH_USER_IDS,
FPH_LICENSE_KEYS (pairs as s=v separated by commas), FPH_DEVICE_ID_FILE.

Exit status: 0 collected (a note on stderr names what is missing), 2 a setting that cannot be used.`,
  examples: [
    'fph collect --explain',
    'fph collect --product-name acme-desktop --version acme-desktop=3.1.0 --format headers',
    'fph collect --format json | fph validate --connection-method DESKTOP_APP_DIRECT',
  ],
} as const satisfies CommandSpec;

interface Pairs {
  pairs: [string, string][];
  /** How the user gave them, for explanations: `--version` or `FPH_VERSION`. */
  from: string;
}

/** Splits `key=value` at the first `=`; refuses what would otherwise be silently changed. */
function pair(text: string, what: string, shape: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliError('USAGE', `${what} '${text}' must be ${shape}`);
  const key = text.slice(0, eq);
  const value = text.slice(eq + 1);
  if (key.trim() !== key) {
    throw new CliError('USAGE', `${what} '${text}': the name has spaces around it`);
  }
  if (value === '') throw new CliError('USAGE', `${what} '${text}' has an empty value`);
  return [key, value];
}

function pairsFrom(
  flagName: string,
  flagValues: string[] | undefined,
  envName: string,
  env: CliIO['env'],
  shape: string,
): Pairs | undefined {
  let items: string[];
  let from: string;
  if (flagValues && flagValues.length > 0) {
    items = flagValues;
    from = `--${flagName}`;
  } else if (env[envName] !== undefined && env[envName] !== '') {
    items = env[envName]!.split(',');
    from = envName;
  } else {
    return undefined;
  }
  const pairs = items.map((item) => pair(item, from, shape));
  const seen = new Set<string>();
  for (const [key] of pairs) {
    if (seen.has(key)) throw new CliError('USAGE', `${from} gives '${key}' twice`);
    seen.add(key);
  }
  return { pairs, from };
}

function stringOption(
  value: string | undefined,
  flag: string,
  envName: string,
  env: CliIO['env'],
): { value: string; from: string } | undefined {
  if (value !== undefined) {
    if (value === '') throw new CliError('USAGE', `--${flag} needs a value`);
    return { value, from: `--${flag}` };
  }
  const fromEnv = env[envName];
  return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, from: envName };
}

export const collectCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommand(COLLECT, args);
  if (values.help) {
    io.stdout.write(commandHelp(COLLECT));
    return 0;
  }
  checkPositionals('collect', positionals, 0);
  const env = io.env;

  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'headers') {
    throw new CliError('USAGE', `--format must be json or headers, not '${format}'`);
  }

  const methodGiven = stringOption(
    values['connection-method'],
    'connection-method',
    'FPH_CONNECTION_METHOD',
    env,
  );
  const method = methodGiven?.value ?? 'DESKTOP_APP_DIRECT';
  if (!isConnectionMethod(method) || !COLLECTOR_METHODS.includes(method)) {
    const why = isConnectionMethod(method)
      ? `${method} is not collected on a desktop or Node machine (web apps use @fph-kit/browser)`
      : `'${method}' is not a connection method`;
    throw new CliError(
      'USAGE',
      `${methodGiven?.from ?? '--connection-method'}: ${why}; use one of ${COLLECTOR_METHODS.join(', ')}`,
    );
  }
  const viaServer = requirementsFor(method).viaServer;

  const productGiven = stringOption(
    values['product-name'],
    'product-name',
    'FPH_PRODUCT_NAME',
    env,
  );
  const versionsGiven = pairsFrom(
    'version',
    values.version,
    'FPH_VERSION',
    env,
    'software=version',
  );
  const userIdsGiven = pairsFrom('user-id', values['user-id'], 'FPH_USER_IDS', env, 'key=value');
  const licensesGiven = pairsFrom(
    'license',
    values.license,
    'FPH_LICENSE_KEYS',
    env,
    'software=key',
  );
  const deviceIdFile = stringOption(
    values['device-id-file'],
    'device-id-file',
    'FPH_DEVICE_ID_FILE',
    env,
  );

  if (viaServer && (productGiven || licensesGiven)) {
    throw new CliError(
      'USAGE',
      `${productGiven?.from ?? licensesGiven!.from}: in ${method} the vendor's server sends Gov-Vendor-Product-Name and Gov-Vendor-License-IDs; the client payload has neither`,
    );
  }

  const version = await cliVersion();
  const productName = productGiven?.value ?? (viaServer ? undefined : 'fph-kit');
  const versions = versionsGiven?.pairs ?? [['fph-cli', version]];
  const options: CollectorOptions = {
    connectionMethod: method,
    versions,
    source: { env },
    ...(productName === undefined ? {} : { productName }),
    ...(userIdsGiven ? { userIds: userIdsGiven.pairs } : {}),
    ...(licensesGiven ? { licenseKeys: licensesGiven.pairs } : {}),
    ...(deviceIdFile ? { deviceId: { path: deviceIdFile.value } } : {}),
  };

  let collection: Collection;
  try {
    collection = await createCollector(options).collect();
  } catch (error) {
    if (isCollectorError(error)) {
      throw new CliError('USAGE', error.message, { cause: error });
    }
    throw error;
  }

  const { headers } = collection;
  io.stdout.write(
    format === 'json'
      ? `${JSON.stringify(headers, null, 2)}\n`
      : Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\n`)
          .join(''),
  );

  const vendorNotes: Partial<Record<string, string>> = {
    'Gov-Client-Connection-Method': methodGiven ? methodGiven.from : 'default (DESKTOP_APP_DIRECT)',
    'Gov-Vendor-Product-Name': productGiven
      ? productGiven.from
      : 'default: fph-kit, the software collecting; pass --product-name or FPH_PRODUCT_NAME for your product',
    'Gov-Vendor-Version': versionsGiven
      ? versionsGiven.from
      : `default: fph-cli=${version}, the software collecting; pass --version or FPH_VERSION for your product`,
  };
  const explained = collection.explanations.map((e): HeaderExplanation => {
    const note = vendorNotes[e.header];
    if (note === undefined || e.status === 'missing') return e;
    return { ...e, source: note };
  });

  if (values.explain) {
    io.stderr.write(
      explainText(method, explained, collection, {
        userIds: userIdsGiven,
        licenses: licensesGiven,
      }),
    );
  } else {
    const gaps = explained.filter((e) => e.status !== 'collected').map((e) => e.header);
    if (gaps.length > 0) {
      io.stderr.write(
        `fph collect: ${gaps.length} header${gaps.length === 1 ? '' : 's'} missing or incomplete (${gaps.join(', ')}); run with --explain to see why\n`,
      );
    }
  }
  return 0;
};

function explainText(
  method: ConnectionMethod,
  explanations: HeaderExplanation[],
  collection: Collection,
  given: { userIds: Pairs | undefined; licenses: Pairs | undefined },
): string {
  const width = Math.max(...explanations.map((e) => e.header.length));
  const lines = [`fph collect: where each ${method} value of this machine came from`, ''];
  for (const e of explanations) {
    let source = e.source;
    if (e.header === 'Gov-Client-User-IDs' && given.userIds) {
      source = source.replace('given by the app', `given by ${given.userIds.from}`);
    }
    if (e.header === 'Gov-Vendor-License-IDs' && given.licenses && e.status !== 'missing') {
      source = `${source} (${given.licenses.from})`;
    }
    lines.push(`  ${e.header.padEnd(width)}  ${e.status.padEnd(9)}  ${source}`);
  }
  if (collection.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of collection.warnings) lines.push(`  ${w.code} (${w.header}): ${w.message}`);
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
