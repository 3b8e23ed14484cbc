import type { IServerConfig } from './config.js';
import { InProcessBus, type IEventBus } from './live/event-bus.js';
import type { ILogger } from './log.js';
import type { IDbPoolStats } from './metrics/server-metrics.js';
import type { ReplicatedEvents } from './live/replicated-events.js';
import type { IIssuer, IStatusLists } from './services/context.js';
import { memoryRateLimits, type RateLimitStore } from './services/rate-limiter.js';
import type { IStore } from './store/types.js';

/** What differs between one server on SQLite and replicas sharing PostgreSQL. */
export interface IReplicaServices {
  /** Live events and session ends between replicas. */
  bus: IEventBus;
  rateLimits: RateLimitStore;
  dbPool: () => IDbPoolStats | null;
  /**
   * Claim every pending submission at boot whatever its lease says: only when this process is
   * the only server of its database (SQLite), so any claim found is a dead process's. Replicas
   * leave live peers' leases alone and pick work up as leases lapse.
   */
  takeOverAtBoot: boolean;
}

/**
 * Chooses by the store's dialect. With SQLite there is one server: events stay in the process,
 * counters in memory. With PostgreSQL any number of replicas may share the database, and it
 * carries what they share: LISTEN/NOTIFY for events (no other service to run), a table for
 * rate-limit counters. The pg modules load only on that path.
 */
export async function openReplicaServices(config: Pick<IServerConfig, 'databaseUrl'>, store: IStore, log: ILogger): Promise<IReplicaServices> {
  if (store.dialect === 'sqlite' || config.databaseUrl === null) {
    return { bus: new InProcessBus(), rateLimits: memoryRateLimits, dbPool: () => null, takeOverAtBoot: true };
  }
  const [{ PgStore }, { PgNotifyBus }, { postgresRateLimits }] = await Promise.all([
    import('./store/pg/pg-store.js'),
    import('./live/pg-notify-bus.js'),
    import('./services/pg-rate-limits.js')
  ]);
  if (!(store instanceof PgStore)) throw new Error('DATABASE_URL is set but the store is not the PostgreSQL store');
  const bus = new PgNotifyBus({ connectionString: config.databaseUrl, log });
  // LISTEN is active before the replica serves, so it hears its peers from its first request.
  await bus.start();
  return { bus, rateLimits: await postgresRateLimits(store.db.$client), dbPool: () => store.poolStats(), takeOverAtBoot: false };
}

/**
 * The status lists the services use on any replica: reads come from this process's cache of
 * signed lists; an invalidation (a revocation, a key rotation) goes to every replica, which
 * drops its cache and re-reads the issuer keys from their shared file, so a certificate revoked
 * through one replica is revoked on all, and new keys sign everywhere.
 */
export function replicatedStatusLists(
  local: IStatusLists,
  events: ReplicatedEvents,
  issuer: IIssuer,
  reloadKeys: () => Promise<IIssuer['keys']>,
  log: ILogger
): IStatusLists {
  events.onCertificatesChanged = () => {
    local.invalidate();
    reloadKeys().then(
      (keys) => {
        issuer.keys = keys;
      },
      (err: unknown) => log.error('issuer keys could not be reloaded', { error: err instanceof Error ? err.message : String(err) })
    );
  };
  return {
    url: (ctx, list) => local.url(ctx, list),
    all: (ctx) => local.all(ctx),
    one: (ctx, list) => local.one(ctx, list),
    invalidate: () => events.certificatesChanged()
  };
}
