import { defineConfig } from 'vitest/config';

// Unit tests live beside the code (`*.test.ts`); browser tests live in e2e/ and run through
// scripts/e2e.mjs against the built site (see vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'labs/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules', 'dist', '.tools'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Kernel race tests pin threads to both cores; keep file-level parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
