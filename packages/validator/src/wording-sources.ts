import type { Wording } from './types.js';

/**
 * Where each of HMRC's messages in the catalogue was seen: the provenance `fph explain` and
 * `docs/rules.md` show. fph-kit's own wording has no source.
 */

/** HMRC's Test Fraud Prevention Headers API document: the messages of its response examples. */
export const OPENAPI_SOURCE =
  "HMRC's Test Fraud Prevention Headers API, OpenAPI document 1.0 (txm-fph-validator-api), response examples";

/** The messages of that document's examples that rules use (the packaging of HMRC's words). */
export const OPENAPI_MESSAGES: readonly string[] = [
  'No fraud prevention headers submitted. These are required by law. Check the specification.',
  'Header required',
  'Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>',
  "At least 1 pair of IPs in Gov-Vendor-Forwarded must include Gov-Client-Public-IP in the 'for' field and Gov-Vendor-Public-IP in the 'by' field. Check all 3 headers are consistent.",
  'Check you are using the correct Gov-Client-Connection-Method. Web applications do not usually provide the os field as browsers do not expose this information.',
  'At least 1 screen is missing a value for scaling factor',
  'At least 1 screen is missing a value for colour depth',
];

const SANDBOX_SOURCE = "HMRC's Test API, answers recorded in its sandbox (2020-2026)";

const SUBMIT_2026 =
  "HMRC's Test API, sandbox answers of January-February 2026 published in DIY Accounting Submit's recorded test reports (github.com/antonycc/submit.diyaccounting.co.uk, web/public/tests/test-report-web-test-local.json)";

const EMAIL_RENDERER =
  "the fixtures of HMRC's monthly fraud prevention report, github.com/hmrc/hmrc-email-renderer";

/** Rules whose wording was seen in one place of its own. */
const BY_RULE: Readonly<Record<string, string>> = {
  'client-public-port.missing': SUBMIT_2026,
  'client-multi-factor.missing': SUBMIT_2026,
};

/** HMRC's words seen in public HMRC repositories and issue threads, by header. */
const OBSERVED_BY_HEADER: Readonly<Record<string, string>> = {
  'gov-vendor-forwarded': 'github.com/hmrc/vat-api/issues/565 (2024)',
  'gov-client-user-agent': 'github.com/hmrc/vat-api/issues/834 (2021)',
  'gov-client-public-ip': `${EMAIL_RENDERER}; github.com/hmrc/vat-api/issues/1013 (2024) for IPv4-mapped addresses`,
  'gov-vendor-public-ip': `${EMAIL_RENDERER}; github.com/hmrc/vat-api/issues/1013 (2024) for IPv4-mapped addresses`,
  'gov-client-device-id': EMAIL_RENDERER,
  'gov-vendor-version': EMAIL_RENDERER,
};

const SAME_KIND =
  "HMRC's message for the same check on other key-value headers (github.com/hmrc/vat-api/issues/565 and 834); HMRC has not been seen to give it for this header";

/** Where the rule's wording was seen, or undefined for fph-kit's own. */
export function wordingSource(
  id: string,
  header: string,
  wording: Wording,
  message: string,
): string | undefined {
  if (wording === 'fph-kit') return undefined;
  const own = BY_RULE[id];
  if (own) return own;
  if (wording === 'hmrc')
    return OPENAPI_MESSAGES.includes(message) ? OPENAPI_SOURCE : SANDBOX_SOURCE;
  return OBSERVED_BY_HEADER[header] ?? SAME_KIND;
}
