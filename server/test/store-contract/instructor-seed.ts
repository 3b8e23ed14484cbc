import { randomUUID } from 'node:crypto';
import type { IItemGradeRow, IStore } from '../../src/store/types.js';

/**
 * Rows for the reviews and cohort contracts, written only through IStore (as the services
 * write them), so the same seed means the same thing on every backend.
 */

/** What a contract body is given (a subset of backends.ts's IStoreFixture): the store, and a second one on the same database, as another replica opens it. */
export interface IContractFixture {
  readonly store: IStore;
  second(): Promise<IStore>;
}

/** Two stores on one database: concurrent calls alternate between them, as between two replicas. */
export async function twoReplicas(fx: () => IContractFixture): Promise<[IStore, IStore]> {
  return [fx().store, await fx().second()];
}

/** A course id of its own per test: the bodies hold on a shared database too (the runner gives each test a fresh one). */
export const freshCourse = (): string => `c-${randomUUID().slice(0, 8)}`;

export const allow = (): { allow: true; late: false; lateFactor: number } => ({ allow: true, late: false, lateFactor: 1 });

export function grade(itemId: string, score: number, weight = 1): IItemGradeRow {
  return { itemId, score, points: score * weight, maxPoints: weight, feedback: score === 1 ? 'Right.' : 'Not quite.' };
}

/** A pending submission (attempt reserved, not graded), as an image or project submit leaves it. */
export async function pending(store: IStore, user: string, course: string, assessment: string, at: number, answers: Record<string, unknown> = {}): Promise<string> {
  await store.upsertUser(user, ['learner'], at);
  const id = randomUUID();
  const out = await store.reserveAttempt({ user, course, assessment, idempotencyKey: null, answers, now: at, newId: id }, allow);
  if (out.kind !== 'created') throw new Error(`seed: ${user} could not submit (${out.kind})`);
  return id;
}

/** A project submitted and queued for a grader, with its automatic item graded. */
export async function queued(store: IStore, user: string, course: string, at: number): Promise<string> {
  const id = await pending(store, user, course, 'capstone', at, { project: { type: 'project', uploadId: `u-${user}`, report: 'done' } });
  const opened = await store.reviews.open({ submissionId: id, user, course, assessment: 'capstone', itemId: 'project', items: [grade('units', 1)], at });
  if (!opened) throw new Error('seed: the project did not enter the queue');
  return id;
}

/** A quiz submitted and graded in one transaction, as a quiz submit does. */
export async function gradedQuiz(
  store: IStore,
  user: string,
  course: string,
  at: number,
  items: IItemGradeRow[],
  opts: { assessment?: string; lesson?: string; answers?: Record<string, unknown> } = {}
): Promise<string> {
  await store.upsertUser(user, ['learner'], at);
  const score = items.reduce((n, i) => n + i.points, 0) / Math.max(1, items.reduce((n, i) => n + i.maxPoints, 0));
  const passed = score >= 0.7;
  const assessment = opts.assessment ?? 'quiz';
  const out = await store.submitAndGrade(
    { user, course, assessment, idempotencyKey: null, answers: opts.answers ?? {}, now: at, newId: randomUUID() },
    allow,
    () => ({ items, score, passed, gradedAt: at, progress: passed ? { user, course, lesson: opts.lesson ?? 'lesson-one', kind: 'assessment_passed', at } : undefined })
  );
  if (out.kind !== 'created') throw new Error(`seed: ${user} could not submit (${out.kind})`);
  return out.submission.id;
}

/** Audit entries whose target is, or starts with, one of `targets`, oldest first. */
export async function auditOf(store: IStore, ...targets: string[]): Promise<Array<{ action: string; target: string; data: Record<string, unknown> | null }>> {
  const all = await store.audit({ limit: 100_000 });
  return all
    .filter((a) => targets.some((t) => a.target === t || a.target.startsWith(`${t}/`)))
    .reverse()
    .map(({ action, target, data }) => ({ action, target, data }));
}
