import { defineConfig } from 'vitest/config';

// The instructor workspace's integration tests again, with the real server on PostgreSQL
// (DATABASE_URL to a database of a throwaway cluster) instead of the SQLite file: the review
// queue, cohort views, overrides and regrades through HTTP and WebSocket, as on SQLite.
// regrade-batches.test.ts is not here: it seeds its cohort straight into the SQLite file.
export default defineConfig({
  test: {
    include: ['server/test/projects.test.ts', 'server/test/instructor-workspace.test.ts', 'server/test/instructor-views.test.ts'],
    globalSetup: ['server/test/postgres/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
});
