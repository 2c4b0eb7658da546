import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder, with a trailing slash. */
export const ROOT: string = fileURLToPath(new URL('../..', import.meta.url));

/** What the packaging checks read from a package.json. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  description?: string;
  keywords?: string[];
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: { access?: string };
  engines?: { node?: string };
  bin?: string | Record<string, string>;
  exports?: unknown;
  imports?: unknown;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  name: string;
  /** Absolute path of the package's folder. */
  dir: string;
  /** The folder relative to the repository root, with forward slashes (`packages/spec`). */
  relativeDir: string;
  manifest: Manifest;
}

/**
 * Every workspace package that is published: each package.json of the workspace without
 * `"private": true`, as pnpm itself lists them (so a new package joins the checks on its own).
 */
export function publicPackages(): WorkspacePackage[] {
  const listed = JSON.parse(
    execFileSync('pnpm', ['ls', '--recursive', '--depth', '-1', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    }),
  ) as { name?: string; path: string }[];
  const found: WorkspacePackage[] = [];
  for (const entry of listed) {
    const manifest = JSON.parse(readFileSync(join(entry.path, 'package.json'), 'utf8')) as Manifest;
    if (manifest.private === true) continue;
    found.push({
      name: manifest.name,
      dir: entry.path,
      relativeDir: relative(ROOT, entry.path).split('\\').join('/'),
      manifest,
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
