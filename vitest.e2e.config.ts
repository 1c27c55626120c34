// End-to-end tests (e2e/*.spec.ts): Debian's Chromium through playwright-core against serve mode.
// Run with `npm run e2e` after `npm run build`; `npm test` does not include them.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
