import {
  API_IDENTIFIERS,
  checkFeedbackResponse,
  type HmrcFeedbackResponse,
  isApiIdentifier,
} from '@fph-kit/hmrc';
import { CONNECTION_METHODS, isConnectionMethod } from '@fph-kit/spec';
import { printable } from '@fph-kit/validator';
import {
  type CommandSpec,
  checkPositionals,
  choiceOption,
  likelyMeant,
  parseCommand,
  seeHelp,
} from '../args.js';
import { CliError } from '../errors.js';
import { commandHelp } from '../help.js';
import { hmrcClientFromEnv, hmrcFailure } from '../hmrc.js';
import { type Command, useColour } from '../io.js';
import {
  SERVICE_TOKEN_ENV,
  serviceFeedback,
  serviceToken,
  serviceUrl,
} from './feedback-service.js';
import { isFailing, renderFeedback } from './feedback-text.js';

const FEEDBACK = {
  name: 'feedback',
  usage:
    'feedback <api> [--connection-method M] [--service URL] [--token-file FILE] [--format json|text]',
  about: `Shows the validation feedback for an API: the latest sandbox request to each of its endpoints,
with HMRC's verdict per header. From HMRC's Test API by default (with credentials), or with
--service from a validator service (fph serve) whose gateway your sandbox calls went through.
<api> is one of HMRC's API names, e.g. vat-mtd, self-assessment-individual-details-mtd.`,
  options: {
    'connection-method': {
      type: 'string',
      value: 'M',
      help: 'only requests made with connection method M',
    },
    service: {
      type: 'string',
      value: 'URL',
      help: "a validator service's address instead of HMRC, e.g. http://127.0.0.1:8787",
    },
    'token-file': {
      type: 'string',
      value: 'FILE',
      help: `a file holding the service's token (default ${SERVICE_TOKEN_ENV}); with --service`,
    },
    format: {
      type: 'string',
      value: 'json|text',
      help: "text (default): requests and their problems; json: the answer's body as received",
    },
  },
  notes: `Environment: HMRC_CLIENT_ID, HMRC_CLIENT_SECRET (needed without --service), HMRC_BASE_URL
(default https://test-api.service.hmrc.gov.uk), ${SERVICE_TOKEN_ENV} (the token of a service that
asks for one, as with --token-file).

Exit status: 0 no request has errors, 1 a request is INVALID_HEADERS or NO_HEADERS, 2 wrong usage
or no credentials, 3 HMRC or the service could not be reached or refused the call.`,
  examples: [
    'fph feedback vat-mtd',
    'fph feedback vat-mtd --connection-method WEB_APP_VIA_SERVER --format json',
    'fph feedback vat-mtd --service http://127.0.0.1:8787',
  ],
} as const satisfies CommandSpec;

function apiArgument(positionals: readonly string[]): string {
  if (positionals.length === 0)
    throw new CliError(
      'USAGE',
      `feedback: which API? Give its name, e.g. fph feedback vat-mtd; ${seeHelp('feedback')}`,
    );
  checkPositionals('feedback', positionals, 1, 'one API at a time');
  const api = positionals[0]!;
  if (isApiIdentifier(api)) return api;
  const meant = likelyMeant(api, API_IDENTIFIERS);
  throw new CliError(
    'USAGE',
    `feedback: unknown API '${printable(api)}'${meant ? ` (did you mean ${meant}?)` : ''}; HMRC gives feedback for ${API_IDENTIFIERS.join(', ')}`,
  );
}

function methodOption(value: string | undefined): string | undefined {
  if (value === undefined || isConnectionMethod(value)) return value;
  const meant = likelyMeant(value, CONNECTION_METHODS);
  throw new CliError(
    'USAGE',
    `feedback: --connection-method '${printable(value)}' is not one of ${CONNECTION_METHODS.join(', ')}${meant ? ` (did you mean ${meant}?)` : ''}; ${seeHelp('feedback')}`,
  );
}

/** The answer checked against HMRC's schema; one that does not match is not shown as feedback. */
function checked(body: unknown, source: string): HmrcFeedbackResponse {
  const check = checkFeedbackResponse(body);
  if (check.conforms) return check.body;
  throw new CliError(
    'OPERATIONAL',
    `feedback: ${source} answered a body that does not match HMRC's OpenAPI schema: ${check.issues
      .slice(0, 3)
      .map((i) => `${i.path || '/'} ${i.message}`)
      .join('; ')}`,
  );
}

export const feedbackCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommand(FEEDBACK, args);
  if (values.help) {
    io.stdout.write(commandHelp(FEEDBACK));
    return 0;
  }
  const api = apiArgument(positionals);
  const format = choiceOption('feedback', 'format', values.format, ['text', 'json']);
  const connectionMethod = methodOption(values['connection-method']);

  let body: unknown;
  let source: string;
  let noRequests: string;
  if (values.service !== undefined) {
    const base = serviceUrl(values.service);
    const token = await serviceToken(values['token-file'], io);
    source = `the service at ${base.href.replace(/\/$/, '')}`;
    noRequests = `No request to ${api} has gone through this service's gateway${connectionMethod ? ` with ${connectionMethod}` : ''}: point your application's sandbox base URL at ${base.href.replace(/\/$/, '')} and make its calls.`;
    body = await serviceFeedback(base, api, connectionMethod, token);
  } else {
    if (values['token-file'] !== undefined)
      throw new CliError(
        'USAGE',
        `feedback: --token-file is the token of a validator service given with --service; HMRC's Test API takes HMRC_CLIENT_ID and HMRC_CLIENT_SECRET; ${seeHelp('feedback')}`,
      );
    const hmrc = hmrcClientFromEnv(
      'feedback',
      io,
      'or give --service URL for the feedback of a local validator service',
    );
    source = `HMRC's Test API (${hmrc.baseUrl})`;
    noRequests = `HMRC has no sandbox request to ${api}${connectionMethod ? ` with ${connectionMethod}` : ''} from this application on record.`;
    try {
      const result = await hmrc.validationFeedback(
        api,
        connectionMethod === undefined ? {} : { connectionMethod },
      );
      for (const warning of result.warnings)
        io.stderr.write(`fph: feedback: HMRC says: ${printable(warning.message)}\n`);
      body = result.body;
    } catch (error) {
      throw hmrcFailure('feedback', error);
    }
  }

  const feedback = checked(body, source);
  io.stdout.write(
    format === 'json'
      ? `${JSON.stringify(body)}\n`
      : renderFeedback(feedback, { colour: useColour(io), api, source, noRequests }),
  );
  return feedback.requests.some(isFailing) ? 1 : 0;
};
