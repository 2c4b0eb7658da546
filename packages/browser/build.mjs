// Builds the two bundles of @fph-kit/browser with esbuild: ESM for bundlers (dist/index.js) and an
// IIFE for a script tag (dist/fph-kit.iife.js, one global `FphKit`). Declarations come from tsc.
// Tests, the bench and other packages import `bundleOptions` to build exactly what ships.
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

/** File names inside dist/, stable: the validator service and the demo serve the IIFE by name. */
export const OUTPUT_FILES = { esm: 'index.js', iife: 'fph-kit.iife.js' };

/** The esbuild options for one bundle, minified with a source map, written to dist/. */
export function bundleOptions(format) {
  return {
    absWorkingDir: root,
    entryPoints: ['src/index.ts'],
    outfile: `dist/${OUTPUT_FILES[format]}`,
    bundle: true,
    format,
    ...(format === 'iife' ? { globalName: 'FphKit' } : {}),
    platform: 'browser',
    // Class fields, `??=`, optional chaining: every browser with the Window Management API and
    // the evergreen browsers of the last years. Older ones are not a target.
    target: 'es2022',
    // Bundle @fph-kit/spec from its sources so its formatters tree-shake without a spec build.
    conditions: ['@fph-kit/source'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/**
 * The ESM bundle an app ships when it imports only `names` from this package: what tree-shaking
 * leaves (in memory, no source map). The size test and the bench measure it next to the full one.
 */
export function importingBundleOptions(names) {
  const { entryPoints: _, outfile: __, ...options } = bundleOptions('esm');
  return {
    ...options,
    stdin: {
      contents: `export { ${names.join(', ')} } from './src/index.ts';`,
      resolveDir: root,
      sourcefile: 'app.ts',
      loader: 'ts',
    },
    sourcemap: false,
    write: false,
  };
}

export async function buildBundles() {
  rmSync(new URL('dist', import.meta.url), { recursive: true, force: true });
  await Promise.all([build(bundleOptions('esm')), build(bundleOptions('iife'))]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildBundles();
}
