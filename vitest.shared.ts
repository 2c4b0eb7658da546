import { defineProject, mergeConfig, type ViteUserConfig } from 'vitest/config';

const conditions = ['@fph-kit/source', 'node', 'import', 'module', 'default'];

/** Project config shared by every workspace folder: resolve workspace packages to their sources. */
export function fphProject(name: string, extra: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineProject({
      resolve: { conditions },
      ssr: { resolve: { conditions, externalConditions: ['@fph-kit/source'] } },
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
