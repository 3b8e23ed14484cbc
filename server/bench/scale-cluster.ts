import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib.mjs';
import { writeNifti } from '../src/imaging/nifti.js';
import type { FakeHub } from '../test/support/fake-hub.js';
import { fixtureContent, fixtureDatasetsDir, sphere } from '../test/support/fixture-content.js';
import { startServerProcess } from '../test/support/server-process.js';
import { loginAs } from '../test/support/session.js';
import { hubEnv } from '../test/support/test-config.js';
import { quizCourse } from './bench-server.js';

/** The bench reads each replica's api/metrics mid-load with this token. */
export const METRICS_TOKEN = 'scale-bench-metrics-token-0123456789abcdef';

/** One learner of the bench: their cookie and an uploaded mask to answer the image item with. */
export interface IBenchLearner {
  cookie: string;
  uploadId: string;
}

export interface IReplicaSet {
  /** One base URL per replica. */
  bases: string[];
  learners: IBenchLearner[];
  stop(): Promise<void>;
}

/**
 * `replicas` course-server processes on one store (DATABASE_URL, or a SQLite file when null),
 * sharing a data directory as replicas share a volume, with `learners` logged in and each
 * holding one uploaded mask. Content: the bench quiz and the test fixture's demo course (its
 * segmentation item grades a 24³ mask).
 */
export async function startReplicaSet(hub: FakeHub, options: { databaseUrl: string | null; replicas: number; learners: number; dbPoolSize?: number }): Promise<IReplicaSet> {
  const content = quizCourse(fixtureContent());
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-scale-data-'));
  const processes: ChildProcess[] = [];
  const bases: string[] = [];
  try {
    // One after another: the first creates the shared keys (a cluster mounts them from a Secret).
    for (let i = 0; i < options.replicas; i++) {
      const base = `http://127.0.0.1:${await freePort()}`;
      processes.push(
        await startServerProcess(
          hubEnv(hub.apiUrl, {
            JUPYTERHUB_SERVICE_URL: base,
            ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
            ...(options.dbPoolSize ? { ACADEMY_DB_POOL_SIZE: String(options.dbPoolSize) } : {}),
            ACADEMY_DATA_DIR: dataDir,
            ACADEMY_CONTENT_DIR: content,
            ACADEMY_DATASETS_DIR: fixtureDatasetsDir(content),
            ACADEMY_SUBMIT_RATE_PER_MINUTE: '100000000',
            ACADEMY_LOGIN_RATE_PER_MINUTE: '100000000',
            ACADEMY_UPLOAD_RATE_PER_MINUTE: '100000000',
            ACADEMY_WORKER_QUEUE: '10000',
            ACADEMY_METRICS_TOKEN: METRICS_TOKEN,
            ACADEMY_LOG_LEVEL: 'warn'
          })
        )
      );
      bases.push(base);
    }
    const mask = Buffer.from(writeNifti(sphere(24, 6, [1, 0, 0]), { gzip: true }));
    const learners: IBenchLearner[] = [];
    for (let i = 0; i < options.learners; i++) {
      const browser = await loginAs(bases[i % bases.length] ?? base0(bases), hub, { name: `scale-${i}` });
      const res = await browser.post('/services/academy/api/uploads', mask);
      if (res.status !== 201) throw new Error(`upload for bench learner ${i} failed: ${res.status} ${await res.text()}`);
      learners.push({ cookie: browser.cookieHeader(), uploadId: ((await res.json()) as { uploadId: string }).uploadId });
    }
    return { bases, learners, stop: () => stopAll(processes) };
  } catch (err) {
    await stopAll(processes);
    throw err;
  }
}

function base0(bases: string[]): string {
  if (!bases[0]) throw new Error('no replica started');
  return bases[0];
}

async function stopAll(processes: ChildProcess[]): Promise<void> {
  await Promise.all(
    processes.map((p) => {
      if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
      const exited = new Promise((r) => p.once('exit', r));
      p.kill('SIGTERM');
      return exited;
    })
  );
}
