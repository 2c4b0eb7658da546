import { HEADERS } from '@fph-kit/spec';
import { RULES } from './rules.js';
import type { Rule, Wording } from './types.js';

/** Renders `docs/rules.md`, the rule catalogue, from {@link RULES}. */

/** How the catalogue, `fph explain` and the page name whose words a rule's message is. */
export const WORDING_LABELS: Readonly<Record<Wording, string>> = {
  hmrc: 'HMRC',
  'hmrc-observed': 'HMRC (observed)',
  'fph-kit': 'fph-kit',
};

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

/** Each distinct source of HMRC's wording, numbered in the order rules first cite it. */
function sourceNumbers(): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const r of RULES)
    if (r.source && !numbers.has(r.source)) numbers.set(r.source, numbers.size + 1);
  return numbers;
}

function row(r: Rule, sources: Map<string, number>): string {
  const seen = r.source ? ` [${sources.get(r.source)}]` : '';
  return `| ${code(r.id)} | ${r.severity} | ${r.code ?? ''} | ${code(r.message)} | ${cell(r.hint)} | ${WORDING_LABELS[r.wording]}${seen} |`;
}

const HEAD = [
  '| rule | severity | report code | message | fix hint | wording |',
  '| --- | --- | --- | --- | --- | --- |',
];

/** The catalogue as Markdown. Deterministic: the same rules always give the same text. */
export function renderRuleCatalogue(): string {
  const groups = new Map<string, Rule[]>();
  for (const r of RULES) {
    const list = groups.get(r.header);
    if (list) list.push(r);
    else groups.set(r.header, [r]);
  }
  const sources = sourceNumbers();
  const order = ['gov-*', ...HEADERS.map((h) => h.key)].filter((k) => groups.has(k));
  const out: string[] = [
    '# Validation rules',
    '',
    '<!-- Generated from packages/validator/src/rules.ts by `pnpm --filter @fph-kit/validator rules`. Do not edit. -->',
    '',
    `Every rule \`@fph-kit/validator\` applies (${RULES.length} in all), with its stable id, severity, the`,
    'code it gives in the report, its message, and a one-line fix hint.',
    '',
    "- **error** and **warning** rules are issues of the report, which reproduces what HMRC's Test Fraud",
    '  Prevention Headers API answers: any error makes it `INVALID_HEADERS`, warnings alone',
    '  `POTENTIALLY_INVALID_HEADERS`.',
    "- **advisory** rules are what HMRC's manual review questions and its automated check does not. They",
    '  never change the report; `fph validate --strict` fails on them.',
    '- **info** rules need no action.',
    '',
    'Wording:',
    '',
    "- **HMRC**: HMRC's words, from the examples of its OpenAPI document or its recorded Test API answers.",
    "- **HMRC (observed)**: HMRC's words as published in HMRC's own public repositories and issue threads:",
    '  hmrc/vat-api issues 565 (Gov-Vendor-Forwarded, 2024), 834 (Gov-Client-User-Agent, 2021) and 1013',
    "  (IPv4-mapped addresses, 2024), and the fixtures of HMRC's monthly fraud prevention report in",
    '  hmrc/hmrc-email-renderer (Gov-Client-Device-ID, Gov-Client-Public-IP, Gov-Vendor-Version). The',
    '  same message may be given for headers of the same kind.',
    "- **fph-kit**: fph-kit's words, in HMRC's style, where HMRC's are not known. For these rules HMRC's",
    '  own answer may be worded differently, and where the spec states a rule HMRC has not been seen to',
    '  check, HMRC may not flag it at all.',
    '',
    "A number after HMRC's wording is where those words were seen (listed under \"Where HMRC's wording",
    'was seen" at the end). `fph explain <rule>` shows the same for one rule.',
    '',
  ];
  for (const key of order) {
    const title =
      key === 'gov-*'
        ? 'Any header, and the set as a whole'
        : HEADERS.find((h) => h.key === key)!.name;
    out.push(`## ${title}`, '', ...HEAD, ...groups.get(key)!.map((r) => row(r, sources)), '');
  }
  const own = RULES.filter((r) => r.wording === 'fph-kit');
  out.push(
    '## Messages fph-kit wrote',
    '',
    `${own.length} rules use fph-kit's wording:`,
    '',
    ...own.map((r) => `- ${code(r.id)}: ${cell(r.message)}`),
    '',
    "## Where HMRC's wording was seen",
    '',
    ...[...sources].map(([source, n]) => `${n}. ${source}`),
    '',
  );
  return out.join('\n');
}
