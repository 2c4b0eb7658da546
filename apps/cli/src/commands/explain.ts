import {
  CONNECTION_METHODS,
  type ConnectionMethod,
  ERROR_ISSUE_CODES,
  HEADERS,
  isConnectionMethod,
  WARNING_ISSUE_CODES,
} from '@fph-kit/spec';
import {
  findRule,
  printable,
  RULES,
  type Rule,
  ruleSpecUrl,
  WORDING_LABELS,
} from '@fph-kit/validator';
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
import { type Command, useColour } from '../io.js';
import { type Paint, painter } from '../style.js';

const EXPLAIN = {
  name: 'explain',
  usage: 'explain <rule|code> [header] [--connection-method M] [--format json|text]',
  about: `Explains a rule of the catalogue (the same one docs/rules.md is generated from): its message,
whose wording that is and where HMRC's was seen, how to fix it and the spec's section.
<rule> is a rule id as fph validate and the service report it (e.g. client-screens.missing).
<code> is a report code as HMRC gives it (e.g. MISSING_HEADER), with a header name to pick the
rule HMRC's answer meant (e.g. MISSING_HEADER Gov-Client-Public-Port); a header name alone lists
that header's rules.`,
  options: {
    'connection-method': {
      type: 'string',
      value: 'M',
      help: "link to the spec's page for connection method M (default: the methods' index)",
    },
    format: {
      type: 'string',
      value: 'text|json',
      help: 'text (default): the explanation; json: the rules as data',
    },
  },
  notes: `Exit status: 0 explained, 2 wrong usage or nothing in the catalogue by that name.`,
  examples: [
    'fph explain client-screens.missing',
    'fph explain MISSING_HEADER Gov-Client-Public-Port',
    'fph explain Gov-Client-Multi-Factor',
    'fph explain client-public-port.missing --connection-method WEB_APP_VIA_SERVER --format json',
  ],
} as const satisfies CommandSpec;

const CODES: readonly string[] = [...new Set([...ERROR_ISSUE_CODES, ...WARNING_ISSUE_CODES])];
const HEADER_KEYS = new Map(HEADERS.map((h) => [h.key, h.name]));

function headerName(key: string): string {
  return key === 'gov-*' ? 'any header, or the set as a whole' : (HEADER_KEYS.get(key) ?? key);
}

function notFound(what: string, word: string, candidates: readonly string[]): CliError {
  const meant = likelyMeant(word, candidates);
  return new CliError(
    'USAGE',
    `explain: no ${what} '${printable(word)}' in the catalogue${meant ? ` (did you mean ${meant}?)` : ''}; ${seeHelp('explain')}`,
  );
}

/** The rules an argument names: one rule id, a code (with or without a header) or a header. */
function selectRules(positionals: readonly string[]): Rule[] {
  const [first, header] = positionals;
  if (first === undefined)
    throw new CliError(
      'USAGE',
      `explain: give a rule id, a report code or a header name; ${seeHelp('explain')}`,
    );
  const byId = findRule(first);
  if (byId) {
    if (header !== undefined)
      throw new CliError(
        'USAGE',
        `explain: a rule id names one rule; unexpected '${printable(header)}' after it; ${seeHelp('explain')}`,
      );
    return [byId];
  }
  const code = first.toUpperCase();
  if (CODES.includes(code)) {
    let rules = RULES.filter((r) => r.code === code);
    if (header !== undefined) {
      const key = header.toLowerCase();
      if (!HEADER_KEYS.has(key)) throw notFound('header', header, [...HEADER_KEYS.values()]);
      rules = rules.filter((r) => r.header === key);
      if (rules.length === 0)
        throw new CliError(
          'USAGE',
          `explain: fph-kit gives ${code} for ${HEADER_KEYS.get(key)} under no rule; try fph explain ${HEADER_KEYS.get(key)}`,
        );
    }
    return rules;
  }
  if (header !== undefined) throw notFound('report code', first, CODES);
  const key = first.toLowerCase();
  if (HEADER_KEYS.has(key) || key === 'gov-*') return RULES.filter((r) => r.header === key);
  throw notFound('rule, code or header', first, [
    ...RULES.map((r) => r.id),
    ...CODES,
    ...HEADER_KEYS.values(),
  ]);
}

function wordingLine(rule: Rule): string {
  const label = WORDING_LABELS[rule.wording];
  if (rule.wording === 'fph-kit')
    return `${label}: HMRC's own words for this are not known; HMRC's answer may be worded differently`;
  return rule.source ? `${label}: ${rule.source}` : label;
}

function explainOne(rule: Rule, method: ConnectionMethod | undefined, paint: Paint): string {
  const lines = [
    `${paint('bold', rule.id)}  ${rule.severity}${rule.code ? `, reported as ${rule.code}` : ''}`,
    `  Header:   ${headerName(rule.header)}`,
    `  Message:  ${rule.message}`,
    `  Wording:  ${wordingLine(rule)}`,
    `  Fix:      ${rule.hint}`,
    `  Spec:     ${ruleSpecUrl(rule, method)}`,
  ];
  if (rule.severity === 'advisory')
    lines.push("  Advisory: HMRC's Test API does not report this; its reviewers may question it.");
  return lines.join('\n');
}

function asJson(rule: Rule, method: ConnectionMethod | undefined): object {
  return {
    id: rule.id,
    header: rule.header,
    severity: rule.severity,
    ...(rule.code ? { code: rule.code } : {}),
    message: rule.message,
    wording: rule.wording,
    ...(rule.source ? { source: rule.source } : {}),
    hint: rule.hint,
    specUrl: ruleSpecUrl(rule, method),
  };
}

export const explainCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommand(EXPLAIN, args);
  if (values.help) {
    io.stdout.write(commandHelp(EXPLAIN));
    return 0;
  }
  const format = choiceOption('explain', 'format', values.format, ['text', 'json']);
  const given = values['connection-method'];
  if (given !== undefined && !isConnectionMethod(given)) {
    const meant = likelyMeant(given, CONNECTION_METHODS);
    throw new CliError(
      'USAGE',
      `explain: unknown connection method '${printable(given)}'${meant ? ` (did you mean ${meant}?)` : ''}; one of ${CONNECTION_METHODS.join(', ')}`,
    );
  }
  const method = given as ConnectionMethod | undefined;
  checkPositionals('explain', positionals, 2, 'explain takes a rule id, or a code and a header');
  const rules = selectRules(positionals);
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        rules.map((r) => asJson(r, method)),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const paint = painter(useColour(io));
  const intro =
    rules.length > 1 ? `${rules.length} rules (fph explain <rule> for one alone):\n\n` : '';
  io.stdout.write(`${intro}${rules.map((r) => explainOne(r, method, paint)).join('\n\n')}\n`);
  return 0;
};
