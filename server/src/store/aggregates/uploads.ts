/** Uploaded images: quota and retention look only at uploads no submission names yet. */
export interface IUploadStore {
  /**
   * Stores the upload unless, with it, the learner's unused uploads would pass `quota`: counted
   * in the same transaction (uploads stream in for seconds, so a burst all passed a count taken
   * before). false: nothing written.
   */
  insertUpload(row: IUploadRow, actor: string, quota?: IUploadQuota): Promise<boolean>;
  getUpload(id: string): Promise<IUploadRow | undefined>;
  /** How many uploads of this learner no submission names yet, and their bytes (the quota). */
  unreferencedUploads(user: string): Promise<{ count: number; bytes: number; oldest: number | null }>;
  /** Deletes uploads no submission named, created before `createdBefore`; returns their files to remove. */
  deleteUnreferencedUploads(createdBefore: number, at: number): Promise<Array<{ id: string; file: string }>>;
}

/** How many unused uploads a learner may hold, and their bytes. */
export interface IUploadQuota {
  count: number;
  bytes: number;
}

/** Whether one more upload of `row.bytes` keeps the learner's unused uploads within the quota. */
export function withinQuota(usage: { count: number; bytes: number }, row: { bytes: number }, quota: IUploadQuota): boolean {
  return usage.count < quota.count && usage.bytes + row.bytes <= quota.bytes;
}

export interface IUploadRow {
  id: string;
  user: string;
  createdAt: number;
  bytes: number;
  file: string;
  geometry: Record<string, unknown>;
}
