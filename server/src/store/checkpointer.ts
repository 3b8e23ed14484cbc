import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** Built file: the worker runs compiled JavaScript also when the server runs under a TypeScript loader. */
const CHECKPOINT_WORKER = new URL('../../dist/store/checkpoint-worker.js', import.meta.url);

/** WAL checkpoints on a background thread (checkpoint-worker.ts), so writers never wait for one. */
export function startCheckpointer(client: Database.Database, file: string): Worker {
  client.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(CHECKPOINT_WORKER, { workerData: { file, intervalMs: 200 } });
  worker.unref();
  worker.on('error', () => {
    // Without the background thread, fall back to SQLite's own checkpoints.
    client.pragma('wal_autocheckpoint = 1000');
  });
  return worker;
}
