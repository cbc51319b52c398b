import { defineConfig } from 'vitest/config';

// Browser tests: Playwright (playwright-core) drives the system Chromium against `astro preview`
// of the built site; e2e/harness.ts starts and stops the server on a free port.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
