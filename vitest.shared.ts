import { defineProject, mergeConfig, type ViteUserConfig } from 'vitest/config';

const conditions = ['@fph-kit/source', 'node', 'import', 'module', 'default'];
// Vitest hands ssr.resolve.conditions to Node as --conditions. With `import` among them, Node's
// require() picks the ESM build of dual packages (Express 5's router then receives is-promise's
// module namespace instead of its function). Node needs only the source condition; Vite adds
// import/require itself.
const nodeConditions = ['@fph-kit/source', 'node'];

/** Project config shared by every workspace folder: resolve workspace packages to their sources. */
export function fphProject(name: string, extra: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineProject({
      resolve: { conditions },
      ssr: { resolve: { conditions: nodeConditions, externalConditions: ['@fph-kit/source'] } },
      test: {
        name,
        include: ['src/**/*.test.ts', '*.test.ts', '**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**'],
        environment: 'node',
        testTimeout: 30_000,
      },
    }),
    extra,
  );
}
