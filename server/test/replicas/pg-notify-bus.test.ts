import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusMessage } from '../../src/live/event-bus.js';
import { PgNotifyBus } from '../../src/live/pg-notify-bus.js';
import { createLogger } from '../../src/log.js';
import { startPostgres, type IPostgresCluster } from '../support/postgres.js';
import { until } from '../support/live.js';

/** Two replicas' buses on one real PostgreSQL: LISTEN/NOTIFY, large payloads, a cut connection. */
describe('live events between replicas over PostgreSQL LISTEN/NOTIFY', () => {
  let cluster: IPostgresCluster;
  let url: string;
  const logLines: string[] = [];
  const log = createLogger('debug', (line) => logLines.push(line));

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await cluster.createDatabase();
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  let pairs = 0;
  /** Two buses on a channel of their own, so one test's stragglers never reach another's. */
  async function pair(): Promise<{ a: PgNotifyBus; b: PgNotifyBus; gotA: BusMessage[]; gotB: BusMessage[] }> {
    const channel = `test_events_${++pairs}`;
    const a = new PgNotifyBus({ connectionString: url, log, reconnectMs: 50, channel });
    const b = new PgNotifyBus({ connectionString: url, log, reconnectMs: 50, channel });
    const gotA: BusMessage[] = [];
    const gotB: BusMessage[] = [];
    a.onMessage((m) => gotA.push(m));
    b.onMessage((m) => gotB.push(m));
    await Promise.all([a.start(), b.start()]);
    return { a, b, gotA, gotB };
  }

  it('delivers each message once to every replica, the sender at once, in the order sent', async () => {
    const { a, b, gotA, gotB } = await pair();
    for (let i = 0; i < 50; i++) a.send({ kind: 'user', user: 'ada', event: { type: 'n', i } });
    b.send({ kind: 'staff', event: { type: 'activity' } });
    // The sender's own learners get it in the same tick, without the round trip.
    expect(gotA).toHaveLength(50);
    expect(gotB).toHaveLength(1);
    await until(() => gotB.length === 51 && gotA.length === 51);
    expect(gotB.filter((m) => m.kind === 'user').map((m) => (m.kind === 'user' ? (m.event as { i: number }).i : -1))).toEqual([...Array(50).keys()]);
    expect(gotA[50]).toEqual({ kind: 'staff', event: { type: 'activity' } });
    // Own messages coming back through LISTEN are not delivered twice.
    await new Promise((r) => setTimeout(r, 200));
    expect(gotA).toHaveLength(51);
    await Promise.all([a.close(), b.close()]);
  });

  it('carries an event far over the 8,000-byte NOTIFY limit intact, multi-byte text included', async () => {
    const { a, b, gotB } = await pair();
    const feedback = 'Dice 0.91, Hausdorff 2.4 mm — Żółć ✓ 🧠 '.repeat(2000);
    const message: BusMessage = { kind: 'user', user: 'zoë', event: { type: 'submission.graded', submission: { items: [{ feedback }] } } };
    expect(Buffer.byteLength(JSON.stringify(message))).toBeGreaterThan(80_000);
    a.send(message);
    await until(() => gotB.length === 1);
    expect(gotB[0]).toEqual(message);
    expect(logLines.filter((l) => l.includes('event bus'))).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('reconnects its LISTEN connection after the database drops it, and events flow again', async () => {
    const { a, b, gotB } = await pair();
    expect(b.connects).toBe(1);
    // What a database restart or a network cut looks like to the listener: its backend is gone.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const killed = await admin.query(`select pg_terminate_backend(pid) as ok from pg_stat_activity where query ilike 'LISTEN%' and datname = current_database()`);
    expect(killed.rowCount).toBeGreaterThanOrEqual(2);
    await until(() => b.connects >= 2 && b.connected && a.connected, 10_000);
    a.send({ kind: 'session-ended', sessionId: 's1' });
    await until(() => gotB.some((m) => m.kind === 'session-ended'));
    expect(logLines.some((l) => l.includes('LISTEN connection lost'))).toBe(true);
    await admin.end();
    await Promise.all([a.close(), b.close()]);
  });
});
