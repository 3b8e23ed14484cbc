import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { SqliteDb } from '../db/connection.js';
import { auditLog, certificates, counters } from '../db/schema.js';
import type { ICertificateRow } from './types.js';

/** Certificate rows of the SQLite store; every write records its audit entry in the same transaction. */
export class SqliteCertificates {
  constructor(private readonly db: SqliteDb) {}

  async insert(row: ICertificateRow): Promise<{ created: boolean; certificate: ICertificateRow }> {
    return this.db.transaction((tx) => {
      const inserted = tx.insert(certificates).values(row).onConflictDoNothing().returning().get();
      if (inserted) {
        tx.insert(auditLog).values({ at: row.issuedAt, actor: row.user, action: 'certificate.issued', target: `${row.course}/${row.track}`, data: { id: row.id } }).run();
        return { created: true, certificate: inserted };
      }
      // The unique (user, course, track) index kept a concurrent issue from adding a second one.
      const existing = tx
        .select()
        .from(certificates)
        .where(and(eq(certificates.user, row.user), eq(certificates.course, row.course), eq(certificates.track, row.track)))
        .get();
      if (!existing) throw new Error(`certificate ${row.id} was neither inserted nor found`);
      return { created: false, certificate: existing };
    });
  }

  async get(id: string): Promise<ICertificateRow | undefined> {
    return this.db.select().from(certificates).where(eq(certificates.id, id)).get();
  }

  async list(user: string): Promise<ICertificateRow[]> {
    return this.db.select().from(certificates).where(eq(certificates.user, user)).orderBy(asc(certificates.issuedAt)).all();
  }

  async nextStatusIndex(): Promise<number> {
    const row = this.db
      .update(counters)
      .set({ value: sql`${counters.value} + 1` })
      .where(eq(counters.name, 'status-list-index'))
      .returning({ value: counters.value })
      .get();
    if (!row) throw new Error('the status-list-index counter is missing (migration 0002 not applied?)');
    return row.value - 1;
  }

  async statusListState(): Promise<{ allocated: number; revoked: number[] }> {
    const counter = this.db.select({ value: counters.value }).from(counters).where(eq(counters.name, 'status-list-index')).get();
    const revoked = this.db
      .select({ index: certificates.statusIndex })
      .from(certificates)
      .where(and(isNotNull(certificates.revokedAt), isNotNull(certificates.statusIndex)))
      .all()
      .flatMap((r) => (r.index === null ? [] : [r.index]));
    return { allocated: counter?.value ?? 0, revoked };
  }

  async revoke(id: string, by: string, reason: string, at: number): Promise<ICertificateRow | undefined> {
    return this.db.transaction((tx) => {
      const row = tx.update(certificates).set({ revokedAt: at, revokedBy: by, revokedReason: reason }).where(eq(certificates.id, id)).returning().get();
      if (row) tx.insert(auditLog).values({ at, actor: by, action: 'certificate.revoked', target: `${row.course}/${row.track}/${row.user}`, data: { id, reason } }).run();
      return row;
    });
  }
}
