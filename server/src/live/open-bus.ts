import type { ILogger } from '../log.js';
import { InProcessBus, type IEventBus } from './event-bus.js';
import { PgNotifyBus } from './pg-notify-bus.js';

/**
 * The bus between replicas follows the store: with SQLite there is one server, so events stay
 * in the process; with PostgreSQL any number of replicas may share the database, and LISTEN/
 * NOTIFY on it carries events between them (no other service to run). Resolves once LISTEN is
 * active, so a replica hears its peers from the moment it serves.
 */
export async function openEventBus(databaseUrl: string | null, log: ILogger): Promise<IEventBus> {
  if (databaseUrl === null) return new InProcessBus();
  const bus = new PgNotifyBus({ connectionString: databaseUrl, log });
  await bus.start();
  return bus;
}
