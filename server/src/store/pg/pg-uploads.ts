import { and, count, eq, inArray, isNull, lt, min, sum } from 'drizzle-orm';
import type { PgDb } from '../../db/pg-connection.js';
import { uploads } from '../../db/schema-pg.js';
import { withinQuota, type IUploadQuota, type IUploadRow, type IUploadStore } from '../aggregates/uploads.js';
import { inTransaction, lockLearner, writeAudit, type PgExec } from './pg-tx.js';

/** Uploads on PostgreSQL: quota counts and retention look only at uploads no submission names. */
export class PgUploads implements IUploadStore {
  constructor(private readonly db: PgDb) {}

  async insertUpload(row: IUploadRow, actor: string, quota?: IUploadQuota): Promise<boolean> {
    return inTransaction(this.db, async (tx) => {
      if (quota) {
        // The learner's uploads are counted and written one transaction at a time, on every replica.
        await lockLearner(tx, row.user);
        if (!withinQuota(await usageOf(tx, row.user), row, quota)) return false;
      }
      await tx.insert(uploads).values(row);
      await writeAudit(tx, row.createdAt, actor, 'upload.created', row.id, { bytes: row.bytes });
      return true;
    });
  }

  async getUpload(id: string): Promise<IUploadRow | undefined> {
    const [row] = await this.db.select().from(uploads).where(eq(uploads.id, id));
    if (!row) return undefined;
    const { referencedAt: _referencedAt, ...upload } = row;
    return upload;
  }

  async unreferencedUploads(user: string): Promise<{ count: number; bytes: number; oldest: number | null }> {
    return usageOf(this.db, user);
  }

  /** Inside a submission's transaction: the learner's own uploads it names are kept from now on. */
  async markReferenced(tx: PgExec, ids: readonly string[], user: string, at: number): Promise<void> {
    if (ids.length === 0) return;
    await tx.update(uploads).set({ referencedAt: at }).where(and(inArray(uploads.id, [...ids]), eq(uploads.user, user), isNull(uploads.referencedAt)));
  }

  async deleteUnreferencedUploads(createdBefore: number, at: number): Promise<Array<{ id: string; file: string }>> {
    return inTransaction(this.db, async (tx) => {
      const gone = await tx
        .delete(uploads)
        .where(and(isNull(uploads.referencedAt), lt(uploads.createdAt, createdBefore)))
        .returning({ id: uploads.id, file: uploads.file });
      if (gone.length > 0) await writeAudit(tx, at, 'retention', 'uploads.expired', 'uploads', { count: gone.length });
      return gone;
    });
  }
}

/** A learner's uploads no submission names yet: how many, their bytes, the oldest (the quota). */
async function usageOf(db: PgExec, user: string): Promise<{ count: number; bytes: number; oldest: number | null }> {
  const [row] = await db
    .select({ count: count(), bytes: sum(uploads.bytes), oldest: min(uploads.createdAt) })
    .from(uploads)
    .where(and(eq(uploads.user, user), isNull(uploads.referencedAt)));
  // sum() of a bigint is numeric, which pg returns as a string.
  return { count: row?.count ?? 0, bytes: Number(row?.bytes ?? 0), oldest: row?.oldest ?? null };
}
