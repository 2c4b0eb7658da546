import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  parseLicenseIds,
  parseLocalIps,
  parseMacAddresses,
  parseTimestamp,
  parseUserAgent,
  parseUserIds,
  requirementsFor,
  sha256Hex,
} from '@fph-kit/spec';
import type { ValidationReport } from '@fph-kit/validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fph-collect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

async function fph(args: string[], env: Record<string, string> = {}, input = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(input === '' ? [] : [Buffer.from(input)]),
    env: { HOME: dir, FPH_DEVICE_ID_FILE: join(dir, 'device-id'), ...env },
    cwd: dir,
  });
  return { status, stdout, stderr };
}

/** The `--explain` table: header name to status and source. */
function explanations(stderr: string): Map<string, { status: string; source: string }> {
  const map = new Map<string, { status: string; source: string }>();
  for (const line of stderr.split('\n')) {
    const m = /^ {2}(Gov-\S+)\s+(collected|partial|missing)\s+(.*)$/.exec(line);
    if (m) map.set(m[1]!, { status: m[2]!, source: m[3]! });
  }
  return map;
}

const DIRECT_JSON = ['collect', '--connection-method', 'DESKTOP_APP_DIRECT', '--format', 'json'];

describe('fph collect on this machine', () => {
  it('prints one JSON object of DESKTOP_APP_DIRECT headers, each value well formed', async () => {
    const run = await fph(DIRECT_JSON);
    expect(run.status).toBe(0);
    const headers = JSON.parse(run.stdout) as Record<string, string>;
    const required = requirementsFor('DESKTOP_APP_DIRECT').required as readonly string[];
    for (const name of Object.keys(headers)) expect(required).toContain(name);
    expect(headers['Gov-Client-Connection-Method']).toBe('DESKTOP_APP_DIRECT');
    expect(parseLocalIps(headers['Gov-Client-Local-IPs']!).ok).toBe(true);
    expect(parseTimestamp(headers['Gov-Client-Local-IPs-Timestamp']!).ok).toBe(true);
    expect(parseMacAddresses(headers['Gov-Client-MAC-Addresses']!).ok).toBe(true);
    expect(parseUserAgent(headers['Gov-Client-User-Agent']!).ok).toBe(true);
    const userIds = parseUserIds(headers['Gov-Client-User-IDs']!);
    expect(userIds.ok && userIds.value.map(([k]) => k)).toEqual(['os']);
  });

  it('piped into `fph validate`: no error except what this machine cannot collect, and --explain explains every finding', async () => {
    const collected = await fph([...DIRECT_JSON, '--explain']);
    expect(collected.status).toBe(0);
    const explained = explanations(collected.stderr);
    expect([...explained.keys()]).toEqual([...requirementsFor('DESKTOP_APP_DIRECT').required]);
    const checked = await fph(
      ['validate', '--connection-method', 'DESKTOP_APP_DIRECT', '--format', 'json'],
      {},
      collected.stdout,
    );
    const report = JSON.parse(checked.stdout) as ValidationReport;
    expect(checked.status).toBe(report.errors ? 1 : 0);
    const explanationOf = (key: string) =>
      explained.get([...explained.keys()].find((n) => n.toLowerCase() === key)!)!;

    // Errors: only Screens and Window-Size, which a machine without a display (and a command
    // line process, which has no window) cannot give; --explain says so.
    for (const issue of report.errors ?? []) {
      expect(issue.code).toBe('MISSING_HEADER');
      for (const key of issue.headers) {
        expect(['gov-client-screens', 'gov-client-window-size']).toContain(key);
        expect(explanationOf(key).status).toBe('missing');
        expect(explanationOf(key).source).toMatch(/headless|no application window/);
      }
    }
    // Warnings: each on a header --explain marks missing or partial, or (Local-IPs) explains.
    for (const issue of report.warnings ?? []) {
      for (const key of issue.headers) {
        const e = explanationOf(key);
        if (key === 'gov-client-local-ips')
          expect(e.source).toMatch(/documentation range|public address/);
        else expect(['missing', 'partial']).toContain(e.status);
      }
    }
  });

  it('the collector with a display adapter (a desktop app), piped into `fph validate`: no error at all', async () => {
    // Screens and window come from an adapter here: with them the set has no error, and the
    // warnings left are the ones this container causes (no firmware model, a documentation-range
    // interface address) or no MFA.
    const { createCollector, electronDisplay } = await import('@fph-kit/node');
    const collector = createCollector({
      productName: 'Acme Tax',
      versions: { 'acme-desktop': '3.1.0' },
      licenseKeys: { 'acme-desktop': 'KEY-1' },
      deviceId: { path: join(dir, 'lib-device-id') },
      display: electronDisplay({
        screen: {
          getAllDisplays: () => [
            { size: { width: 1920, height: 1080 }, scaleFactor: 1, colorDepth: 24 },
          ],
        },
        BrowserWindow: { getFocusedWindow: () => ({ getContentSize: () => [1256, 803] }) },
      }),
    });
    const checked = await fph(
      ['validate', '--connection-method', 'DESKTOP_APP_DIRECT', '--format', 'json'],
      {},
      JSON.stringify(await collector.headers()),
    );
    const report = JSON.parse(checked.stdout) as ValidationReport;
    expect(report.errors).toBeUndefined();
    for (const issue of report.warnings ?? []) {
      for (const key of issue.headers) {
        expect([
          'gov-client-multi-factor',
          'gov-client-user-agent',
          'gov-client-local-ips',
        ]).toContain(key);
      }
    }
  });

  it('prints Name: value lines with --format headers', async () => {
    const run = await fph(['collect', '--format', 'headers', '--product-name', 'Acme Tax']);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^Gov-[A-Za-z-]+: \S/);
    expect(lines).toContain('Gov-Vendor-Product-Name: Acme%20Tax');
  });

  it('hashes licence keys before printing them', async () => {
    const run = await fph(['collect', '--license', 'acme-desktop=SECRET-KEY-1']);
    const headers = JSON.parse(run.stdout) as Record<string, string>;
    expect(run.stdout).not.toContain('SECRET-KEY-1');
    const ids = parseLicenseIds(headers['Gov-Vendor-License-IDs']!);
    expect(ids.ok && ids.value).toEqual([['acme-desktop', await sha256Hex('SECRET-KEY-1', true)]]);
  });

  it('takes vendor values from flags, else from the environment', async () => {
    const env = {
      FPH_PRODUCT_NAME: 'Env Product',
      FPH_VERSION: 'acme-desktop=1.2.3,acme-core=4.5',
      FPH_USER_IDS: 'acme-account=alice123',
      FPH_LICENSE_KEYS: 'acme-desktop=K1',
    };
    const fromEnv = JSON.parse((await fph(['collect'], env)).stdout) as Record<string, string>;
    expect(fromEnv['Gov-Vendor-Product-Name']).toBe('Env%20Product');
    expect(fromEnv['Gov-Vendor-Version']).toBe('acme-desktop=1.2.3&acme-core=4.5');
    expect(fromEnv['Gov-Client-User-IDs']).toMatch(/^os=[^&]+&acme-account=alice123$/);
    expect(fromEnv['Gov-Vendor-License-IDs']).toBe(`acme-desktop=${await sha256Hex('K1', true)}`);

    const flags = await fph(
      [
        'collect',
        '--product-name',
        'Flag Product',
        '--version',
        'x=9',
        '--user-id',
        'os=CORP\\alice',
      ],
      env,
    );
    const fromFlags = JSON.parse(flags.stdout) as Record<string, string>;
    expect(fromFlags['Gov-Vendor-Product-Name']).toBe('Flag%20Product');
    expect(fromFlags['Gov-Vendor-Version']).toBe('x=9');
    expect(fromFlags['Gov-Client-User-IDs']).toBe('os=CORP%5Calice');
  });

  it('explains defaults and where vendor values came from', async () => {
    const run = await fph(['collect', '--explain', '--version', 'acme=1.0'], {
      FPH_PRODUCT_NAME: 'Acme',
    });
    const explained = explanations(run.stderr);
    expect(explained.get('Gov-Vendor-Product-Name')?.source).toBe('FPH_PRODUCT_NAME');
    expect(explained.get('Gov-Vendor-Version')?.source).toBe('--version');
    expect(explained.get('Gov-Client-Connection-Method')?.source).toContain('default');
  });

  it('prints the client payload for a via-server method', async () => {
    const run = await fph(['collect', '--connection-method', 'DESKTOP_APP_VIA_SERVER']);
    expect(run.status).toBe(0);
    const headers = JSON.parse(run.stdout) as Record<string, string>;
    expect(headers['Gov-Client-Connection-Method']).toBeUndefined();
    expect(headers['Gov-Vendor-Product-Name']).toBeUndefined();
    expect(headers['Gov-Vendor-Version']).toMatch(/^fph-cli=/);
    expect(headers['Gov-Client-Device-ID']).toBeDefined();
  });

  it('keeps the same device ID from one run to the next', async () => {
    const first = JSON.parse((await fph(['collect'])).stdout) as Record<string, string>;
    const second = JSON.parse((await fph(['collect'])).stdout) as Record<string, string>;
    expect(second['Gov-Client-Device-ID']).toBe(first['Gov-Client-Device-ID']);
  });
});

describe('fph collect: bad usage exits 2 with a clear message', () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--format', 'xml'], {}, /--format must be json or headers, not 'xml'/],
    [['--connection-method', 'WEB_APP_VIA_SERVER'], {}, /WEB_APP_VIA_SERVER is not collected/],
    [['--connection-method', 'DESKTOP'], {}, /'DESKTOP' is not a connection method/],
    [['--version', 'no-equals'], {}, /--version 'no-equals' must be software=version/],
    [['--version', 'a=1', '--version', 'a=2'], {}, /--version gives 'a' twice/],
    [['--user-id', 'app='], {}, /--user-id 'app=' has an empty value/],
    [['--license', ' app=k'], {}, /the name has spaces around it/],
    [['--product-name', ''], {}, /--product-name needs a value/],
    [[], { FPH_VERSION: 'a=1,b' }, /FPH_VERSION 'b' must be software=version/],
    [
      ['--connection-method', 'OTHER_VIA_SERVER', '--product-name', 'X'],
      {},
      /client payload has neither/,
    ],
    [['--no-such-flag'], {}, /no-such-flag/],
    [['stray'], {}, /stray/],
  ];
  for (const [args, env, message] of cases) {
    it(`${args.join(' ') || JSON.stringify(env)}`, async () => {
      const run = await fph(['collect', ...args], env);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }

  it('--help prints the options and exits 0', async () => {
    const run = await fph(['collect', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--device-id-file');
    expect(run.stdout).toContain('FPH_LICENSE_KEYS');
  });
});
