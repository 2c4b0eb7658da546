import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requiredFiles, tarballProblems } from './tarball-files.ts';
import type { Manifest } from './workspace.ts';

/** A small built package on disk: entry points, a module graph, a folder read at run time. */
const dir = mkdtempSync(join(tmpdir(), 'fph-kit-tarball-files-'));
const FILES: Record<string, string> = {
  'dist/index.js': [
    "import { a } from './a.js';",
    "import dep from 'dep';",
    "export { b } from './b.js';",
    "const page = new URL('../public/', import.meta.url);",
    "const version = new URL('../package.json', import.meta.url);",
  ].join('\n'),
  'dist/a.js': "export const a = 1; export const lazy = () => import('./lazy.js');",
  'dist/b.js': 'export const b=require("node:fs")',
  'dist/lazy.js': 'export {};',
  'dist/index.d.ts': "export { a } from './a.js';\nimport type { T } from 'express';",
  'dist/a.d.ts': 'export declare const a: number;',
  'dist/cli.js': "#!/usr/bin/env node\nimport 'undeclared';\nimport'./a.js';",
  'dist/unused.js': 'export {};',
  'public/index.html': '<!doctype html>',
  'public/img/icon.svg': '<svg/>',
  'README.md': '# fixture',
};
const manifest: Manifest = {
  name: 'fixture',
  version: '1.0.0',
  bin: { fixture: './dist/cli.js' },
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  dependencies: { dep: '^1.0.0' },
  peerDependencies: { '@types/express': '^5.0.0' },
};
writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
for (const [path, text] of Object.entries(FILES)) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEEDED = [
  'package.json',
  'dist/index.js',
  'dist/index.d.ts',
  'dist/cli.js',
  'dist/a.js',
  'dist/b.js',
  'dist/lazy.js',
  'dist/a.d.ts',
  'public/index.html',
  'public/img/icon.svg',
];

describe('requiredFiles', () => {
  it('follows exports, bin, imports, dynamic imports and folders read through import.meta.url', () => {
    const { files } = requiredFiles(dir, manifest);
    expect([...files.keys()].sort()).toEqual([...NEEDED].sort());
    expect(files.get('public/img/icon.svg')).toBe('dist/index.js');
    expect(files.get('dist/a.d.ts')).toBe('dist/index.d.ts');
  });

  it('reports bare imports that are not dependencies (a declaration may use @types)', () => {
    expect(requiredFiles(dir, manifest).problems).toEqual([
      'dist/cli.js imports undeclared, which is not in dependencies or peerDependencies',
    ]);
  });

  it('reports entry points that are not built and paths outside the package', () => {
    const { bin: _, ...withoutBin } = manifest;
    const broken: Manifest = {
      ...withoutBin,
      exports: { '.': './dist/missing.js', './x': '../outside.js', './y/*': './dist/*.js' },
    };
    expect(requiredFiles(dir, broken).problems).toEqual([
      'dist/missing.js (needed by package.json) does not exist: is the package built?',
      'package.json points outside the package: ../outside.js',
      'package.json uses the pattern ./dist/*.js: extend this check to expand it',
    ]);
  });
});

describe('tarballProblems', () => {
  const declared = { ...manifest, dependencies: { dep: '^1.0.0', undeclared: '^1.0.0' } };

  it('is empty when the tarball holds every needed file and every import is declared', () => {
    expect(tarballProblems(dir, declared, new Set(NEEDED))).toEqual([]);
    expect(tarballProblems(dir, manifest, new Set(NEEDED))).toEqual([
      'dist/cli.js imports undeclared, which is not in dependencies or peerDependencies',
    ]);
  });

  it('names each needed file the tarball lacks, and what needs it', () => {
    const shipped = new Set(NEEDED.filter((f) => f !== 'dist/lazy.js' && !f.startsWith('public/')));
    expect(tarballProblems(dir, declared, shipped).sort()).toEqual([
      'dist/lazy.js (needed by dist/a.js) is not in the tarball',
      'public/img/icon.svg (needed by dist/index.js) is not in the tarball',
      'public/index.html (needed by dist/index.js) is not in the tarball',
    ]);
  });
});
