import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
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
  sockets: WebSocket[];
  changed: IArrival[];
  notified: IArrival[];
  /** Stops recording arrivals (the figures are taken). */
  stop(): void;
}

export async function flagshipLessons(): Promise<string[]> {
  const course = (await loadContent(ROOT)).courses.get(COURSE);
  if (!course) throw new Error(`the flagship course ${COURSE} did not load`);
  return [...eachLesson(course.summary)].map((l) => l.lesson.id);
}

/**
 * `learners` learners log in, open their lesson (so they are in the course's roster and can be
 * mentioned), hold one socket each and watch that lesson's discussion; the cohort is spread
 * round-robin over the course's lessons. Arrivals are stamped on receipt; the parse is the only
 * per-message work, so the client side stays cheap.
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
  const changed: IArrival[] = [];
  const notified: IArrival[] = [];
  let recording = true;
  const sockets: WebSocket[] = [];
  for (let i = 0; i < learners; i += 200) {
    const batch = sessions.slice(i, i + 200).map(
      (s, k) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(bench.base.replace('http', 'ws') + `${PREFIX}api/events`, { headers: { cookie: s.cookieHeader(), origin: bench.base } });
          ws.on('message', (data) => {
            if (!recording) return;
            const at = Date.now();
            const e = JSON.parse(String(data)) as { type: string; at: number; postId: string | null; threadId: string; kind?: string };
            if (e.type === 'discussion.changed') changed.push({ key: e.postId ?? e.threadId, at, sentAt: e.at });
            else if (e.type === 'discussion.notify') notified.push({ key: e.postId ?? e.threadId, at, sentAt: e.at, kind: e.kind ?? '' });
          });
          ws.once('open', () => {
            ws.send(JSON.stringify({ type: 'discussion.watch', courseId: COURSE, lessonId: lessons[(i + k) % lessons.length] }));
            resolve(ws);
          });
          ws.once('error', reject);
        })
    );
    sockets.push(...(await Promise.all(batch)));
  }
  return {
    lessons,
    sessions,
    sockets,
    changed,
    notified,
    stop: () => {
      recording = false;
    }
  };
}

export const learnerName = (i: number): string => `forum-${i}`;

export const pct = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
