import { join } from 'node:path';
import type { IServerConfig } from '../config.js';
import type { ILogger } from '../log.js';
import type { IStore } from './types.js';

/**
 * The store the configuration asks for: PostgreSQL when DATABASE_URL is set (several replicas
 * can share it), otherwise the SQLite file in the data directory (one process, no server to run).
 * Migrations of the chosen dialect are applied before this resolves.
 */
export async function openStore(config: Pick<IServerConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<IServerConfig, 'dbPoolSize'>>, log: ILogger): Promise<IStore> {
  if (config.databaseUrl !== null) {
    // Loaded only when asked for: the default SQLite path never loads the pg driver.
    const [{ PgStore }, { redactUrl }] = await Promise.all([import('./pg/pg-store.js'), import('../db/pg-connection.js')]);
    const store = await PgStore.open(config.databaseUrl, {
      ...(config.dbPoolSize === undefined ? {} : { maxConnections: config.dbPoolSize }),
      // A pooled connection dropped while idle (database restart, failover): the pool opens a new one.
      onIdleError: (err) => log.warn('idle PostgreSQL connection lost', { error: err.message })
    });
    log.info('store opened', { dialect: 'postgres', database: redactUrl(config.databaseUrl), poolSize: config.dbPoolSize ?? 10 });
    return store;
  }
  const { SqliteStore } = await import('./sqlite-store.js');
  const file = join(config.dataDir, 'academy.sqlite');
  const store = new SqliteStore(file);
  log.info('store opened', { dialect: 'sqlite', file });
  return store;
}
