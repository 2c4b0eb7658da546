import {
  compareWithHmrc,
  type HmrcComparison,
  isSentToTestApi,
  type TestApiClient,
} from '@fph-kit/hmrc';
import { type RequestInfo, type ValidationResult, validate } from '@fph-kit/validator';
import { type CommandSpec, checkPositionals, choiceOption, parseCommand } from '../args.js';
import { commandHelp } from '../help.js';
import { hmrcClientFromEnv, hmrcFailure } from '../hmrc.js';
import { readInputSets } from '../input.js';
import { type Command, useColour } from '../io.js';
import { renderComparisons } from './compare-text.js';

const COMPARE = {
  name: 'compare',
  usage: 'compare [FILE|-] [--format json|text]',
  about: `Validates each header set here (fph-kit's verdict) and with HMRC's Test Fraud Prevention Headers
API, and lists every difference: overall code, spec version, message, each issue one side
reports and the other does not, issues in another order, an answer outside HMRC's own schema.
Input as for fph validate: FILE or standard input; a JSON object, a raw header block or a HAR
file. Only the Gov-* headers are sent to HMRC; HMRC judges a set by its own
Gov-Client-Connection-Method, so there is no --connection-method. Each set is one call to HMRC
(at most 2.5 a second).`,
  options: {
    format: {
      type: 'string',
      value: 'json|text',
      help: 'text (default): both verdicts and the differences; json: the comparison as data',
    },
  },
  notes: `Environment: HMRC_CLIENT_ID, HMRC_CLIENT_SECRET (a sandbox application's credentials, needed),
HMRC_BASE_URL (default https://test-api.service.hmrc.gov.uk).

Exit status: 0 fph-kit and HMRC agree on every set, 1 they disagree on one, 2 wrong usage,
unreadable input or no credentials, 3 HMRC could not be reached or refused the call.`,
  examples: [
    'fph compare headers.txt',
    'fph compare session.har --format json',
    'fph collect --format json | fph compare -',
  ],
} as const satisfies CommandSpec;

/** One set compared: where it came from, fph-kit's result and the comparison with HMRC. */
export interface Compared extends HmrcComparison {
  request?: RequestInfo | undefined;
  local: ValidationResult;
  /** Names of the headers not sent to HMRC (not Gov-*), each once. */
  ignored: string[];
}

async function compareSet(
  hmrc: TestApiClient,
  headers: readonly [string, string][],
): Promise<Omit<Compared, 'request'>> {
  const sent = headers.filter(([name]) => isSentToTestApi(name));
  const ignored = [
    ...new Set(headers.filter(([name]) => !isSentToTestApi(name)).map(([name]) => name)),
  ];
  // As of now on both sides: HMRC judges the set when it receives it.
  const local = validate(sent, { now: Date.now() });
  const answer = await hmrc.validate(sent);
  return { local, ignored, ...compareWithHmrc(local.report, answer) };
}

/** The comparison as data, in the shape of the service's `POST /v1/compare` answer. */
function asJson(compared: Compared): object {
  const { local } = compared;
  return {
    agree: compared.agree,
    local: {
      report: local.report,
      advisories: local.advisories,
      findings: local.findings,
      ...(local.connectionMethod ? { connectionMethod: local.connectionMethod } : {}),
    },
    hmrc: compared.hmrc,
    disagreements: compared.disagreements,
    ignored: compared.ignored,
  };
}

export const compareCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommand(COMPARE, args);
  if (values.help) {
    io.stdout.write(commandHelp(COMPARE));
    return 0;
  }
  checkPositionals('compare', positionals, 1, 'one input at a time');
  const format = choiceOption('compare', 'format', values.format, ['text', 'json']);
  const hmrc = hmrcClientFromEnv(
    'compare',
    io,
    'fph validate gives the verdict offline without them',
  );
  const read = await readInputSets('compare', positionals[0], io);

  const results: Compared[] = [];
  for (const [index, set] of read.sets.entries()) {
    try {
      results.push({ request: set.request, ...(await compareSet(hmrc, set.headers)) });
    } catch (error) {
      const where = read.sets.length > 1 ? ` (set ${index + 1} of ${read.sets.length})` : '';
      throw hmrcFailure('compare', error, where);
    }
  }

  if (format === 'json') {
    const single = read.format !== 'har' && results.length === 1;
    const body = single
      ? asJson(results[0]!)
      : results.map((c) => ({ request: c.request ?? {}, ...asJson(c) }));
    io.stdout.write(`${JSON.stringify(body)}\n`);
  } else {
    io.stdout.write(renderComparisons(results, { colour: useColour(io) }));
  }
  return results.every((c) => c.agree) ? 0 : 1;
};
