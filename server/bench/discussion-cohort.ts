import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { eachLesson } from '../src/content/check-course.js';
import { loadContent } from '../src/content/load-content.js';
import type { Browser } from '../test/support/http.js';
import type { IBenchServer } from './bench-server.js';

/** The repository's own content: the flagship course, as learners see it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const COURSE = 'medical-image-analysis';
export const PREFIX = '/services/academy/';

/** One live event as the bench's sockets record it: what it is about and when it arrived. */
export interface IArrival {
  key: string;
  at: number;
  sentAt: number;
  kind?: string;
}

export interface ICohort {
  lessons: string[];
  sessions: Browser[];
  /** Sockets connected and watching. */
  size: number;
  /** What arrived while recording; filled by stop(). */
  changed: IArrival[];
  notified: IArrival[];
  /** Stops recording and collects the arrivals from the socket threads. */
  stop(): Promise<void>;
  /** Closes every socket and ends the threads. */
  close(): Promise<void>;
}

/**
 * Threads holding the cohort's sockets (see cohort-sockets.mjs). With the 2,000 sockets on the
 * thread that issued the posts, that thread's collections (14–33 ms, with the backlog behind
 * them) were the largest spikes the bench measured: post → event p99 42–63 ms against 20 ms
 * with two socket threads, the server unchanged (quiet p99 9–15 ms either way).
 */
const SOCKET_THREADS = 2;

interface IColumns {
  size: number;
  key: Int32Array;
  at: Float64Array;
  sentAt: Float64Array;
  kind: Int32Array;
}

const arrivalsOf = (names: string[], c: IColumns): IArrival[] =>
  Array.from({ length: c.size }, (_, i) => ({ key: names[c.key[i] ?? 0] ?? '', at: c.at[i] ?? 0, sentAt: c.sentAt[i] ?? 0, kind: names[c.kind[i] ?? 0] ?? '' }));

export async function flagshipLessons(): Promise<string[]> {
  const course = (await loadContent(ROOT)).courses.get(COURSE);
  if (!course) throw new Error(`the flagship course ${COURSE} did not load`);
  return [...eachLesson(course.summary)].map((l) => l.lesson.id);
}

/**
 * `learners` learners log in, open their lesson (so they are in the course's roster and can be
 * mentioned), hold one socket each and watch that lesson's discussion; the cohort is spread
 * round-robin over the course's lessons, its sockets over threads of their own, where arrivals
 * are stamped on receipt.
 */
export async function connectCohort(bench: IBenchServer, learners: number): Promise<ICohort> {
  const lessons = await flagshipLessons();
  const sessions: Browser[] = [];
  for (let i = 0; i < learners; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, learners - i) }, async (_, k) => {
        const s = await bench.login(learnerName(i + k));
        const res = await s.post(`${PREFIX}api/courses/${COURSE}/lessons/${lessons[(i + k) % lessons.length]}/open`);
        if (!res.ok) throw new Error(`opening a lesson: ${res.status}`);
        await res.arrayBuffer();
        return s;
      })
    );
    sessions.push(...batch);
  }
  const members = sessions.map((s, i) => ({ cookie: s.cookieHeader(), courseId: COURSE, lessonId: lessons[i % lessons.length] }));
  const url = bench.base.replace('http', 'ws') + `${PREFIX}api/events`;
  const threads = Array.from({ length: SOCKET_THREADS }, (_, t) => new Worker(new URL('./cohort-sockets.mjs', import.meta.url), { workerData: { url, origin: bench.base, members: members.filter((_, i) => i % SOCKET_THREADS === t) } }));
  const reply = <T>(w: Worker): Promise<T> =>
    new Promise((resolve, reject) => {
      w.once('message', (m: T & { error?: string }) => (m.error ? reject(new Error(`cohort sockets: ${m.error}`)) : resolve(m)));
      w.once('error', reject);
    });
  const ready = await Promise.all(threads.map((w) => reply<{ ready: number }>(w))).catch(async (err: unknown) => {
    await Promise.all(threads.map((w) => w.terminate()));
    throw err;
  });
  const cohort: ICohort = {
    lessons,
    sessions,
    size: ready.reduce((n, r) => n + r.ready, 0),
    changed: [],
    notified: [],
    async stop() {
      const parts = await Promise.all(
        threads.map((w) => {
          const answer = reply<{ names: string[]; changed: IColumns; notified: IColumns }>(w);
          w.postMessage('stop');
          return answer;
        })
      );
      cohort.changed = parts.flatMap((p) => arrivalsOf(p.names, p.changed));
      cohort.notified = parts.flatMap((p) => arrivalsOf(p.names, p.notified));
    },
    async close() {
      // The sockets go with their threads.
      await Promise.all(threads.map((w) => w.terminate()));
    }
  };
  return cohort;
}

export const learnerName = (i: number): string => `forum-${i}`;
