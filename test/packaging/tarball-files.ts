import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { posix } from 'node:path';
import type { Manifest } from './workspace.ts';

/**
 * What a package needs inside its tarball, found from the package itself rather than from a list:
 * the targets of `exports`, `imports` and `bin`, then, following every JavaScript and declaration
 * file reached, the relative files it imports and the files it reads through
 * `new URL('...', import.meta.url)` (a folder read that way needs every file in it). Bare imports
 * must be declared dependencies, so npm installs them.
 */

const SCRIPT = /\.(?:c|m)?js$/;
const DECLARATION = /\.d\.(?:c|m)?ts$/;

/** Every string target of an `exports` or `imports` value, conditions included. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(targets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

function entryPoints(manifest: Manifest): string[] {
  const bin = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  return [...targets(manifest.exports), ...targets(manifest.imports), ...bin];
}

/** `./dist/x.js` -> `dist/x.js`; undefined when the path leaves the package. */
function normalise(path: string): string | undefined {
  const clean = posix.normalize(path.replace(/^\.\//, ''));
  return clean.startsWith('../') || clean === '..' || posix.isAbsolute(clean) ? undefined : clean;
}

/** The package a bare specifier names: `@scope/name/sub` -> `@scope/name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The declaration file that describes a relative JavaScript import in a declaration file. */
function declarationFor(path: string): string {
  return path
    .replace(/\.js$/, '.d.ts')
    .replace(/\.mjs$/, '.d.mts')
    .replace(/\.cjs$/, '.d.cts');
}

interface Reference {
  specifier: string;
  /** `file`: imported or read; `folder`: a folder read through `new URL`. */
  kind: 'file' | 'folder';
}

const PATTERNS: RegExp[] = [
  /\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire(?:\s*\([^)]*\))?\s*\.resolve\(\s*["']([^"']+)["']/g,
  /\/\/\/\s*<reference\s+(?:path|types)="([^"]+)"/g,
];

function references(text: string): Reference[] {
  const found: Reference[] = [];
  for (const pattern of PATTERNS) {
    for (const match of text.matchAll(pattern)) found.push({ specifier: match[1]!, kind: 'file' });
  }
  for (const match of text.matchAll(/new URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g)) {
    const specifier = match[1]!;
    found.push({ specifier, kind: specifier.endsWith('/') ? 'folder' : 'file' });
  }
  return found;
}

function filesUnder(root: string, folder: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(`${root}/${folder}`, { withFileTypes: true })) {
    const path = `${folder}${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(root, `${path}/`));
    else out.push(path);
  }
  return out;
}

export interface RequiredFiles {
  /** Path inside the package -> why it is needed (the file that needs it, or `package.json`). */
  files: Map<string, string>;
  /** Problems found while following the files: paths outside the package, patterns, files not built. */
  problems: string[];
}

/** Follows a package on disk (built) from its entry points. */
export function requiredFiles(dir: string, manifest: Manifest): RequiredFiles {
  const files = new Map<string, string>([['package.json', 'npm']]);
  const problems: string[] = [];
  const declared = new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const queue: string[] = [];
  const need = (path: string, why: string): void => {
    if (files.has(path)) return;
    files.set(path, why);
    if (!existsSync(`${dir}/${path}`)) {
      problems.push(`${path} (needed by ${why}) does not exist: is the package built?`);
      return;
    }
    if (SCRIPT.test(path) || DECLARATION.test(path)) queue.push(path);
  };
  for (const target of entryPoints(manifest)) {
    const path = normalise(target);
    if (path === undefined) problems.push(`package.json points outside the package: ${target}`);
    else if (path.includes('*'))
      problems.push(`package.json uses the pattern ${target}: extend this check to expand it`);
    else need(path, 'package.json');
  }
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const from = posix.dirname(path);
    for (const { specifier, kind } of references(readFileSync(`${dir}/${path}`, 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = normalise(posix.join(from, specifier));
        if (target === undefined) {
          problems.push(`${path} reaches outside the package: ${specifier}`);
        } else if (kind === 'folder') {
          const folder = target.endsWith('/') ? target : `${target}/`;
          if (!existsSync(`${dir}/${folder}`) || !statSync(`${dir}/${folder}`).isDirectory())
            problems.push(`${path} reads the folder ${folder}, which does not exist`);
          else for (const file of filesUnder(dir, folder)) need(file, path);
        } else {
          need(DECLARATION.test(path) ? declarationFor(target) : target, path);
        }
      } else if (!isBuiltin(specifier) && !specifier.startsWith('node:')) {
        const name = packageOf(specifier);
        const typesName = `@types/${name.replace(/^@/, '').replace('/', '__')}`;
        const ok =
          name === manifest.name ||
          declared.has(name) ||
          (DECLARATION.test(path) && declared.has(typesName));
        if (!ok)
          problems.push(
            `${path} imports ${specifier}, which is not in dependencies or peerDependencies`,
          );
      }
    }
  }
  return { files, problems };
}

/**
 * What is wrong with a tarball's contents, given the package on disk and the tarball's file list
 * (`pnpm pack --json`): every needed file that is not in it, and the problems found on the way.
 */
export function tarballProblems(
  dir: string,
  manifest: Manifest,
  shipped: ReadonlySet<string>,
): string[] {
  const { files, problems } = requiredFiles(dir, manifest);
  for (const [path, why] of files) {
    if (!shipped.has(path)) problems.push(`${path} (needed by ${why}) is not in the tarball`);
  }
  return problems;
}
