import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { writeNifti } from '../../src/imaging/nifti.js';
import { DEMO_QUIZ_PASSING } from '../support/demo.js';
import { sphere } from '../support/fixture-content.js';
import type { Browser } from '../support/http.js';
import { loginAs } from '../support/session.js';
import { Fleet } from './support/fleet.js';

const PREFIX = '/services/academy/';
const QUIZ = `${PREFIX}api/courses/demo/assessments/quiz/submissions`;
const SEGMENTATION = `${PREFIX}api/courses/demo/assessments/segmentation/submissions`;
const PHASE_MS = Number(process.env.VOXEL_SOAK_PHASE_MS ?? 8000);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface IAck {
  id: string;
  user: string;
  key: string;
}

/**
 * Learners submitting quizzes and images, certificates downloaded and verified, sockets opening
 * and closing, while the course server is killed with SIGKILL twice and restarted. Clients
 * retry with the same Idempotency-Key, as the extension does on a flaky network.
 */
describe('a mixed soak with two kill -9 of the course server', () => {
  const fleet = new Fleet();
  const learners: Array<{ name: string; browser: Browser }> = [];
  const acked = new Map<string, IAck>();
  const counts = { quiz: 0, image: 0, pdf: 0, verify: 0, sockets: 0, refused: 0, retries: 0 };
  const peaks: number[] = [];
  let stopping = false;

  beforeAll(async () => {
    await fleet.start({ ACADEMY_VERIFY_SECONDS: '5' });
    for (let i = 0; i < 6; i++) learners.push({ name: `soak-${i}`, browser: await loginAs(fleet.base, fleet.hub, { name: `soak-${i}` }) });
  });
  afterAll(() => fleet.stop());

  const learner = (): { name: string; browser: Browser } => learners[Math.floor(Math.random() * learners.length)]!;

  /** Retries one submission with the same key until the server answers (it may be down). */
  async function submit(path: string, who: { name: string; browser: Browser }, answers: unknown): Promise<void> {
    const key = randomUUID();
    for (let attempt = 0; !stopping || attempt === 0; attempt++) {
      try {
        const res = await who.browser.post(path, { answers }, { 'idempotency-key': key });
        if (res.status === 201 || res.status === 200) {
          const { id } = (await res.json()) as { id: string };
          const earlier = acked.get(key);
          // A retry answered by the duplicate path must name the same submission.
          expect(earlier === undefined || earlier.id === id).toBe(true);
          acked.set(key, { id, user: who.name, key });
          return;
        }
        if (res.status >= 500) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
        counts.refused++;
        return;
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('submit answered')) throw err;
        counts.retries++;
        await sleep(100);
      }
    }
  }

  /** Any request that may meet a dead server: connection errors are retried by the loop, 5xx are findings. */
  async function tolerant(call: () => Promise<Response>): Promise<Response | null> {
    try {
      const res = await call();
      if (res.status >= 500) throw new Error(`answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return res;
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('answered')) throw err;
      await sleep(100);
      return null;
    }
  }

  const loops = {
    async quiz(): Promise<void> {
      while (!stopping) {
        const pass = Math.random() < 0.3;
        await submit(QUIZ, learner(), pass ? DEMO_QUIZ_PASSING : { modality: { type: 'choice', selected: ['mri'] }, water: { type: 'number', value: 40 } });
        counts.quiz++;
      }
    },
    async image(): Promise<void> {
      const mask = writeNifti(sphere(24, 6), { gzip: true });
      while (!stopping) {
        const who = learner();
        const res = await tolerant(() => who.browser.post(`${PREFIX}api/uploads`, mask));
        if (!res || res.status !== 201) continue;
        const { uploadId } = (await res.json()) as { uploadId: string };
        await submit(SEGMENTATION, who, { mask: { type: 'image', uploadId }, volume: { type: 'number', value: 0.9, unit: 'mL' } });
        counts.image++;
      }
    },
    async certificates(): Promise<void> {
      while (!stopping) {
        const who = learner();
        const list = await tolerant(() => who.browser.get(`${PREFIX}api/certificates`));
        const certificates = list?.status === 200 ? ((await list.json()) as Array<{ id: string; pdfUrl: string }>) : [];
        for (const c of certificates) {
          const pdf = await tolerant(() => fetch(fleet.base + c.pdfUrl));
          if (pdf?.status === 200) {
            counts.pdf++;
            const body = new Uint8Array(await pdf.arrayBuffer());
            if ((await tolerant(() => fetch(`${fleet.base}${PREFIX}api/verify`, { method: 'POST', body })))?.status === 200) counts.verify++;
          }
          await tolerant(() => fetch(`${fleet.base}${PREFIX}api/verify/${c.id}`));
        }
        await sleep(50);
      }
    },
    async sockets(): Promise<void> {
      while (!stopping) {
        const who = learner();
        const ws = new WebSocket(fleet.base.replace('http', 'ws') + `${PREFIX}api/events`, { headers: { cookie: who.browser.cookieHeader(), origin: fleet.base } });
        ws.on('error', () => undefined);
        await new Promise((r) => ws.once('open', r).once('close', r).once('unexpected-response', r));
        if (ws.readyState === WebSocket.OPEN) counts.sockets++;
        await sleep(100 + Math.random() * 300);
        ws.terminate();
      }
    }
  };

  it('loses no acknowledged submission, grades each exactly once and issues no duplicate certificate', async () => {
    const load = Promise.all([loops.quiz(), loops.quiz(), loops.quiz(), loops.image(), loops.image(), loops.certificates(), loops.sockets()]);
    for (let crash = 0; crash < 2; crash++) {
      await sleep(PHASE_MS);
      peaks.push(await fleet.kill9());
      await sleep(300);
      await fleet.restart();
    }
    await sleep(PHASE_MS);
    stopping = true;
    await load;
    const health = await fetch(`${fleet.base}${PREFIX}api/health`);
    expect(health.status).toBe(200);
    peaks.push(fleet.run!.peakRss());
    expect(fleet.run!.errors.filter((l) => l.includes('unhandled error') || l.includes('grading failed'))).toEqual([]);

    const db = new Database(join(fleet.dataDir, 'academy.sqlite'), { readonly: true });
    try {
      const rows = db.prepare('select id, user, status, assessment from submissions').all() as Array<{ id: string; user: string; status: string; assessment: string }>;
      const byId = new Map(rows.map((r) => [r.id, r]));
      const missing = [...acked.values()].filter((a) => byId.get(a.id)?.user !== a.user);
      expect(missing, 'acknowledged submissions missing after the crashes').toEqual([]);
      // Resumed at boot: nothing the crashes interrupted is left pending or failed.
      expect(rows.filter((r) => r.status !== 'graded')).toEqual([]);
      const gradedTwice = db
        .prepare(`select json_extract(data, '$.id') as id, count(*) as n from audit_log where action = 'submission.graded' group by 1 having n <> 1`)
        .all();
      expect(gradedTwice).toEqual([]);
      const gradeRows = db.prepare('select s.assessment as assessment, count(g.item_id) as n from submissions s left join item_grades g on g.submission_id = s.id group by s.id').all() as Array<{ assessment: string; n: number }>;
      expect(gradeRows.filter((g) => g.n !== (g.assessment === 'quiz' ? 7 : 2))).toEqual([]);
      const duplicates = db.prepare('select user, course, track, count(*) as n from certificates group by 1, 2, 3 having n > 1').all();
      expect(duplicates).toEqual([]);
      const passers = db.prepare(`select distinct user from submissions where assessment = 'quiz' and passed = 1`).all() as Array<{ user: string }>;
      const holders = db.prepare('select distinct user from certificates').all() as Array<{ user: string }>;
      console.log(
        `soak: ${acked.size} acknowledged submissions (${counts.quiz} quiz, ${counts.image} image; ${rows.length} stored), ${counts.retries} retries across 2 kill -9, ` +
          `${counts.pdf} certificate PDFs, ${counts.verify} verifications, ${counts.sockets} sockets opened; ${holders.length} certificates for ${passers.length} learners who passed; ` +
          `peak RSS per run ${peaks.map((p) => `${Math.round(p / 1024 / 1024)} MB`).join(', ')}`
      );
      expect(acked.size).toBeGreaterThan(100);
      expect(counts.image).toBeGreaterThan(10);
      expect(counts.sockets).toBeGreaterThan(10);
      // Everyone who passed holds exactly one certificate (issued again at boot if a crash cut it short).
      const listed = await Promise.all(learners.filter((l) => passers.some((p) => p.user === l.name)).map(async (l) => ((await (await l.browser.get(`${PREFIX}api/certificates`)).json()) as unknown[]).length));
      expect(listed.every((n) => n === 1)).toBe(true);
    } finally {
      db.close();
    }
  });
});
