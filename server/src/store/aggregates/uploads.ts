/** Uploaded images: quota and retention look only at uploads no submission names yet. */
export interface IUploadStore {
  insertUpload(row: IUploadRow, actor: string): Promise<void>;
  getUpload(id: string): Promise<IUploadRow | undefined>;
  /** How many uploads of this learner no submission names yet, and their bytes (the quota). */
  unreferencedUploads(user: string): Promise<{ count: number; bytes: number; oldest: number | null }>;
  /** Deletes uploads no submission named, created before `createdBefore`; returns their files to remove. */
  deleteUnreferencedUploads(createdBefore: number, at: number): Promise<Array<{ id: string; file: string }>>;
}

export interface IUploadRow {
  id: string;
  user: string;
  createdAt: number;
  bytes: number;
  file: string;
  geometry: Record<string, unknown>;
}
