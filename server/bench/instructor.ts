import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContent } from '../src/content/load-content.js';
import type { Browser } from '../test/support/http.js';
import { startBenchServer } from './bench-server.js';
import { seedCohort, type ISeedResult } from './cohort-seed.js';
import { changeKey, cohortCourse, QUIZZES } from './instructor-course.js';

const API = '/services/academy/api/courses/cohort';
const LEARNERS = 2000;

export interface ILatency {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface IInstructorFigures {
  seed: ISeedResult;
  views: Record<string, ILatency & { bytes: number }>;
  regrade: { submissions: number; scoresChanged: number; passesLost: number; dryRunMs: number; applyMs: number; serverApplyMs: number };
  quizAtRest: ILatency;
  quizDuringRegrade: ILatency;
}

const summary = (times: number[]): ILatency => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): number => Math.round(10 * (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN)) / 10;
  return { runs: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1) };
};

async function timedGet(browser: Browser, path: string, runs: number): Promise<ILatency & { bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    const res = await browser.get(path);
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${Buffer.from(body).toString().slice(0, 200)}`);
    // The first three warm the server's caches and JIT; they are not counted.
    if (i >= 3) times.push(performance.now() - t);
    bytes = body.byteLength;
  }
  return { ...summary(times), bytes };
}

const QUIZ_ANSWERS = {
  answers: {
    modality: { type: 'choice', selected: ['ct'] },
    formats: { type: 'choice', selected: ['nifti', 'dicom'] },
    water: { type: 'number', value: 0 },
    voxel: { type: 'number', value: 8 },
    slices: { type: 'number', value: 108 },
    'format-name': { type: 'text', text: 'NIfTI' },
    landmark: { type: 'point', point: [10, 20, 30] },
    shift: { type: 'vector', values: [3, -2, 1.5] }
  }
};

/** One learner submitting a quiz again and again (the learner-facing path), until `stop` says so. */
async function quizLoop(learner: Browser, stop: () => boolean, max: number): Promise<number[]> {
  const times: number[] = [];
  while (!stop() && times.length < max) {
    const t = performance.now();
    const res = await learner.post(`${API}/assessments/${QUIZZES[1]}/submissions`, QUIZ_ANSWERS);
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`quiz submit: ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

/**
 * The instructor workspace at scale: 2,000 learners × 8 quizzes × 3 attempts (48,000 graded
 * submissions, 384,000 item grades) and 500 projects, seeded into the real server's SQLite file.
 * Times the instructor views the workspace reads and a regrade of one quiz's 6,000 submissions,
 * with the learner-facing quiz path measured at rest and during that regrade, in the same run.
 */
export async function runInstructorBench(): Promise<IInstructorFigures> {
  const content = cohortCourse();
  const dataDir = mkdtempSync(join(tmpdir(), 'voxel-bench-cohort-data-'));
  const course = (await loadContent(content)).courses.get('cohort');
  if (!course) throw new Error('the bench course did not load');
  const seed = seedCohort(join(dataDir, 'academy.sqlite'), { course, learners: LEARNERS, attempts: 3, projects: 500, everyLesson: true, prefix: 'learner', now: Date.now() });
  // The course team fixes a key after the fact: the server starts with the new one.
  changeKey(content);
  const bench = await startBenchServer({ contentDir: content, dataDir });
  try {
    const teacher = await bench.login('bench-teacher', ['instructors']);
    const learner = await bench.login('bench-learner');
    const views: IInstructorFigures['views'] = {};
    views['overview'] = await timedGet(teacher, `${API}/overview`, 40);
    views['heatmap'] = await timedGet(teacher, `${API}/heatmap`, 40);
    views['analytics'] = await timedGet(teacher, `${API}/assessments/${QUIZZES[2]}/analytics`, 40);
    views['needs help'] = await timedGet(teacher, `${API}/attention`, 40);
    const learnerTimes: number[] = [];
    for (let i = 0; i < 43; i++) {
      const one = await timedGet(teacher, `${API}/learners/learner-${String(1 + ((i * 37) % LEARNERS)).padStart(4, '0')}`, 1);
      learnerTimes.push(one.p50Ms);
    }
    views['learner view'] = { ...summary(learnerTimes.slice(3)), bytes: 0 };
    views['grading queue'] = await timedGet(teacher, `${API}/assessments/capstone/reviews`, 40);

    const quizAtRest = summary((await quizLoop(learner, () => false, 200)).slice(10));
    const dryStarted = performance.now();
    const dry = (await (await teacher.post(`${API}/assessments/${QUIZZES[0]}/regrade`, { dryRun: true })).json()) as { submissions: number; scoresChanged: number; passesLost: number };
    const dryRunMs = Math.round(performance.now() - dryStarted);
    let done = false;
    const during = quizLoop(learner, () => done, 100_000);
    const applyStarted = performance.now();
    const applied = (await (await teacher.post(`${API}/assessments/${QUIZZES[0]}/regrade`, { dryRun: false })).json()) as { ms: number };
    const applyMs = Math.round(performance.now() - applyStarted);
    done = true;
    return {
      seed,
      views,
      regrade: { submissions: dry.submissions, scoresChanged: dry.scoresChanged, passesLost: dry.passesLost, dryRunMs, applyMs, serverApplyMs: applied.ms },
      quizAtRest,
      quizDuringRegrade: summary(await during)
    };
  } finally {
    await bench.stop();
  }
}
