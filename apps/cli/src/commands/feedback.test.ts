import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import { runCaptured } from '@fph-kit/test-support/cli-run';
import { HmrcSim, PLATFORM_ERRORS } from '@fph-kit/test-support/hmrc-sim';
import { type Listening, listen } from '@fph-kit/test-support/http';
import { createValidatorService, type ValidatorService } from '@fph-kit/validator-service';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

const CLIENT_ID = 'fph-cli-feedback-client';
const CLIENT_SECRET = 'sim-secret-feedback-8c1f';
const TOKEN = 'svc-token-3b7f0e5a9d';

const sim = new HmrcSim({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
const scratch = mkdtempSync(join(tmpdir(), 'fph-feedback-'));
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

const feedback = (args: string[], options: { env?: Record<string, string> } = {}) =>
  runCaptured(runCli, ['feedback', ...args], { env, cwd: scratch, ...options });

describe("fph feedback from HMRC's Test API (a local HMRC)", () => {
  it("prints each request's verdict and problems; exit 1 when one is INVALID_HEADERS", async () => {
    const run = await feedback(['vat-mtd']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      [
        `vat-mtd: validation feedback from HMRC's Test API (${sim.baseUrl})`,
        '',
        'GET /organisations/vat/107794340/liabilities (2020-09-21T10:30:05.962Z)  INVALID_HEADERS',
        '  error    gov-client-mac-addresses  Header required',
        '  error    gov-client-screens  At least 1 screen is missing a value for scaling factor',
        '  error    gov-client-screens  At least 1 screen is missing a value for colour depth',
        '           value: "width=1920&height=1080"',
        '  warning  gov-vendor-version  For client server architectures, submit a version for the client and the server. For all other architectures, submit at least 1 version.',
        '           value: "my-desktop-app=2.2.2"',
        '',
        '1 request: 1 INVALID_HEADERS',
        '',
      ].join('\n'),
    );
    const call = sim.requests.find((r) => r.endpoint === 'feedback')!;
    expect(call.path).toBe('/test/fraud-prevention-headers/vat-mtd/validation-feedback');
    expect([...call.query]).toEqual([]);
  });

  it('--connection-method filters; --format json prints the body as received', async () => {
    const run = await feedback([
      'vat-mtd',
      '--connection-method',
      'DESKTOP_APP_VIA_SERVER',
      '--format',
      'json',
    ]);
    expect(run.status).toBe(1);
    const call = sim.requests.find((r) => r.endpoint === 'feedback')!;
    expect(call.query.get('connectionMethod')).toBe('DESKTOP_APP_VIA_SERVER');
    expect(JSON.parse(run.stdout).requests[0].code).toBe('INVALID_HEADERS');
  });

  it('exit 0 when no request has errors, and says when there is none', async () => {
    sim.queue('feedback', { status: 200, body: { requests: [] } });
    const none = await feedback(['vat-mtd']);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain(
      'HMRC has no sandbox request to vat-mtd from this application on record.',
    );
  });

  it("exit 3 when HMRC refuses, with HMRC's code and what to do", async () => {
    sim.queue('feedback', { status: 403, body: PLATFORM_ERRORS[403] });
    const run = await feedback(['vat-mtd']);
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^fph: feedback: HMRC's Test API: GET \/test\/fraud-prevention-headers\/vat-mtd\/validation-feedback answered 403 RESOURCE_FORBIDDEN: .* Subscribe the application/,
    );
  });

  it('exit 3 when the answer does not match HMRC schema', async () => {
    sim.queue('feedback', { status: 200, body: { requests: 'none' } });
    const run = await feedback(['vat-mtd']);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(
      /^fph: feedback: HMRC's Test API \(.*\) answered a body that does not match HMRC's OpenAPI schema: \/requests must be array\n$/,
    );
  });
});

describe('fph feedback: usage', () => {
  const refused = async (args: string[], line: string | RegExp, options = {}) => {
    const run = await feedback(args, options);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    if (typeof line === 'string') expect(run.stderr).toBe(`${line}\n`);
    else expect(run.stderr).toMatch(line);
  };

  it('no API, an unknown one, or a connection method HMRC does not know', async () => {
    await refused(
      [],
      'fph: feedback: which API? Give its name, e.g. fph feedback vat-mtd; see fph feedback --help',
    );
    await refused(
      ['vat-mdt'],
      /^fph: feedback: unknown API 'vat-mdt' \(did you mean vat-mtd\?\); HMRC gives feedback for business-details-mtd, /,
    );
    await refused(
      ['vat-mtd', '--connection-method', 'WEB_APP_VIA_SEVER'],
      /^fph: feedback: --connection-method 'WEB_APP_VIA_SEVER' is not one of .* \(did you mean WEB_APP_VIA_SERVER\?\); see fph feedback --help\n$/,
    );
    expect(sim.requests).toEqual([]);
  });

  it('no credentials without --service; --token-file without --service', async () => {
    await refused(
      ['vat-mtd'],
      "fph: feedback: calling HMRC's Test API needs a sandbox application's credentials: set HMRC_CLIENT_ID and HMRC_CLIENT_SECRET (and HMRC_BASE_URL for an environment other than HMRC's sandbox); or give --service URL for the feedback of a local validator service",
      { env: {} },
    );
    await refused(
      ['vat-mtd', '--token-file', 'token.txt'],
      "fph: feedback: --token-file is the token of a validator service given with --service; HMRC's Test API takes HMRC_CLIENT_ID and HMRC_CLIENT_SECRET; see fph feedback --help",
    );
  });

  it('a --service that is not a usable URL, a token file that cannot be used', async () => {
    await refused(
      ['vat-mtd', '--service', '127.0.0.1:8787'],
      "fph: feedback: --service '127.0.0.1:8787' is not a URL (e.g. http://127.0.0.1:8787); see fph feedback --help",
    );
    await refused(
      ['vat-mtd', '--service', 'ftp://127.0.0.1'],
      'fph: feedback: --service must be an http or https URL, got ftp:; see fph feedback --help',
    );
    await refused(
      ['vat-mtd', '--service', 'not a url'],
      "fph: feedback: --service 'not a url' is not a URL (e.g. http://127.0.0.1:8787); see fph feedback --help",
    );
    await refused(
      ['vat-mtd', '--service', 'http://127.0.0.1:1', '--token-file', 'missing.txt'],
      "fph: feedback: cannot read --token-file 'missing.txt': no such file",
    );
    writeFileSync(join(scratch, 'empty.txt'), '\n');
    await refused(
      ['vat-mtd', '--service', 'http://127.0.0.1:1', '--token-file', 'empty.txt'],
      "fph: feedback: --token-file 'empty.txt' is empty",
    );
    await refused(
      ['vat-mtd', '--service', 'http://127.0.0.1:1'],
      'fph: feedback: FPH_SERVICE_TOKEN must hold one token of visible ASCII characters (no spaces or line breaks inside)',
      {
        env: { FPH_SERVICE_TOKEN: 'two words' },
      },
    );
  });
});

describe('fph feedback --service: a validator service and its gateway', () => {
  let upstream: Listening;
  let service: ValidatorService;
  let url: string;

  beforeAll(async () => {
    upstream = await listen(() =>
      createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"obligations":[]}');
      }),
    );
    service = createValidatorService({ port: 0, upstream: upstream.origin, log: false });
    ({ url } = await service.listen());
  });
  afterAll(async () => {
    await service.close();
    await upstream.close();
  });

  it("shows the feedback the gateway recorded, as HMRC's endpoint shapes it", async () => {
    const empty = await feedback(['vat-mtd', '--service', url], { env: {} });
    expect(empty.status).toBe(0);
    expect(empty.stdout).toBe(
      [
        `vat-mtd: validation feedback from the service at ${url}`,
        '',
        `No request to vat-mtd has gone through this service's gateway: point your application's sandbox base URL at ${url} and make its calls.`,
        '',
      ].join('\n'),
    );

    const sent = await fetch(`${url}/organisations/vat/107794340/obligations`, {
      headers: { ...cleanSet('WEB_APP_VIA_SERVER'), 'Gov-Client-Timezone': 'Europe/London' },
    });
    await sent.text();
    expect(sent.status).toBe(200);
    const run = await feedback(['vat-mtd', '--service', `${url}/`], { env: {} });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /\nGET \/organisations\/vat\/107794340\/obligations \(\d{4}-\d\d-\d\dT[\d:.]+Z\) {2}INVALID_HEADERS\n/,
    );
    expect(run.stdout).toContain(
      '  error    gov-client-timezone  Value must be a recognised timezone in UTC format, submitted as UTC±<hh>:<mm>\n           value: "Europe/London"\n',
    );
    expect(run.stdout).toMatch(/\n1 request: 1 INVALID_HEADERS\n$/);

    const other = await feedback(
      ['vat-mtd', '--service', url, '--connection-method', 'DESKTOP_APP_DIRECT'],
      { env: {} },
    );
    expect(other.status).toBe(0);
    expect(other.stdout).toContain('with DESKTOP_APP_DIRECT');
  });

  it('exit 3 when nothing listens there', async () => {
    const closed = await listen(() => createServer());
    const gone = closed.origin;
    await closed.close();
    const run = await feedback(['vat-mtd', '--service', gone], { env: {} });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      `fph: feedback: cannot reach the service at ${gone}: ECONNREFUSED; is fph serve running there?\n`,
    );
  });
});

describe('fph feedback --service: a service that asks for its token', () => {
  let guarded: Listening;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    guarded = await listen(() =>
      createServer((req, res) => {
        seen.push(req.headers);
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
          res.writeHead(401, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              type: '/problems#unauthorized',
              title: 'Unauthorized',
              status: 401,
              detail: 'this endpoint needs the service token',
              code: 'UNAUTHORIZED',
            }),
          );
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"requests":[]}');
      }),
    );
  });
  afterAll(async () => {
    await guarded.close();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  it('without a token: exit 3, saying how to give one', async () => {
    const run = await feedback(['vat-mtd', '--service', guarded.origin], { env: {} });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      `fph: feedback: the service at ${guarded.origin} answered 401: UNAUTHORIZED: this endpoint needs the service token; give the service token with --token-file FILE or FPH_SERVICE_TOKEN\n`,
    );
    expect(seen[0]?.authorization).toBeUndefined();
    expect(seen[0]?.accept).toBe('application/vnd.hmrc.1.0+json');
  });

  it('sends the token from --token-file, or else from FPH_SERVICE_TOKEN', async () => {
    writeFileSync(join(scratch, 'token.txt'), `${TOKEN}\n`);
    const fromFile = await feedback(
      ['vat-mtd', '--service', guarded.origin, '--token-file', 'token.txt'],
      { env: { FPH_SERVICE_TOKEN: 'not-this-one' } },
    );
    expect(fromFile.stderr).toBe('');
    expect(fromFile.status).toBe(0);
    const fromEnv = await feedback(['vat-mtd', '--service', guarded.origin], {
      env: { FPH_SERVICE_TOKEN: TOKEN },
    });
    expect(fromEnv.status).toBe(0);
    expect(seen.map((h) => h.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
  });

  it('a refused token: exit 3, without showing it', async () => {
    const run = await feedback(['vat-mtd', '--service', guarded.origin], {
      env: { FPH_SERVICE_TOKEN: 'wrong-token-1234' },
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(
      'the token given was refused: check it is the one the service was started with',
    );
    expect(run.stderr).not.toContain('wrong-token-1234');
  });
});
