import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Consumer, createConsumer, fphKitSources, plainEnv } from './consumer.ts';
import { SMOKE } from './smoke.ts';
import { tarballProblems } from './tarball-files.ts';
import { publicPackages, ROOT } from './workspace.ts';

/**
 * What users get: every public workspace package packed with `pnpm pack`, installed from its
 * tarball with npm into a project outside the workspace, then used there. One pack and one install
 * serve every check of the run.
 */

const PACKAGES = publicPackages();
const LICENSE = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
const execFileAsync = promisify(execFile);

/** A package lint tool from the workspace's own devDependencies; resolves with its exit code. */
async function lint(
  tool: 'publint' | 'attw',
  args: string[],
): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(join(ROOT, 'node_modules/.bin', tool), args, {
      cwd: ROOT,
      env: plainEnv(),
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('packages installed from their tarballs', { timeout: 180_000 }, () => {
  let consumer: Consumer;

  beforeAll(async () => {
    consumer = await createConsumer(PACKAGES);
  }, 600_000);

  afterAll(async () => {
    await consumer?.remove();
  });

  describe('the public packages', () => {
    it('are found in the workspace: every package.json without private: true', () => {
      const names = PACKAGES.map((p) => p.name);
      // A floor, so that discovery cannot silently find nothing; new packages join on their own.
      expect(names).toEqual(
        expect.arrayContaining([
          '@fph-kit/browser',
          '@fph-kit/cli',
          '@fph-kit/hmrc',
          '@fph-kit/node',
          '@fph-kit/server',
          '@fph-kit/spec',
          '@fph-kit/validator',
          '@fph-kit/validator-service',
        ]),
      );
      expect(names).not.toContain('@fph-kit/demo');
      expect(names).not.toContain('@fph-kit/tests');
    });

    it('each have a smoke check', () => {
      const untested = PACKAGES.map((p) => p.name).filter((name) => !(name in SMOKE));
      expect(
        untested,
        `public packages without a smoke check in test/packaging/smoke.ts: add one for each, so that nothing ships untested`,
      ).toEqual([]);
    });

    it('are installed from their tarballs, none from a registry', async () => {
      const sources = await fphKitSources(consumer.dir);
      expect(Object.keys(sources).sort()).toEqual(
        PACKAGES.map((p) => `node_modules/${p.name}`).sort(),
      );
      for (const [path, resolved] of Object.entries(sources)) {
        expect(resolved, path).toMatch(/^file:.*\.tgz$/);
      }
    });
  });

  describe.each(PACKAGES)('$name', (pkg) => {
    const installed = (): string => join(consumer.dir, 'node_modules', pkg.name);

    it('ships every file it needs at run time', () => {
      const packed = consumer.packed.get(pkg.name)!;
      expect(tarballProblems(pkg.dir, pkg.manifest, packed.files)).toEqual([]);
    });

    it('is publishable: metadata, LICENSE, NOTICE, a README that starts with Install', () => {
      const m = pkg.manifest;
      expect(m.private).toBeUndefined();
      expect(m.license).toBe('Apache-2.0');
      expect(m.publishConfig?.access).toBe('public');
      expect(m.repository).toEqual({
        type: 'git',
        url: 'git+https://github.com/fph-kit/fph-kit.git',
        directory: pkg.relativeDir,
      });
      expect(m.homepage).toBe(
        `https://github.com/fph-kit/fph-kit/tree/main/${pkg.relativeDir}#readme`,
      );
      expect(m.bugs?.url).toBe('https://github.com/fph-kit/fph-kit/issues');
      expect(m.keywords?.length).toBeGreaterThan(0);
      expect(m.description).toBeTruthy();
      expect(m.engines?.node).toBe('>=20.19');
      const license = join(installed(), 'LICENSE');
      expect(
        existsSync(license),
        'LICENSE in the tarball: copy the root LICENSE into the package',
      ).toBe(true);
      expect(readFileSync(license, 'utf8'), 'LICENSE is the root LICENSE').toBe(LICENSE);
      // Shipped when the package has them: NOTICE where HMRC's material is carried, and the
      // changelog once `changeset version` has written one.
      for (const file of ['NOTICE', 'CHANGELOG.md']) {
        if (existsSync(join(pkg.dir, file)))
          expect(consumer.packed.get(pkg.name)?.files.has(file), `${file} in the tarball`).toBe(
            true,
          );
      }
      // The README opens with Install (the command names the package) and an example: a code
      // block of JavaScript or TypeScript (a shell one for a command) before the third section.
      const readme = readFileSync(join(installed(), 'README.md'), 'utf8');
      const headings = [...readme.matchAll(/^## (.+)$/gm)];
      expect(headings[0]?.[1], 'the first section of README.md').toBe('Install');
      const opening = readme.slice(headings[0]!.index, headings[2]?.index ?? readme.length);
      expect(opening).toMatch(new RegExp(`^(npm install|npx) (-g )?${pkg.name}\\b`, 'm'));
      const example = m.bin ? /```sh\n(?!npm install)/ : /```(?:js|ts)\n/;
      expect(opening, 'an example in the first two sections').toMatch(example);
    });

    it('passes publint and arethetypeswrong', async () => {
      const tarball = consumer.packed.get(pkg.name)!.tarball;
      const publint = await lint('publint', ['run', tarball, '--level', 'suggestion', '--strict']);
      expect(publint.code, publint.out).toBe(0);
      // ESM only: require() of ESM (Node 20.19+) is checked by running it below, not by attw's
      // node10 and node16-from-CJS columns, which predate it.
      const attw = await lint('attw', [tarball, '--profile', 'esm-only', '--format', 'ascii']);
      expect(attw.code, attw.out).toBe(0);
    });

    it('works once installed', async () => {
      const smoke = SMOKE[pkg.name];
      if (!smoke)
        throw new Error(`${pkg.name} is public but has no smoke check in test/packaging/smoke.ts`);
      await smoke(consumer);
    });
  });

  describe('consumers', () => {
    const libraries = PACKAGES.filter((p) => {
      const exports = p.manifest.exports as Record<string, unknown> | undefined;
      return exports !== undefined && '.' in exports;
    }).map((p) => p.name);

    it('require() loads the libraries from a .cjs file (Node 20.19+ require of ESM)', async () => {
      const { code, stdout, stderr } = await consumer.run(process.execPath, [
        'require.cjs',
        ...libraries,
      ]);
      expect(code, stderr).toBe(0);
      const out = JSON.parse(stdout) as {
        headers: Record<string, string>;
        report: { code: string };
        loaded: Record<string, number>;
      };
      expect(out.headers).toMatchObject({
        'Gov-Client-Public-IP': '81.2.69.160',
        'Gov-Vendor-Forwarded': 'by=52.56.10.20&for=81.2.69.160',
      });
      expect(out.report.code).toBe('INVALID_HEADERS');
      expect(Object.keys(out.loaded).sort()).toEqual([...libraries].sort());
      for (const [name, count] of Object.entries(out.loaded))
        expect(count, name).toBeGreaterThan(0);
    });

    // Node's file: every Node library with Express's types; browser's: no @types/node at all.
    const projects = [
      { file: 'types-node.ts', lib: ['ES2023'], types: ['node'] },
      { file: 'types-browser.ts', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [] },
    ];
    const resolutions = [
      { moduleResolution: 'nodenext', module: 'nodenext' },
      { moduleResolution: 'bundler', module: 'esnext' },
    ];
    it.each(projects.flatMap((p) => resolutions.map((r) => ({ ...p, ...r }))))(
      'types check with tsc --strict: $file under $moduleResolution',
      async (project) => {
        const config = `tsconfig.${project.file.replace('.ts', '')}.${project.moduleResolution}.json`;
        await writeFile(
          join(consumer.dir, config),
          JSON.stringify({
            compilerOptions: {
              strict: true,
              noEmit: true,
              skipLibCheck: false,
              target: 'ES2022',
              module: project.module,
              moduleResolution: project.moduleResolution,
              esModuleInterop: true,
              lib: project.lib,
              types: project.types,
            },
            files: [project.file],
          }),
        );
        const { code, stdout, stderr } = await consumer.run(
          join(consumer.dir, 'node_modules/.bin/tsc'),
          ['-p', config],
        );
        expect(code, `${stdout}${stderr}`).toBe(0);
      },
    );
  });
});
