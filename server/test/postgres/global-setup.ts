import type { TestProject } from 'vitest/node';
import { startPostgres } from '../support/postgres.js';

/**
 * One throwaway cluster for the run; each test app creates its database in it (support/postgres-app.ts,
 * which also declares `postgresUrl`: this file runs outside the test workers and must not load vitest).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPostgres();
  project.provide('postgresUrl', cluster.url());
  return () => cluster.stop();
}
