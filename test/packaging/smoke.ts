import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, page, startServer } from '@fph-kit/test-support/browser-harness';
import { build } from 'esbuild';
import { expect } from 'vitest';
import type { Consumer } from './consumer.ts';
import { ROOT } from './workspace.ts';

/**
 * One check per public package, run in the consumer project against the installed package: its
 * main function on real input, as a user's first program would call it. A public package without
 * an entry here fails the packaging test, so nothing ships untested.
 */
export type Smoke = (consumer: Consumer) => Promise<void>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Runs one of `consumer/` 's scripts with node in the project; its last stdout line is JSON. */
async function runScript<T>(consumer: Consumer, script: string, args: string[] = []): Promise<T> {
  const { code, stdout, stderr } = await consumer.run(process.execPath, [script, ...args]);
  expect(code, `node ${script} failed:\n${stderr}`).toBe(0);
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T;
}

/** Runs ES module code with node in the project; its last stdout line is JSON. */
async function runModule<T>(consumer: Consumer, code: string): Promise<T> {
  const result = await consumer.run(process.execPath, ['--input-type=module', '-e', code]);
  expect(result.code, `node -e failed:\n${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as T;
}

/** A raw header block from the CLI's fixtures (as copied from `curl -v` or devtools). */
function fixture(name: string): string {
  return readFileSync(join(ROOT, 'apps/cli/src/commands/validate-fixtures', name), 'utf8');
}

interface Report {
  code: string;
  errors?: { code: string; headers: string[] }[];
}

/** `npx fph serve --port 0` until it prints where it listens; stopped with SIGTERM. */
async function serveFromCli(consumer: Consumer): Promise<void> {
  // Its own process group: npx does not pass SIGTERM on to the command it runs.
  const child: ChildProcess = spawn(
    'npx',
    ['--no', 'fph', 'serve', '--port', '0', '--upstream', 'http://127.0.0.1:9'],
    { cwd: consumer.dir, env: consumer.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      closed.then(() => reject(new Error(`fph serve ended before listening:\n${err}`)));
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const healthz = await fetch(`${url}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toMatchObject({ status: 'ok', specVersion: '3.3' });
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await closed;
  }
  expect(err).toContain('fph serve: stopped');
}

export const SMOKE: Readonly<Record<string, Smoke>> = {
  '@fph-kit/spec': async (consumer) => {
    const out = await runScript<Record<string, unknown>>(consumer, 'spec.mjs');
    expect(out).toEqual({
      specVersion: '3.3',
      screens: 'width=1920&height=1080&scaling-factor=1.25&colour-depth=24',
      parsed: {
        ok: true,
        value: [{ width: 1920, height: 1080, scalingFactor: 1.25, colourDepth: 24 }],
      },
      timezone: 'UTC-02:30',
      userIds: 'my%20app=alice%40example.com',
      required: expect.arrayContaining(['Gov-Client-Device-ID', 'Gov-Client-MAC-Addresses']),
    });
  },

  '@fph-kit/validator': async (consumer) => {
    const out = await runScript<{ valid: Report; broken: Report }>(consumer, 'validator.mjs');
    expect(out.valid.code).toBe('VALID_HEADERS');
    expect(out.broken.code).toBe('INVALID_HEADERS');
    expect(out.broken.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_HEADER', headers: ['gov-client-timezone'] }),
    ]);
  },

  '@fph-kit/node': async (consumer) => {
    type Out = { first: Record<string, string>; second: Record<string, string> };
    const run1 = await runScript<Out>(consumer, 'node.mjs');
    const run2 = await runScript<Out>(consumer, 'node.mjs');
    const id = run1.first['Gov-Client-Device-ID'];
    expect(id).toMatch(UUID);
    // The device ID is kept in its file: the same for every call and the next process.
    expect([run1.second, run2.first].map((h) => h['Gov-Client-Device-ID'])).toEqual([id, id]);
    expect((await readFile(join(consumer.dir, 'device-id'), 'utf8')).trim()).toBe(id);
    expect(run1.first).toMatchObject({
      'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
      'Gov-Client-Local-IPs-Timestamp': expect.stringMatching(TIMESTAMP),
      'Gov-Client-Timezone': expect.stringMatching(/^UTC[+-]\d\d:\d\d$/),
      'Gov-Client-User-IDs': expect.stringMatching(/^os=.+&acme-books=batch$/),
      'Gov-Vendor-Product-Name': 'Acme%20Books',
      'Gov-Vendor-Version': 'acme-books-batch=4.12.0',
    });
  },

  '@fph-kit/server': async (consumer) => {
    const out = await runScript<{
      status: number;
      headers: Record<string, string>;
      problems: unknown[];
      report: Report;
    }>(consumer, 'server.mjs');
    expect(out.status).toBe(200);
    expect(out.problems).toEqual([]);
    expect(out.headers).toMatchObject({
      'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
      'Gov-Client-Public-IP': '81.2.69.160',
      'Gov-Client-Public-Port': '53012',
      'Gov-Vendor-Forwarded': 'by=52.56.10.20&for=81.2.69.160',
      'Gov-Vendor-Version': 'acme-web=2.4.1&acme-api=3.8.0',
    });
    expect(out.report.code).toBe('VALID_HEADERS');
    // Every adapter's entry loads without its framework installed, and the Fetch core assembles
    // a set for a WHATWG Request and its peer.
    const fetchCore = await consumer.run(process.execPath, ['--input-type=module'], {
      input: `
        const loaded = {};
        for (const entry of ['express', 'fastify', 'hono', 'koa', 'node', 'fetch'])
          loaded[entry] = Object.keys(await import('@fph-kit/server/' + entry)).sort();
        const { createFphFetch } = await import('@fph-kit/server/fetch');
        const fph = createFphFetch({ connectionMethod: 'OTHER_VIA_SERVER', productName: 'Acme',
          versions: { 'acme-api': '3.8.0' }, vendorPublicIp: '52.56.10.20', logger: false });
        const context = await fph(new Request('https://acme.example/api'), { address: '81.2.69.160', port: 53012 });
        console.log(JSON.stringify({ loaded, headers: context.headers() }));
      `,
    });
    expect(fetchCore.code, fetchCore.stderr).toBe(0);
    const core = JSON.parse(fetchCore.stdout.trim().split('\n').at(-1) ?? '') as {
      loaded: Record<string, string[]>;
      headers: Record<string, string>;
    };
    expect(core.loaded).toEqual({
      express: ['createFphMiddleware'],
      fastify: ['fphPlugin'],
      hono: ['createFphHonoMiddleware'],
      koa: ['createFphKoaMiddleware'],
      node: ['createFphNodeHandler'],
      fetch: ['createFphFetch'],
    });
    expect(core.headers).toMatchObject({
      'Gov-Client-Public-IP': '81.2.69.160',
      'Gov-Client-Public-Port': '53012',
      'Gov-Vendor-Forwarded': 'by=52.56.10.20&for=81.2.69.160',
    });
  },

  '@fph-kit/hmrc': async (consumer) => {
    const out = await runScript<{
      result: { status: number; conforms: boolean; body: Report };
      seen: { method: string; path: string; accept: string }[];
      accept: string;
    }>(consumer, 'hmrc.mjs');
    expect(out.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'POST /oauth/token',
      'GET /test/fraud-prevention-headers/validate',
    ]);
    expect(out.seen[1]?.accept).toBe(out.accept);
    expect(out.result.status).toBe(200);
    expect(out.result.conforms).toBe(true);
    expect(out.result.body.code).toBe('INVALID_HEADERS');
    expect(out.result.body.errors).toContainEqual(
      expect.objectContaining({ code: 'INVALID_HEADER', headers: ['gov-client-timezone'] }),
    );
  },

  '@fph-kit/validator-service': async (consumer) => {
    const out = await runScript<{
      page: number;
      assets: { path: string; status: number; bytes: number; fphKit: boolean }[];
      healthz: { status: number; body: string };
      validate: { status: number; body: { report: Report } };
    }>(consumer, 'service.mjs');
    expect(out.page).toBe(200);
    // The page's own files from public/, and the browser bundle from @fph-kit/browser.
    expect(out.assets.map((a) => a.path.replace(/\.[\w-]{12}\./, '.'))).toEqual([
      '/assets/icon.svg',
      '/assets/app.css',
      '/assets/app.js',
      '/assets/fph-kit.iife.js',
    ]);
    for (const asset of out.assets) {
      expect(asset.status, asset.path).toBe(200);
      expect(asset.bytes, asset.path).toBeGreaterThan(100);
    }
    expect(out.assets[3]?.fphKit).toBe(true);
    expect(out.healthz.status).toBe(200);
    expect(JSON.parse(out.healthz.body)).toMatchObject({ status: 'ok' });
    expect(out.validate.status).toBe(200);
    expect(out.validate.body.report.code).toBe('INVALID_HEADERS');
  },

  '@fph-kit/cli': async (consumer) => {
    const valid = fixture('curl-verbose.txt');
    const invalid = fixture('devtools-copy.txt');
    // `--no`: never fetch a package from the registry when the installed bin is missing.
    const ok = await consumer.run('npx', ['--no', 'fph', 'validate', '-'], { input: valid });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^VALID_HEADERS /m);
    const bad = await consumer.run('npx', ['--no', 'fph', 'validate', '-'], { input: invalid });
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stdout).toMatch(/^INVALID_HEADERS /m);
    // The form the README gives people outside this repository.
    const json = await consumer.run(
      'npx',
      ['--no', '@fph-kit/cli', 'validate', '--format', 'json', '-'],
      { input: valid },
    );
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ code: 'VALID_HEADERS' });
    const version = await consumer.run('npx', ['--no', '--', 'fph', '--version']);
    expect(version.stdout.trim()).toBe(
      (JSON.parse(readFileSync(join(ROOT, 'apps/cli/package.json'), 'utf8')) as { version: string })
        .version,
    );
    await serveFromCli(consumer);
  },

  '@fph-kit/browser': async (consumer) => {
    // Bundled as a user's bundler would: from the project's node_modules, no source condition.
    const bundled = await build({
      absWorkingDir: consumer.dir,
      entryPoints: ['browser-entry.mjs'],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(bundled.metafile.inputs);
    expect(inputs).toContain('node_modules/@fph-kit/browser/dist/index.js');
    expect(
      inputs.filter((i) => !/^node_modules\/@fph-kit\/(browser|spec)\/dist\//.test(i)),
    ).toEqual(['browser-entry.mjs']);
    // The script-tag build, found through the package's exports by a plain Node (the test
    // runner's own resolution adds the `development` condition).
    const iife = execFileSync(
      process.execPath,
      ['-p', "require.resolve('@fph-kit/browser/iife')"],
      { cwd: consumer.dir, encoding: 'utf8', env: { PATH: process.env.PATH } },
    ).trim();
    expect(iife).toBe(join(consumer.dir, 'node_modules/@fph-kit/browser/dist/fph-kit.iife.js'));
    // The development build, under its condition.
    const development = execFileSync(
      process.execPath,
      ['--conditions=development', '-p', "require.resolve('@fph-kit/browser/iife')"],
      { cwd: consumer.dir, encoding: 'utf8', env: { PATH: process.env.PATH } },
    ).trim();
    expect(await readFile(development, 'utf8')).toContain('must be a formatted value');
    const server = await startServer({
      '/': { body: page('<script src="/app.js"></script>') },
      '/app.js': { type: 'text/javascript', body: bundled.outputFiles[0]!.text },
      '/fph-kit.iife.js': { type: 'text/javascript', body: await readFile(iife, 'utf8') },
    });
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      await tab.goto(`${server.origin}/`);
      type Collected = { headers: Record<string, string> };
      const fromBundle = (await tab.evaluate(
        () => (window as unknown as { fromBundle: Promise<unknown> }).fromBundle,
      )) as Collected;
      const fromGlobal = (await tab.evaluate(() => window.FphKit.collect())) as Collected;
      for (const { headers } of [fromBundle, fromGlobal]) {
        expect(headers['Gov-Client-Device-ID']).toMatch(UUID);
        expect(headers['Gov-Client-Screens']).toMatch(/^width=\d+&height=\d+&scaling-factor=/);
        expect(headers['Gov-Client-Timezone']).toMatch(/^UTC[+-]\d\d:\d\d$/);
      }
      expect(fromBundle.headers['Gov-Client-User-IDs']).toBe('my-app=alice123');
      // One device, one ID: the module and the script-tag build share the stored value.
      expect(fromGlobal.headers['Gov-Client-Device-ID']).toBe(
        fromBundle.headers['Gov-Client-Device-ID'],
      );
    } finally {
      await browser.close();
      await server.close();
    }
  },

  '@fph-kit/electron': async (consumer) => {
    // Main and preload as installed, joined by objects of Electron's documented shapes (the
    // binary is not installed: electron is an optional peer dependency).
    const out = await runModule<{
      headers: Record<string, string>;
      keys: string[];
      refused: string;
      deviceIdFile: string;
    }>(
      consumer,
      `
      import { readFileSync } from 'node:fs';
      import { registerFph } from '@fph-kit/electron';
      import { exposeFph } from '@fph-kit/electron/preload';
      const handlers = new Map();
      const sender = {};
      const window = { getContentSize: () => [1200, 760], isDestroyed: () => false };
      const display = (width, height, scaleFactor, colorDepth) => ({ size: { width, height }, scaleFactor, colorDepth });
      registerFph({
        connectionMethod: 'DESKTOP_APP_DIRECT',
        ipcMain: { handle: (c, f) => handlers.set(c, f), removeHandler: (c) => handlers.delete(c) },
        screen: { getAllDisplays: () => [display(1512, 982, 2, 30), display(2560, 1440, 1, 24)] },
        BrowserWindow: { fromWebContents: (wc) => (wc === sender ? window : null), getFocusedWindow: () => null },
        app: { getPath: () => process.cwd() },
        productName: 'Acme Tax',
        versions: { 'acme-tax-desktop': '5.0.2' },
      });
      const world = {};
      exposeFph({
        contextBridge: { exposeInMainWorld: (k, api) => { world[k] = api; } },
        ipcRenderer: { invoke: async (c, ...a) => structuredClone(await handlers.get(c)({ sender }, ...structuredClone(a))) },
        contextIsolated: true,
      });
      const headers = await world.fph.headers({ userIds: { 'acme-tax': 'alice123' } });
      const refused = await world.fph.headers({ 'Gov-Client-Public-IP': '81.2.69.160' }).catch((e) => e.message);
      console.log(JSON.stringify({ headers, keys: Object.keys(world.fph), refused, deviceIdFile: readFileSync('.fph-device-id', 'utf8').trim() }));
      `,
    );
    expect(out.keys.sort()).toEqual(['headers', 'payload']);
    expect(out.headers).toMatchObject({
      'Gov-Client-Connection-Method': 'DESKTOP_APP_DIRECT',
      'Gov-Client-Screens':
        'width=1512&height=982&scaling-factor=2&colour-depth=30,width=2560&height=1440&scaling-factor=1&colour-depth=24',
      'Gov-Client-Window-Size': 'width=1200&height=760',
      'Gov-Client-User-IDs': expect.stringMatching(/^os=.+&acme-tax=alice123$/),
    });
    expect(out.headers['Gov-Client-Device-ID']).toBe(out.deviceIdFile);
    expect(out.refused).toMatch(/^fph: REQUEST_REFUSED: "Gov-Client-Public-IP"/);
  },

  '@fph-kit/mobile': async (consumer) => {
    const out = await runModule<{
      headers: Record<string, string>;
      notes: string[];
      report: Report;
    }>(
      consumer,
      `
      import { createMobileCollector, fromExpoDevice } from '@fph-kit/mobile';
      import { validate } from '@fph-kit/validator';
      const storage = new Map();
      const collector = createMobileCollector({
        connectionMethod: 'MOBILE_APP_DIRECT',
        device: fromExpoDevice({ osName: 'Android', osVersion: '14', manufacturer: 'Google', modelId: null, modelName: 'Pixel 8' }),
        deviceId: { storage: { getItem: async (k) => storage.get(k) ?? null, setItem: async (k, v) => { storage.set(k, v); } } },
        display: () => ({ screen: { width: 412, height: 915, scale: 2.625 }, window: { width: 412, height: 892, scale: 2.625 }, colourDepth: 24 }),
        localIps: async () => '10.161.42.7',
        productName: 'Acme Tax',
        versions: { 'acme-tax-android': '4.2.0' },
        licenseKeys: { 'acme-tax': 'ACME-2026-0042' },
        userIds: { 'acme-tax': 'alice123' },
        multiFactor: [{ type: 'TOTP', timestamp: new Date(Date.now() - 60000), uniqueReference: 'a1b2c3' }],
      });
      const { headers, notes } = await collector.collect();
      console.log(JSON.stringify({ headers, notes: notes.map((n) => n.code), report: validate(headers).report }));
      `,
    );
    expect(out.notes).toEqual(['DEVICE_ID_CREATED']);
    expect(out.headers['Gov-Client-Device-ID']).toMatch(UUID);
    expect(out.headers['Gov-Client-User-Agent']).toBe(
      'os-family=Android&os-version=14&device-manufacturer=Google&device-model=Pixel%208',
    );
    expect(out.report.code).toBe('VALID_HEADERS');
  },
};
