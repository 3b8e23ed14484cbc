import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Copies the WAL back into the database file on its own thread and connection. With the main
 * connection's auto-checkpoint off, the fsync a checkpoint needs never lands inside a request.
 */
const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
}, intervalMs);
parentPort?.on('message', (msg: string) => {
  if (msg === 'stop') {
    clearInterval(timer);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    parentPort?.postMessage({ stopped: true });
  }
});
