import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { certificates, counters } from '../../db/schema-pg.js';
import type { ICertificateRow, ICertificateStore } from '../aggregates/certificates.js';
import { inTransaction, writeAudit } from './pg-tx.js';

const STATUS_COUNTER = 'status-list-index';

/** Certificates on PostgreSQL; every write records its audit entry in the same transaction. */
export class PgCertificates implements ICertificateStore {
  constructor(private readonly db: PgDb) {}

  async insertCertificate(row: ICertificateRow): Promise<{ created: boolean; certificate: ICertificateRow }> {
    return inTransaction(this.db, async (tx) => {
      // The unique (user, course, track) index decides between concurrent issuers: the loser's
      // insert waits for the winner's commit, then does nothing, and reads the winner's row.
      const [inserted] = await tx.insert(certificates).values(row).onConflictDoNothing().returning();
      if (inserted) {
        await writeAudit(tx, row.issuedAt, row.user, 'certificate.issued', `${row.course}/${row.track}`, { id: row.id });
        return { created: true, certificate: inserted };
      }
      const [existing] = await tx
        .select()
        .from(certificates)
        .where(and(eq(certificates.user, row.user), eq(certificates.course, row.course), eq(certificates.track, row.track)));
      if (!existing) throw new Error(`certificate ${row.id} was neither inserted nor found`);
      return { created: false, certificate: existing };
    });
  }

  async getCertificate(id: string): Promise<ICertificateRow | undefined> {
    const [row] = await this.db.select().from(certificates).where(eq(certificates.id, id));
    return row;
  }

  async listCertificates(user: string): Promise<ICertificateRow[]> {
    return this.db.select().from(certificates).where(eq(certificates.user, user)).orderBy(asc(certificates.issuedAt));
  }

  /** `update … returning` row-locks the counter: concurrent callers get consecutive positions. */
  async nextStatusIndex(): Promise<number> {
    const [row] = await this.db
      .update(counters)
      .set({ value: sql`${counters.value} + 1` })
      .where(eq(counters.name, STATUS_COUNTER))
      .returning({ value: counters.value });
    if (!row) throw new Error(`the ${STATUS_COUNTER} counter is missing (migration 0001_seed_counters not applied?)`);
    return row.value - 1;
  }

  async statusListState(): Promise<{ allocated: number; revoked: number[] }> {
    const [counter] = await this.db.select({ value: counters.value }).from(counters).where(eq(counters.name, STATUS_COUNTER));
    const revoked = await this.db
      .select({ index: certificates.statusIndex })
      .from(certificates)
      .where(and(isNotNull(certificates.revokedAt), isNotNull(certificates.statusIndex)));
    return { allocated: counter?.value ?? 0, revoked: revoked.flatMap((r) => (r.index === null ? [] : [r.index])) };
  }

  async revokeCertificate(id: string, by: string, reason: string, at: number): Promise<ICertificateRow | undefined> {
    return inTransaction(this.db, async (tx) => {
      const [row] = await tx.update(certificates).set({ revokedAt: at, revokedBy: by, revokedReason: reason }).where(eq(certificates.id, id)).returning();
      if (row) await writeAudit(tx, at, by, 'certificate.revoked', `${row.course}/${row.track}/${row.user}`, { id, reason });
      return row;
    });
  }
}
