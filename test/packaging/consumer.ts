import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { WorkspacePackage } from './workspace.ts';

/**
 * A project outside the workspace, as a new user has it: every public package packed with
 * `pnpm pack` (which turns `workspace:*` into versions) and installed from its tarball with plain
 * npm, registry dependencies from the registry, nothing linked.
 */

/** Third-party packages the consumer project installs beside the tarballs. */
export const CONSUMER_DEPENDENCIES: readonly string[] = [
  'express@^5',
  // Types: TypeScript itself, Node's, and Express's (the optional peer @fph-kit/server documents).
  'typescript@~5.9.3',
  '@types/node@^20.19',
  '@types/express@^5',
];

export interface Packed {
  tarball: string;
  /** Paths inside the tarball, as `pnpm pack --json` lists them. */
  files: ReadonlySet<string>;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Consumer {
  /** The project folder (under the system's temporary folder). */
  dir: string;
  packed: ReadonlyMap<string, Packed>;
  /**
   * The environment its commands run in: {@link plainEnv}, with `XDG_DATA_HOME` inside the
   * temporary folder, so that nothing a package keeps by default (device IDs, records) lands in
   * the home folder.
   */
  env: NodeJS.ProcessEnv;
  /** Runs a command in the project with a plain environment; resolves whatever the exit code. */
  run(command: string, args: readonly string[], options?: { input?: string }): Promise<RunResult>;
  remove(): Promise<void>;
}

/**
 * The environment of a user's shell: nothing from vitest or pnpm, whose `NODE_OPTIONS` and
 * `npm_*` variables would change how Node resolves packages and how npm installs them.
 */
export function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(NODE_OPTIONS|NODE_PATH|VITEST.*|npm_.*|PNPM_.*|TS_NODE_.*)$/i.test(name)) continue;
    env[name] = value;
  }
  env.NO_COLOR = '1';
  return env;
}

const execFileAsync = promisify(execFile);

async function pack(pkg: WorkspacePackage, destination: string): Promise<Packed> {
  const { stdout } = await execFileAsync(
    'pnpm',
    ['pack', '--pack-destination', destination, '--json'],
    { cwd: pkg.dir, env: plainEnv(), maxBuffer: 64 * 1024 * 1024 },
  );
  const listing = JSON.parse(stdout) as { filename: string; files: { path: string }[] };
  return { tarball: listing.filename, files: new Set(listing.files.map((f) => f.path)) };
}

function run(
  cwd: string,
  env: NodeJS.ProcessEnv,
  command: string,
  args: readonly string[],
  options: { input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Packs `packages` and installs them, with {@link CONSUMER_DEPENDENCIES}, into a new project. */
export async function createConsumer(packages: readonly WorkspacePackage[]): Promise<Consumer> {
  const root = await mkdtemp(join(tmpdir(), 'fph-kit-packaging-'));
  const dir = join(root, 'consumer');
  const tarballs = join(root, 'tarballs');
  const packed = new Map<string, Packed>();
  // One at a time: pnpm pack runs lifecycle scripts and the machine is shared.
  for (const pkg of packages) packed.set(pkg.name, await pack(pkg, tarballs));
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'fph-kit-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  const env = { ...plainEnv(), XDG_DATA_HOME: join(root, 'data') };
  const install = await run(dir, env, 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--loglevel=error',
    ...[...packed.values()].map((p) => p.tarball),
    ...CONSUMER_DEPENDENCIES,
  ]);
  if (install.code !== 0) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`npm install failed (${install.code}):\n${install.stderr}`);
  }
  // The consumer's own programs: smoke scripts, type-checked files, the front end's entry.
  await cp(new URL('./consumer/', import.meta.url), dir, { recursive: true });
  return {
    dir,
    packed,
    env,
    run: (command, args, options) => run(dir, env, command, args, options),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Where npm resolved every `@fph-kit/*` package of the project from (package-lock.json). */
export async function fphKitSources(dir: string): Promise<Record<string, string>> {
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (/(^|\/)node_modules\/@fph-kit\//.test(path)) out[path] = entry.resolved ?? '(none)';
  }
  return out;
}
