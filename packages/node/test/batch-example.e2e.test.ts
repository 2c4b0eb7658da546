import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requirementsFor, sha256Hex } from '@fph-kit/spec';
import { HmrcSim } from '@fph-kit/test-support/hmrc-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * examples/batch/job.ts, run as a vendor runs it (its own Node process, its own package), against
 * a local stand-in for HMRC's sandbox on 127.0.0.1:0, on this machine.
 */
const EXAMPLE = fileURLToPath(new URL('../../../examples/batch/', import.meta.url));
const LICENCE = 'ACME-7Q2K-99XZ-LL04';
const BATCH_HEADERS = requirementsFor('BATCH_PROCESS_DIRECT').required;

interface JobRun {
  status: number;
  stdout: string;
  stderr: string;
}

function runJob(env: Record<string, string>, args: string[] = ['accounts.json']): Promise<JobRun> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  delete childEnv.NODE_OPTIONS;
  for (const name of ['HMRC_CLIENT_ID', 'HMRC_CLIENT_SECRET'])
    if (!(name in env)) delete childEnv[name];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@fph-kit/source', '--import', 'tsx', 'job.ts', ...args],
      { cwd: EXAMPLE, env: childEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** The Gov-* headers of a request the simulator saw, with canonical names. */
function govHeaders(seen: HmrcSim['requests'][number]): Record<string, string> {
  const canonical = new Map(BATCH_HEADERS.map((name) => [name.toLowerCase(), name]));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(seen.headers)) {
    if (!name.startsWith('gov-') || typeof value !== 'string') continue;
    out[canonical.get(name) ?? name] = value;
  }
  return out;
}

describe('examples/batch: an overnight job against a local HMRC sandbox', () => {
  const sim = new HmrcSim();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    await sim.start();
    dir = await mkdtemp(join(tmpdir(), 'fph-batch-job-'));
    env = { ...sim.env(), ACME_LICENCE_KEY: LICENCE, DEVICE_ID_FILE: join(dir, '.fph-device-id') };
  });

  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends one BATCH_PROCESS_DIRECT set per account: fixed values once per run, the account per request', async () => {
    sim.reset();
    const accounts = JSON.parse(await readFile(join(EXAMPLE, 'accounts.json'), 'utf8')) as {
      vrn: string;
      user: string;
    }[];
    const job = await runJob(env);
    expect(job.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(job.status, job.stderr).toBe(0);
    expect(job.stdout.trim().split('\n')).toEqual(accounts.map((a) => `${a.vrn} VALID_HEADERS`));

    const sent = sim.requests.filter((r) => r.endpoint === 'validate').map(govHeaders);
    expect(sent).toHaveLength(accounts.length);
    const deviceId = (await readFile(env.DEVICE_ID_FILE!, 'utf8')).trim();
    const noted = [...job.stderr.matchAll(/^note: (Gov-[A-Za-z-]+): /gm)].map((m) =>
      m[1]!.toLowerCase(),
    );
    const licenceHash = await sha256Hex(LICENCE, true);
    sent.forEach((headers, i) => {
      // Only headers of the method: no Multi-Factor, Screens, Window-Size, Public-IP, Forwarded.
      for (const name of Object.keys(headers)) expect(BATCH_HEADERS).toContain(name);
      expect(headers['Gov-Client-Connection-Method']).toBe('BATCH_PROCESS_DIRECT');
      expect(headers['Gov-Client-Device-ID']).toBe(deviceId);
      expect(headers['Gov-Client-User-IDs']).toContain(
        `acme-online=${encodeURIComponent(accounts[i]!.user).replace('@', '%40')}`,
      );
      expect(headers['Gov-Vendor-License-IDs']).toBe(`acme-vat-batch=${licenceHash}`);
      expect(JSON.stringify(headers)).not.toContain(LICENCE);
      // Every header of the method is sent, or the job's notes said why not.
      for (const name of BATCH_HEADERS) {
        if (headers[name] !== undefined) continue;
        expect(noted, `${name} neither sent nor noted`).toContain(
          name.toLowerCase().replace(/-timestamp$/, ''),
        );
      }
    });
    // The values read once are the same on every request of the run.
    for (const name of ['Gov-Client-User-Agent', 'Gov-Vendor-Product-Name', 'Gov-Vendor-Version']) {
      expect(new Set(sent.map((h) => h[name])).size, name).toBe(1);
    }
  });

  it('keeps the device ID from one run to the next', async () => {
    const before = (await readFile(env.DEVICE_ID_FILE!, 'utf8')).trim();
    sim.reset();
    const job = await runJob(env);
    expect(job.status, job.stderr).toBe(0);
    const sent = sim.requests.filter((r) => r.endpoint === 'validate').map(govHeaders);
    expect(sent.map((h) => h['Gov-Client-Device-ID'])).toEqual(sent.map(() => before));
  });

  it('says what is wrong, with exit status 2, without credentials or with a bad account list', async () => {
    const noCredentials = await runJob({ HMRC_BASE_URL: sim.baseUrl });
    expect(noCredentials.status).toBe(2);
    expect(noCredentials.stderr).toContain('set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET');
    const badList = await runJob(env, ['package.json']);
    expect(badList.status).toBe(2);
    expect(badList.stderr).toContain('package.json: expected a JSON array of accounts');
  });
});
