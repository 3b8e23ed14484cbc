import { defineConfig } from 'vitest/config';

// Unit and integration tests (no hub, no browser). End-to-end tests: e2e/vitest.config.ts.
export default defineConfig({
  test: {
    include: ['{protocol,kernel,server,labextension}/test/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000
  }
});
