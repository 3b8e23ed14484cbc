import { defineConfig } from 'vitest/config';

// End-to-end tests start a real JupyterHub and a real browser: one file at a time, long timeouts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    // Every test fails if a page threw or left a rejection unhandled (e2e/support/browser.ts).
    setupFiles: ['e2e/support/no-page-errors.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    reporters: ['verbose']
  }
});
