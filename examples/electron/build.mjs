// Bundles the three parts: main (Node, CommonJS), preload (sandboxed: one CommonJS file that
// requires nothing but electron) and the renderer (a plain browser script).
import { build } from 'esbuild';

const common = { bundle: true, logLevel: 'info', external: ['electron'] };
await build({
  ...common,
  entryPoints: ['main.ts'],
  platform: 'node',
  format: 'cjs',
  outfile: 'dist/main.cjs',
});
await build({
  ...common,
  entryPoints: ['preload.ts'],
  platform: 'node',
  format: 'cjs',
  outfile: 'dist/preload.cjs',
});
await build({
  ...common,
  entryPoints: ['renderer/renderer.ts'],
  platform: 'browser',
  format: 'iife',
  outfile: 'dist/renderer.js',
});
