import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The web page's files, read once at start-up from the package's `public/` folder (beside `src/`
 * and `dist/`, so the sources and the build find it alike) and served from memory under
 * content-hashed names, cacheable for a year. The page's script is ES modules: `app.js` and every
 * module it imports (a relative `.js` path), each served under a hashed name with its imports rewritten to
 * the hashed names of theirs, so a change to any module renames it and every module above it.
 * The browser collector's script-tag bundle comes from `@fph-kit/browser/iife`.
 */

export interface Asset {
  type: string;
  body: Buffer;
  etag: string;
}

export interface Assets {
  /** Hashed URL path to asset. */
  files: ReadonlyMap<string, Asset>;
  /**
   * URLs of the page's files by source name (`app.js` and the modules it imports, `app.css`,
   * `icon.svg`, `fph-kit.iife.js`).
   */
  urls: Readonly<Record<string, string>>;
  /** The page template with asset URLs filled in. */
  indexHtml: string;
  /** Why the browser bundle is missing, when it is. */
  bundleProblem?: string;
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

function digest(body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 12);
}

function hashedName(name: string, body: Buffer): string {
  const dot = name.indexOf('.');
  return `${name.slice(0, dot)}.${digest(body)}${name.slice(dot)}`;
}

/** A static `import`/`export ... from` of a relative `.js` path among the page's modules: its quote and name. */
const MODULE_IMPORT = /(\b(?:from|import)\s*)(['"])\.\/([a-z][a-z0-9-]*\.js)\2/g;

/**
 * The ES modules reachable from `entry`, each with its imports rewritten by `rename` (source name
 * to served name), in an order where a module comes after every module it imports: the order in
 * which their hashed names can be known. `read` gives a module's source. A cycle of imports would
 * leave no such order, so it is refused, naming the cycle.
 */
export function linkModules(
  entry: string,
  read: (name: string) => string,
  rename: (name: string, body: Buffer) => string,
): Map<string, Buffer> {
  const linked = new Map<string, Buffer>();
  const served = new Map<string, string>();
  const visit = (name: string, path: readonly string[]): void => {
    if (linked.has(name)) return;
    if (path.includes(name)) {
      throw new Error(
        `the page's modules import each other in a cycle: ${[...path, name].join(' -> ')}`,
      );
    }
    const source = read(name);
    for (const match of source.matchAll(MODULE_IMPORT)) visit(match[3]!, [...path, name]);
    const body = Buffer.from(
      source.replace(
        MODULE_IMPORT,
        (_whole, keyword: string, quote: string, dependency: string) =>
          `${keyword}${quote}./${served.get(dependency)!}${quote}`,
      ),
    );
    served.set(name, rename(name, body));
    linked.set(name, body);
  };
  visit(entry, []);
  return linked;
}

/** Where the browser bundle is, or why it is not there. */
function findBundle(explicit: string | undefined): { path: string } | { problem: string } {
  if (explicit !== undefined) return { path: explicit };
  try {
    return { path: createRequire(import.meta.url).resolve('@fph-kit/browser/iife') };
  } catch {
    return {
      problem:
        "the browser collector bundle (@fph-kit/browser's dist/fph-kit.iife.js) is not built: run pnpm build",
    };
  }
}

export function loadAssets(options: { browserBundle?: string }): Assets {
  const publicDir = new URL('../public/', import.meta.url);
  const files = new Map<string, Asset>();
  const urls: Record<string, string> = {};
  const add = (name: string, body: Buffer): string => {
    const file = hashedName(name, body);
    const path = `/assets/${file}`;
    const ext = name.slice(name.lastIndexOf('.') + 1);
    files.set(path, {
      type: TYPES[ext] ?? 'application/octet-stream',
      body,
      etag: `"${digest(body)}"`,
    });
    urls[name] = path;
    return file;
  };
  linkModules('app.js', (name) => readFileSync(new URL(name, publicDir), 'utf8'), add);
  for (const name of ['app.css', 'icon.svg']) {
    add(name, readFileSync(new URL(name, publicDir)));
  }
  let bundleProblem: string | undefined;
  const bundle = findBundle(options.browserBundle);
  if ('path' in bundle) {
    try {
      add('fph-kit.iife.js', readFileSync(bundle.path));
    } catch (error) {
      bundleProblem = `the browser collector bundle could not be read from ${bundle.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; run pnpm build`;
    }
  } else {
    bundleProblem = bundle.problem;
  }
  const template = readFileSync(new URL('index.html', publicDir), 'utf8');
  const indexHtml = template.replace(/\{\{([a-z.-]+)\}\}/g, (whole, name: string) => {
    if (name === 'fph-kit.iife.js') return urls[name] ?? '';
    return urls[name] ?? whole;
  });
  const result: Assets = { files, urls, indexHtml };
  if (bundleProblem !== undefined) result.bundleProblem = bundleProblem;
  return result;
}
