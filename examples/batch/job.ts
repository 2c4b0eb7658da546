/**
 * An overnight batch job (BATCH_PROCESS_DIRECT): for every account in a list, one call to HMRC
 * that no user initiates. The machine is read once per run (startBatchRun); each request's
 * headers are read right before it is sent, with the identifiers of the account it acts for.
 *
 * In production the call is the job's own API call (for example the VAT obligations of each
 * VRN) with these headers. Against HMRC's sandbox, this job sends the same headers to HMRC's
 * Test Fraud Prevention Headers API, which judges them; that is the evidence production
 * approval asks for.
 *
 *   HMRC_CLIENT_ID=... HMRC_CLIENT_SECRET=... node --import tsx job.ts accounts.json
 *
 * Environment: HMRC_CLIENT_ID, HMRC_CLIENT_SECRET (a sandbox application), HMRC_BASE_URL
 * (default HMRC's sandbox), ACME_LICENCE_KEY (the product's licence key, hashed before it is
 * sent), DEVICE_ID_FILE (where the machine's device ID is kept; it must outlive the run).
 * Output: one line per account, `<vrn> <HMRC's code>`, and the run's notes on stderr.
 * Exit status: 0 when HMRC found every set valid, 1 when not, 2 when the job could not run.
 */
import { readFile } from 'node:fs/promises';
import { createTestApiClient, isHmrcError, testApiClientOptionsFromEnv } from '@fph-kit/hmrc';
import { isCollectorError, startBatchRun } from '@fph-kit/node';

interface Account {
  vrn: string;
  /** The account's identifier in the vendor's application. */
  user: string;
}

function readAccounts(text: string, file: string): Account[] {
  const list: unknown = JSON.parse(text);
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array of accounts`);
  return list.map((item: unknown, i) => {
    const { vrn, user } = (item ?? {}) as Partial<Record<keyof Account, unknown>>;
    if (typeof vrn !== 'string' || !/^\d{9}$/.test(vrn) || typeof user !== 'string' || !user) {
      throw new Error(`${file}[${i}]: expected { "vrn": "<9 digits>", "user": "<identifier>" }`);
    }
    return { vrn, user };
  });
}

async function main(args: readonly string[]): Promise<number> {
  const file = args[0] ?? new URL('accounts.json', import.meta.url).pathname;
  const accounts = readAccounts(await readFile(file, 'utf8'), file);
  const credentials = testApiClientOptionsFromEnv(process.env);
  if (!credentials) {
    console.error('set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET (a sandbox application)');
    return 2;
  }
  const hmrc = createTestApiClient(credentials);

  // Once per run: checks the options and reads the machine (device ID, OS, model, the job's
  // operating-system account). What cannot be collected becomes a note, never a made-up value.
  const licence = process.env.ACME_LICENCE_KEY;
  const deviceIdFile = process.env.DEVICE_ID_FILE;
  const run = await startBatchRun({
    productName: 'Acme VAT Batch',
    versions: { 'acme-vat-batch': '4.2.0' },
    ...(licence ? { licenseKeys: { 'acme-vat-batch': licence } } : {}),
    userIds: { 'acme-vat-batch-job': 'nightly-obligations' },
    deviceId: deviceIdFile ? { path: deviceIdFile } : { appName: 'acme-vat-batch' },
    onNote: (note) => console.error(`note: ${note.header}: ${note.code}: ${note.message}`),
  });

  let invalid = 0;
  for (const account of accounts) {
    // Per request, right before it is sent: local IPs and their timestamp, MACs, the UTC offset,
    // and User-IDs with the account this request acts for.
    const headers = await run.headers({ userIds: { 'acme-online': account.user } });
    const result = await hmrc.validate(headers);
    if (!result.conforms) {
      console.log(`${account.vrn} unexpected answer (HTTP ${result.status})`);
      invalid++;
      continue;
    }
    console.log(`${account.vrn} ${result.body.code}`);
    for (const issue of [...(result.body.errors ?? []), ...(result.body.warnings ?? [])]) {
      console.log(`  ${issue.headers.join(', ')}: ${issue.message}`);
    }
    if (result.body.code !== 'VALID_HEADERS') invalid++;
  }
  return invalid === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    const known = isCollectorError(error) || isHmrcError(error);
    console.error(known ? `${error.code}: ${error.message}` : error);
    process.exitCode = 2;
  },
);
