import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure and fast; `e2e` drives the real Chromium and Firefox ESR from Debian,
// one file at a time (2 cores), with timeouts sized for browser start-up, after the unit project has finished.
// (`fileParallelism` is a root-only option in vitest 3; per project, one fork + a later group does the same.)
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          environment: 'node',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
