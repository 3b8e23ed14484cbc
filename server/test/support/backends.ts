import { startPostgres, type IPostgresCluster } from './postgres.js';

/** The stores the server can run on; integration suites that matter for both run on each. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface IBackendEnv {
  /** Extra environment for startTestApp / the server process (DATABASE_URL on PostgreSQL). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** What the server needs to run on `backend`: nothing for SQLite; a throwaway cluster and database for PostgreSQL. */
export async function backendEnv(backend: Backend): Promise<IBackendEnv> {
  if (backend === 'sqlite') return { env: {}, stop: async () => undefined };
  const cluster: IPostgresCluster = await startPostgres();
  try {
    return { env: { DATABASE_URL: await cluster.createDatabase() }, stop: () => cluster.stop() };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}
