import { defineConfig } from 'vitest/config';

// End-to-end tests start a real JupyterHub and a real browser: one file at a time, long timeouts.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    reporters: ['verbose']
  }
});
