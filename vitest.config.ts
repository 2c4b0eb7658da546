import { defineConfig } from 'vitest/config';

// One vitest project per workspace folder; each folder's vitest.config.ts extends this file's
// conditions so tests run against src (the @fph-kit/source export condition) without a build.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'test'],
  },
});
