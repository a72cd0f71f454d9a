import { defineConfig } from 'vitest/config';

/** `npx vitest run --config test/real-bundles.config.ts`: reads every bundle under ../shared/real-bundles (CI). */
export default defineConfig({
  test: {
    include: ['test/real-bundles.check.ts'],
    maxWorkers: 1,
    testTimeout: 300_000,
  },
});
