import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast; `e2e` drives the real Chromium and Firefox ESR from Debian,
// one file at a time (2 cores), with timeouts sized for browser start-up.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
