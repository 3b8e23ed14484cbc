import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/lib.mjs';
import { FakeHub } from '../test/support/fake-hub.js';
import { startServerProcess } from '../test/support/server-process.js';
import { loginAs } from '../test/support/session.js';
import type { Browser } from '../test/support/http.js';
import { hubEnv, SECRET } from '../test/support/test-config.js';

/** A five-item quiz with no attempt limit, so load can submit it forever. */
const QUIZ = `id: bench-quiz
lesson: bench-lesson
title: Bench quiz
passMark: 0.6
items:
  - { id: q1, kind: single-choice, prompt: Pick a, options: [{ id: a, text: A }, { id: b, text: B }], key: { correct: a } }
  - { id: q2, kind: multiple-choice, prompt: Pick a and b, options: [{ id: a, text: A }, { id: b, text: B }, { id: c, text: C }], key: { correct: [a, b] } }
  - { id: q3, kind: numeric, prompt: Water in HU, unit: HU, key: { value: 0, absTolerance: 5 } }
  - { id: q4, kind: short-text, prompt: Format, key: { accept: [nifti] } }
  - { id: q5, kind: numeric, prompt: Voxel mm3, unit: mm3, key: { value: 8, relTolerance: 0.01 } }
`;
const COURSE = `id: bench
title: Bench
tracks:
  - id: t
    title: T
    tier: foundation
    modules:
      - id: m
        title: M
        lessons:
          - { id: bench-lesson, title: Bench lesson, estimatedMinutes: 10, status: upcoming, assessment: bench-quiz }
`;

export const QUIZ_PATH = '/services/academy/api/courses/bench/assessments/bench-quiz/submissions';
export const QUIZ_BODY = JSON.stringify({
  answers: {
    q1: { type: 'choice', selected: ['a'] },
    q2: { type: 'choice', selected: ['a', 'b'] },
    q3: { type: 'number', value: 3, unit: 'HU' },
    q4: { type: 'text', text: 'NIfTI' },
    q5: { type: 'number', value: 8, unit: 'mm3' }
  }
});

export interface IBenchServer {
  base: string;
  hub: FakeHub;
  process: ChildProcess;
  login(name: string, groups?: string[]): Promise<Browser>;
  stop(): Promise<void>;
}

/** The bench quiz course in a fresh folder (or added to `content`). */
export function quizCourse(content = mkdtempSync(join(tmpdir(), 'voxel-bench-content-'))): string {
  mkdirSync(join(content, 'curriculum', 'bench'), { recursive: true });
  mkdirSync(join(content, 'assessments', 'bench'), { recursive: true });
  writeFileSync(join(content, 'curriculum', 'bench', 'course.yaml'), COURSE);
  writeFileSync(join(content, 'assessments', 'bench', 'bench-quiz.yaml'), QUIZ);
  return content;
}

/**
 * The real server process with a stand-in hub for logins: on the bench quiz course and a fresh
 * SQLite file unless given other content and a data folder (e.g. a seeded cohort), with `env`
 * over the bench's settings.
 */
export async function startBenchServer(options: { contentDir?: string; dataDir?: string; env?: Record<string, string> } = {}): Promise<IBenchServer> {
  const content = options.contentDir ?? quizCourse();
  const hub = new FakeHub(SECRET);
  await hub.start();
  const base = `http://127.0.0.1:${await freePort()}`;
  const child = await startServerProcess(
    hubEnv(hub.apiUrl, {
      JUPYTERHUB_SERVICE_URL: base,
      ACADEMY_DATA_DIR: options.dataDir ?? mkdtempSync(join(tmpdir(), 'voxel-bench-data-')),
      ACADEMY_CONTENT_DIR: content,
      // The limiter still runs on every request; the bench learner is simply allowed a lot.
      ACADEMY_SUBMIT_RATE_PER_MINUTE: '100000000',
      // Thousands of bench learners log in from one address; the limiters still run on every request.
      ACADEMY_LOGIN_RATE_PER_MINUTE: '100000000',
      ACADEMY_UPLOAD_RATE_PER_MINUTE: '100000000',
      ACADEMY_LOG_LEVEL: 'warn',
      ...options.env
    })
  );
  return {
    base,
    hub,
    process: child,
    login: (name, groups = []) => loginAs(base, hub, { name, groups }),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      await hub.stop();
    }
  };
}
