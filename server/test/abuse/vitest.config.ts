import { defineConfig } from 'vitest/config';

// `npm run test:abuse`: the fuzz and soak suites against the real server process. One file at a
// time (each loads the machine on its own), bounded to a few minutes in all.
export default defineConfig({
  test: {
    include: ['server/test/abuse/**/*.abuse.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose']
  }
});
