import { and, count, eq, inArray, isNull, lt, min, sum } from 'drizzle-orm';
import type { SqliteDb } from '../db/connection.js';
import { auditLog, uploads } from '../db/schema.js';
import { withinQuota, type IUploadQuota } from './aggregates/uploads.js';
import type { IUploadRow } from './types.js';

type Tx = Parameters<Parameters<SqliteDb['transaction']>[0]>[0];

/** Upload rows of the SQLite store: quota counts and retention look only at uploads no submission names. */
export class SqliteUploads {
  constructor(private readonly db: SqliteDb) {}

  async insert(row: IUploadRow, actor: string, quota?: IUploadQuota): Promise<boolean> {
    // One connection, and nothing yields between the count and the insert.
    return this.db.transaction((tx) => {
      if (quota && !withinQuota(this.usage(row.user), row, quota)) return false;
      tx.insert(uploads).values(row).run();
      tx.insert(auditLog).values({ at: row.createdAt, actor, action: 'upload.created', target: row.id, data: { bytes: row.bytes } }).run();
      return true;
    });
  }

  async get(id: string): Promise<IUploadRow | undefined> {
    const row = this.db.select().from(uploads).where(eq(uploads.id, id)).get();
    if (!row) return undefined;
    const { referencedAt: _referencedAt, ...upload } = row;
    return upload;
  }

  async unreferencedUsage(user: string): Promise<{ count: number; bytes: number; oldest: number | null }> {
    return this.usage(user);
  }

  private usage(user: string): { count: number; bytes: number; oldest: number | null } {
    const row = this.db
      .select({ count: count(), bytes: sum(uploads.bytes), oldest: min(uploads.createdAt) })
      .from(uploads)
      .where(and(eq(uploads.user, user), isNull(uploads.referencedAt)))
      .get();
    return { count: row?.count ?? 0, bytes: Number(row?.bytes ?? 0), oldest: row?.oldest ?? null };
  }

  /** Inside a submission's transaction: the learner's own uploads it names are kept from now on. */
  markReferenced(tx: Tx | SqliteDb, ids: readonly string[], user: string, at: number): void {
    if (ids.length === 0) return;
    tx.update(uploads).set({ referencedAt: at }).where(and(inArray(uploads.id, [...ids]), eq(uploads.user, user), isNull(uploads.referencedAt))).run();
  }

  async deleteUnreferenced(createdBefore: number, at: number): Promise<Array<{ id: string; file: string }>> {
    return this.db.transaction((tx) => {
      const gone = tx
        .delete(uploads)
        .where(and(isNull(uploads.referencedAt), lt(uploads.createdAt, createdBefore)))
        .returning({ id: uploads.id, file: uploads.file, user: uploads.user })
        .all();
      if (gone.length > 0) tx.insert(auditLog).values({ at, actor: 'retention', action: 'uploads.expired', target: 'uploads', data: { count: gone.length } }).run();
      return gone.map(({ id, file }) => ({ id, file }));
    });
  }
}
