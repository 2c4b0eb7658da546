import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import { runCaptured } from '@fph-kit/test-support/cli-run';
import { HmrcSim, PLATFORM_ERRORS, validateExample } from '@fph-kit/test-support/hmrc-sim';
import { validate } from '@fph-kit/validator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

const CLIENT_ID = 'fph-cli-test-client';
const CLIENT_SECRET = 'sim-secret-cli-5d2e9a';
const WEB = cleanSet('WEB_APP_VIA_SERVER');
const BROKEN = { ...WEB, 'Gov-Client-Timezone': 'Europe/London' };

const sim = new HmrcSim({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
const scratch = mkdtempSync(join(tmpdir(), 'fph-compare-'));
let env: Record<string, string>;

beforeAll(async () => {
  await sim.start();
  env = sim.env();
});
beforeEach(() => sim.reset());
afterAll(async () => {
  await sim.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** HMRC answering as fph-kit's validator does, for the Gov-* headers it received. */
function answerAsValidator(): void {
  sim.always('validate', (seen) => {
    const gov = Object.entries(seen.headers).filter(([name]) => name.startsWith('gov-')) as [
      string,
      string,
    ][];
    return { status: 200, body: validate(gov).report as never };
  });
}

const compare = (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
  runCaptured(runCli, ['compare', ...args], { env, cwd: scratch, ...options });

describe('fph compare against a local HMRC', () => {
  it('exit 0 when HMRC agrees, sending only the Gov-* headers and naming the others', async () => {
    answerAsValidator();
    const run = await compare(['-'], {
      stdin: JSON.stringify({ ...BROKEN, 'X-Request-ID': 'r-1' }),
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        '  fph-kit INVALID_HEADERS  1 error, 0 warnings  (spec 3.3)',
        '  HMRC    INVALID_HEADERS  1 error, 0 warnings  (spec 3.3)',
        '  agree: the same code, message and issues, in the same order',
        '  not sent to HMRC (not Gov-* headers): X-Request-ID',
        '',
        'fph-kit and HMRC agree',
        '',
      ].join('\n'),
    );
    const sent = sim.requests.find((r) => r.endpoint === 'validate')!;
    expect(sent.headers['x-request-id']).toBeUndefined();
    expect(sent.headers['gov-client-timezone']).toBe('Europe/London');
    expect(sent.headers.authorization).toBe(`Bearer ${sim.issued[0]}`);
  });

  it('exit 1 and every disagreement listed when HMRC answers otherwise', async () => {
    // Unscripted, the simulator answers with the OpenAPI example: spec 3.1, VALID_HEADERS.
    const run = await compare(['-'], { stdin: JSON.stringify(BROKEN) });
    expect(run.status).toBe(1);
    const local = validate(BROKEN).report;
    const hmrc = validateExample('allFphHeadersValid');
    expect(run.stdout).toBe(
      [
        '  fph-kit INVALID_HEADERS  1 error, 0 warnings  (spec 3.3)',
        '  HMRC    VALID_HEADERS    0 errors, 0 warnings  (spec 3.1)',
        '  disagree: 4 differences',
        '    - specVersion: fph-kit says "3.3", HMRC says "3.1"',
        '    - code: fph-kit says "INVALID_HEADERS", HMRC says "VALID_HEADERS"',
        `    - message: fph-kit says ${JSON.stringify(local.message)}, HMRC says ${JSON.stringify(hmrc.message)}`,
        `    - only fph-kit reports INVALID_HEADER on gov-client-timezone: "${local.errors![0]!.message}"`,
        '',
        'fph-kit and HMRC disagree',
        '',
      ].join('\n'),
    );
  });

  it('--format json: the comparison as data, in the shape of POST /v1/compare', async () => {
    const run = await compare(['-', '--format', 'json'], { stdin: JSON.stringify(BROKEN) });
    expect(run.status).toBe(1);
    const body = JSON.parse(run.stdout);
    expect(Object.keys(body)).toEqual(['agree', 'local', 'hmrc', 'disagreements', 'ignored']);
    expect(body.agree).toBe(false);
    expect(body.local.report).toEqual(validate(BROKEN).report);
    expect(body.local.connectionMethod).toBe('WEB_APP_VIA_SERVER');
    expect(body.hmrc).toMatchObject({ status: 200, conforms: true, attempts: 1 });
    expect(body.hmrc.body).toEqual(validateExample('allFphHeadersValid'));
    expect(body.disagreements.map((d: { field: string }) => d.field)).toEqual([
      'specVersion',
      'code',
      'message',
      'errors',
    ]);
    expect(body.ignored).toEqual([]);
  });

  it('a HAR file: one call per request, each compared, exit 1 when one disagrees', async () => {
    sim.queue('validate', (seen) => {
      const gov = Object.entries(seen.headers).filter(([n]) => n.startsWith('gov-')) as [
        string,
        string,
      ][];
      return { status: 200, body: validate(gov).report as never };
    });
    const entry = (url: string, headers: Record<string, string>) => ({
      startedDateTime: '2026-11-23T10:00:00.250Z',
      request: {
        method: 'GET',
        url,
        headers: Object.entries(headers).map(([name, value]) => ({ name, value })),
      },
    });
    const har = {
      log: {
        entries: [
          entry('https://api.example/vat/1', WEB),
          entry('https://api.example/vat/2', BROKEN),
        ],
      },
    };
    const json = await compare(['-', '--format', 'json'], { stdin: JSON.stringify(har) });
    expect(json.status).toBe(1);
    const body = JSON.parse(json.stdout);
    expect(body.map((c: { request: { url: string } }) => c.request.url)).toEqual([
      'https://api.example/vat/1',
      'https://api.example/vat/2',
    ]);
    expect(body.map((c: { agree: boolean }) => c.agree)).toEqual([true, false]);
    expect(sim.count('validate')).toBe(2);

    sim.reset();
    answerAsValidator();
    const text = await compare(['-'], { stdin: JSON.stringify(har) });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('GET https://api.example/vat/1 (2026-11-23T10:00:00.250Z)\n');
    expect(text.stdout).toMatch(/\nfph-kit and HMRC agree on 2 of 2 sets\n$/);
  });

  it('reads a file relative to the working directory', async () => {
    answerAsValidator();
    writeFileSync(join(scratch, 'headers.json'), JSON.stringify(WEB));
    const run = await compare(['headers.json']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('  fph-kit VALID_HEADERS  0 errors, 0 warnings  (spec 3.3)\n');
  });
});

describe('fph compare: what stops it', () => {
  /** Exit `status`, nothing on stdout, one line on stderr matching `message`. */
  const stopped = async (
    args: string[],
    options: { stdin?: string; env?: Record<string, string> },
    status: number,
    message: RegExp,
  ) => {
    const run = await compare(args, options);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.status).toBe(status);
    return run;
  };

  it('exit 2 without credentials, saying what to set, before reading any input', async () => {
    await stopped(
      ['-'],
      { stdin: JSON.stringify(WEB), env: {} },
      2,
      /^fph: compare: calling HMRC's Test API needs a sandbox application's credentials: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET \(and HMRC_BASE_URL for an environment other than HMRC's sandbox\); fph validate gives the verdict offline without them\n$/,
    );
    await stopped(
      ['-'],
      { stdin: '', env: { HMRC_CLIENT_ID: CLIENT_ID } },
      2,
      /^fph: compare: HMRC_CLIENT_SECRET is not set: set both/,
    );
    await stopped(
      ['-'],
      { stdin: '', env: { ...env, HMRC_BASE_URL: 'not a url' } },
      2,
      /^fph: compare: HMRC_BASE_URL is not a URL: "not a url"/,
    );
    expect(sim.requests).toEqual([]);
  });

  it('exit 2 for input that cannot be read or headers that cannot be sent', async () => {
    await stopped(
      ['missing.json'],
      {},
      2,
      /^fph: compare: cannot read 'missing\.json': no such file\n$/,
    );
    await stopped(['-'], { stdin: 'hello\n' }, 2, /^fph: compare: standard input: line 1 is not/);
    await stopped(
      ['-'],
      { stdin: JSON.stringify({ ...WEB, 'Gov-Client-User-IDs': 'acme=Zoë 🙂' }) },
      2,
      /^fph: compare: HMRC's Test API: cannot send these headers: Gov-Client-User-IDs: value has U\+1F642/,
    );
  });

  it("exit 3 when HMRC refuses: the platform's code and what to do", async () => {
    sim.queue('validate', { status: 403, body: PLATFORM_ERRORS[403] });
    await stopped(
      ['-'],
      { stdin: JSON.stringify(WEB) },
      3,
      /^fph: compare: HMRC's Test API: GET \/test\/fraud-prevention-headers\/validate answered 403 RESOURCE_FORBIDDEN: The application is not subscribed to this API\. Subscribe the application/,
    );
  });

  it('exit 3 for refused credentials, without showing the secret', async () => {
    const run = await stopped(
      ['-'],
      { stdin: JSON.stringify(WEB), env: { ...env, HMRC_CLIENT_SECRET: `${CLIENT_SECRET}-wrong` } },
      3,
      /^fph: compare: HMRC's Test API: HMRC's OAuth token endpoint answered 401 INVALID_CREDENTIALS: invalid_client: invalid client id or secret\. Check HMRC_CLIENT_ID and HMRC_CLIENT_SECRET/,
    );
    expect(run.stderr).not.toContain(CLIENT_SECRET);
  });

  it('names the set HMRC failed on when there are several', async () => {
    answerAsValidator();
    sim.queue(
      'validate',
      (seen) => ({
        status: 200,
        body: validate(
          Object.entries(seen.headers).filter(([n]) => n.startsWith('gov-')) as [string, string][],
        ).report as never,
      }),
      { status: 403, body: PLATFORM_ERRORS[403] },
    );
    const block = (path: string) =>
      [`GET ${path} HTTP/1.1`, ...Object.entries(WEB).map(([n, v]) => `${n}: ${v}`)].join('\n');
    await stopped(
      ['-'],
      { stdin: `${block('/a')}\n\n${block('/b')}\n` },
      3,
      /RESOURCE_FORBIDDEN.* \(set 2 of 2\)\n$/,
    );
  });
});
