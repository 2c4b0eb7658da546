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
  type ValidationResult,
  validate,
} from '@fph-kit/validator';
import {
  type CommandSpec,
  checkPositionals,
  choiceOption,
  parseCommand,
  seeHelp,
} from '../args.js';
import { CliError } from '../errors.js';
import { commandHelp } from '../help.js';
import { readInputSets } from '../input.js';
import { type Command, useColour } from '../io.js';
import { renderText, type TextSet } from './validate-text.js';

const VALIDATE = {
  name: 'validate',
  usage: 'validate [FILE|-] [--connection-method M] [--format json|text] [--strict]',
  about: `Input: FILE, or standard input when FILE is - or left out. The format is detected:
  - a JSON object of header name to value (names in any letter case)
  - a raw header block: 'Name: value' lines as copied from browser devtools or curl -v
  - a HAR file: every request that carries Gov-* headers is validated`,
  options: {
    'connection-method': {
      type: 'string',
      value: 'M',
      help: 'judge the set as M instead of by its own Gov-Client-Connection-Method',
    },
    format: {
      type: 'string',
      value: 'json|text',
      help: "text (default): a verdict per header with fixes; json: HMRC's response body",
    },
    strict: { type: 'boolean', help: 'also fail on warnings and advisories' },
  },
  notes: `Connection methods: ${CONNECTION_METHODS.slice(0, 3).join(', ')},
  ${CONNECTION_METHODS.slice(3, 6).join(', ')},
  ${CONNECTION_METHODS.slice(6).join(', ')}.
For a HAR file (or several requests), --format json prints an array of {request, report, advisories}.

Exit status: 0 no errors, 1 errors (with --strict also warnings or advisories),
2 wrong usage or input that cannot be read.`,
  examples: [
    'fph validate headers.txt',
    'fph validate headers.json --format json',
    'curl -sv https://api.example/vat 2>&1 | fph validate -',
    'fph validate session.har --strict',
  ],
} as const satisfies CommandSpec;

interface Checked {
  set: InputHeaderSet;
  result: ValidationResult;
}

function methodOption(value: string | undefined): ConnectionMethod | undefined {
  if (value === undefined) return undefined;
  if (!isConnectionMethod(value)) {
    throw new CliError(
      'USAGE',
      `validate: --connection-method '${value}' is not one of ${CONNECTION_METHODS.join(', ')}; ${seeHelp('validate')}`,
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
  const { values, positionals } = parseCommand(VALIDATE, args);
  if (values.help) {
    io.stdout.write(commandHelp(VALIDATE));
    return 0;
  }
  checkPositionals('validate', positionals, 1, 'one input at a time');
  const format = choiceOption('validate', 'format', values.format, ['text', 'json']);
  const strict = values.strict === true;
  const connectionMethod = methodOption(values['connection-method']);
  const read = await readInputSets('validate', positionals[0], io);

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
    io.stdout.write(renderText(sets, { colour: useColour(io), strict }));
  }
  return checked.every(({ result }) => isPassing(result, { strict })) ? 0 : 1;
};
