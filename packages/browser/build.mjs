// Builds the bundles of @fph-kit/browser: ESM for bundlers (dist/index.js) and an IIFE for a script
// tag (dist/fph-kit.iife.js, one global `FphKit`), each in two builds. The production build is
// bundled by esbuild and minified by terser, with error messages that name the code, the input and
// the value; the development build (the `development` export condition) is not minified and its
// messages also state the rule that was broken. Declarations come from tsc. Tests, the bench and
// other packages import `bundle` to get exactly what ships.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { minify } from 'terser';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * File names inside dist/, by build and format, stable: the validator service and the demo serve
 * the production IIFE by name, and package.json maps the `development` condition to the others.
 */
export const OUTPUT_FILES = {
  production: { esm: 'index.js', iife: 'fph-kit.iife.js' },
  development: { esm: 'index.development.js', iife: 'fph-kit.development.iife.js' },
};

/**
 * The production build reads `DETAILED` as false, in this package and in @fph-kit/spec: the rule
 * texts of error messages are dead code and drop out. Codes, fields and values stay.
 */
const withoutRuleTexts = {
  name: 'fph-kit-without-rule-texts',
  setup(build) {
    build.onLoad({ filter: /[\\/](spec|browser)[\\/]src[\\/]detail\.ts$/ }, () => ({
      contents: 'export const DETAILED = false;',
      loader: 'ts',
    }));
  },
};

/**
 * One bundle in memory: `code` (without the source map comment) and its source `map` (JSON text). `names` limits the entry to those
 * exports, as an app importing only them ships after tree-shaking (the size test and the bench
 * measure that next to the whole bundle).
 */
export async function bundle(format, mode = 'production', names) {
  const file = names ? 'app.js' : OUTPUT_FILES[mode][format];
  const production = mode === 'production';
  const result = await build({
    absWorkingDir: root,
    ...(names
      ? {
          stdin: {
            contents: `export { ${names.join(', ')} } from './src/index.ts';`,
            resolveDir: root,
            sourcefile: 'app.ts',
            loader: 'ts',
          },
        }
      : { entryPoints: ['src/index.ts'] }),
    outfile: `dist/${file}`,
    bundle: true,
    format,
    ...(format === 'iife' ? { globalName: 'FphKit' } : {}),
    platform: 'browser',
    // Class fields, `??=`, optional chaining: every browser with the Window Management API and
    // the evergreen browsers of the last years. Older ones are not a target.
    target: 'es2022',
    // Bundle @fph-kit/spec from its sources so its formatters tree-shake without a spec build.
    conditions: ['@fph-kit/source'],
    plugins: production ? [withoutRuleTexts] : [],
    minify: production,
    sourcemap: 'external',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  });
  const out = (ext) => result.outputFiles.find((f) => f.path.endsWith(ext)).text;
  const [code, map] = [out('.js'), out('.js.map')];
  if (!production) return { code: code.replace(/\/\/# sourceMappingURL=.*\n$/, ''), map };
  // terser after esbuild: about 4% fewer gzipped bytes than esbuild's minifier alone. Hoisting
  // the `var`s into one declaration saves about 15 more; terser's `unsafe` options are not used
  // (`unsafe` turns `String(x)` into `x + ""`, which throws for a Symbol).
  const min = await minify(code, {
    module: format === 'esm',
    ecma: 2022,
    compress: { passes: 3, hoist_vars: true },
    // The IIFE's one top-level name is the global `FphKit`: not renamed.
    mangle: { toplevel: format === 'esm' },
    sourceMap: { content: map, includeSources: true },
  });
  return { code: min.code, map: min.map };
}

export async function buildBundles() {
  rmSync(new URL('dist', import.meta.url), { recursive: true, force: true });
  mkdirSync(new URL('dist', import.meta.url));
  await Promise.all(
    Object.entries(OUTPUT_FILES).flatMap(([mode, files]) =>
      Object.entries(files).map(async ([format, file]) => {
        const { code, map } = await bundle(format, mode);
        writeFileSync(
          new URL(`dist/${file}`, import.meta.url),
          `${code}\n//# sourceMappingURL=${file}.map\n`,
        );
        writeFileSync(new URL(`dist/${file}.map`, import.meta.url), map);
      }),
    ),
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildBundles();
}
