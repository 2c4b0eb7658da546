import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cleanSet } from '@fph-kit/test-support/clean-sets';
import { describe, expect, it } from 'vitest';
import { ROOT, startLocalUpstream, startServe, tempDataDir } from './harness.ts';

/**
 * `npm start` runs `node apps/cli/dist/main.js serve` after a build: the built service must find
 * its page files and the browser bundle on its own. Runs when the build exists (`npm test` and
 * `npm start` build first).
 */

const BUILT = [
  'apps/cli/dist/main.js',
  'apps/validator/dist/index.js',
  'packages/browser/dist/fph-kit.iife.js',
];
describe('fph serve from the build, as npm start runs it', () => {
  it('serves the page, its files and the browser bundle, and stops on SIGTERM', async () => {
    // npm test builds first; run without a build, this fails rather than passing unseen.
    const missing = BUILT.filter((file) => !existsSync(`${ROOT}${file}`));
    expect(missing, 'not built: run pnpm build').toEqual([]);
    const serve = await startServe(['--port', '0', '--upstream', 'http://127.0.0.1:9'], {
      from: 'dist',
    });
    try {
      const page = await fetch(`${serve.url}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const assets = [...html.matchAll(/(?:src|href|data-bundle)="(\/assets\/[^"]+)"/g)].map(
        (m) => m[1]!,
      );
      expect(assets.map((a) => a.replace(/\.[\w-]{12}\./, '.'))).toEqual([
        '/assets/icon.svg',
        '/assets/app.css',
        '/assets/app.js',
        '/assets/fph-kit.iife.js',
      ]);
      for (const asset of assets) {
        const response = await fetch(`${serve.url}${asset}`);
        expect(response.status, asset).toBe(200);
        expect((await response.arrayBuffer()).byteLength, asset).toBeGreaterThan(100);
      }
      const bundle = await (await fetch(`${serve.url}${assets[3]}`)).text();
      expect(bundle).toContain('FphKit');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});

describe('npm start keeps the evidence across restarts, with no option', () => {
  it('records in ~/.local/share/fph-kit, and shows them again after a restart', async () => {
    const home = tempDataDir('home');
    const upstream = await startLocalUpstream();
    // A home of its own, and nothing saying where records go: the default applies.
    const options = {
      from: 'dist' as const,
      env: { HOME: home.path },
      unset: ['FPH_DATA_DIR', 'XDG_DATA_HOME'],
    };
    try {
      const first = await startServe(['--port', '0', '--upstream', upstream.url], options);
      const file = join(home.path, '.local', 'share', 'fph-kit', 'records.sqlite');
      expect(first.stdout()).toContain(`records          kept in SQLite at ${file}`);
      const answer = await fetch(`${first.url}/organisations/vat/564738291/obligations`, {
        headers: cleanSet('WEB_APP_VIA_SERVER'),
      });
      expect(answer.status).toBe(200);
      expect(await first.stop()).toBe(0);
      expect(existsSync(file)).toBe(true);

      const second = await startServe(['--port', '0', '--upstream', upstream.url], options);
      try {
        const evidence = (await (await fetch(`${second.url}/v1/evidence`)).json()) as {
          endpoints: { path: string; upstream: { status?: number } }[];
        };
        expect(evidence.endpoints.map((e) => [e.path, e.upstream.status])).toEqual([
          ['/organisations/vat/564738291/obligations', 200],
        ]);
        const page = await (await fetch(`${second.url}/evidence`)).text();
        expect(page).toContain('/organisations/vat/564738291/obligations');
      } finally {
        expect(await second.stop()).toBe(0);
      }
    } finally {
      await upstream.close();
      home.remove();
    }
  }, 60_000);
});
