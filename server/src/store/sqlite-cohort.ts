import type Database from 'better-sqlite3';
import { gradeFromSql, recordFromSql, type HotStatements, type IGradeSqlRow, type ISubmissionSqlRow } from './sqlite-hot-path.js';
import type * as R from './instructor-types.js';
import type { ISubmissionRecord } from './types.js';

interface IAttemptSql {
  user: string;
  assessment: string;
  attempts: number;
  graded: number;
  best: number | null;
  passed: number;
  in_review: number;
  last_at: number;
}

/** Graded submissions of one assessment whose learner has no earlier graded attempt. */
const FIRST_ATTEMPTS = `select s.id, s.user, s.answers from submissions s
  where s.course = ? and s.assessment = ? and s.status = 'graded' and not exists (
    select 1 from submissions e where e.user = s.user and e.course = s.course and e.assessment = s.assessment and e.status = 'graded' and e.attempt < s.attempt)`;

/**
 * Cohort-wide reads on raw prepared statements: a 2,000-learner course is ~50,000
 * submissions, and the query builder's per-row mapping would dominate.
 */
export class SqliteCohort implements R.ICohortStore {
  private readonly q: ReturnType<typeof statements>;

  constructor(
    private readonly db: Database.Database,
    private readonly hot: HotStatements
  ) {
    this.q = statements(db);
  }

  async snapshot(course: string): Promise<R.ICohortSnapshot> {
    // One read transaction: the reads see the same moment.
    return this.db.transaction(() => ({
      enrollments: this.q.enrollments.all(course),
      progress: this.q.progress.all(course),
      attempts: this.q.attempts.all(course).map((a) => ({
        user: a.user,
        assessment: a.assessment,
        attempts: a.attempts,
        graded: a.graded,
        best: a.best,
        passed: a.passed === 1,
        inReview: a.in_review === 1,
        lastAt: a.last_at
      })),
      certificates: this.q.certificates.all(course).map((c) => ({ user: c.user, track: c.track, revoked: c.revoked === 1 })),
      overrides: this.q.overrides.all(course)
    }))();
  }

  async activity(course: string, since: number): Promise<{ learners: number; submissions: number }> {
    return {
      learners: this.q.activeLearners.get(course, since, course, since)?.n ?? 0,
      submissions: this.q.submissionsSince.get(course, since)?.n ?? 0
    };
  }

  async assessmentTotals(course: string, assessment: string): Promise<R.ILearnerTotals[]> {
    return this.q.totals.all(course, assessment).map((t) => ({ user: t.user, attempts: t.attempts, best: t.best, passed: t.passed === 1 }));
  }

  async firstAttempts(course: string, assessment: string): Promise<R.IFirstAttemptRow[]> {
    return this.db.transaction(() => {
      const credit = new Map<string, Map<string, number>>();
      for (const g of this.q.firstGrades.all(course, assessment)) {
        let items = credit.get(g.submission_id);
        if (!items) credit.set(g.submission_id, (items = new Map()));
        items.set(g.item_id, g.score);
      }
      return this.q.firsts.all(course, assessment).map((s) => ({ user: s.user, answers: JSON.parse(s.answers) as Record<string, unknown>, credit: credit.get(s.id) ?? new Map() }));
    })();
  }

  async gradedIds(course: string, assessment: string): Promise<R.SubmissionKey[]> {
    return this.q.gradedRowids.all(course, assessment).map((r) => r.rowid);
  }

  /** The keys are rowids from `gradedIds`. */
  async records(ids: R.SubmissionKey[]): Promise<ISubmissionRecord[]> {
    const list = JSON.stringify(ids);
    const grades = new Map<string, IGradeSqlRow[]>();
    for (const g of this.q.gradesByRowids.all(list)) {
      const rows = grades.get(g.submission_id) ?? [];
      rows.push(g);
      grades.set(g.submission_id, rows);
    }
    return this.q.byRowids.all(list).map((r) => recordFromSql(r, (grades.get(r.id) ?? []).map(gradeFromSql)));
  }

  async reviewsWaiting(course: string): Promise<number> {
    return this.q.waiting.get(course)?.n ?? 0;
  }

  async excused(course: string, assessment: string): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const r of this.q.excused.all(course, assessment)) {
      const items = JSON.parse(r.excused_items) as string[];
      if (items.length > 0) out.set(r.user, items);
    }
    return out;
  }

  async applyRegrade(writes: R.IRegradeWrite[], audit: R.IRegradeAudit): Promise<string[]> {
    const { actor, at, target } = audit;
    return this.db.transaction(() => {
      const written: string[] = [];
      for (const w of writes) {
        const now = this.q.gradedAt.get(w.submissionId);
        // Graded again since the regrade read it (a project review, an excuse): that grade stands.
        if (!now || now.status !== 'graded' || now.graded_at !== w.gradedAtBefore) continue;
        for (const i of w.changedItems) {
          const values = [i.score, i.points, i.maxPoints, i.feedback, i.measurements ? JSON.stringify(i.measurements) : null, w.submissionId, i.itemId];
          if (this.q.updateGrade.run(...values).changes === 0) this.q.insertGrade.run(...values);
        }
        for (const itemId of w.removedItems) this.q.deleteGrade.run(w.submissionId, itemId);
        this.q.updateScore.run(w.score, w.passed ? 1 : 0, at, w.submissionId);
        const p = w.progress;
        if (p && this.hot.lessonStatus.get(p.user, p.course, p.lesson)?.status !== 'completed') {
          this.hot.insertProgressEvent.run(p.user, p.course, p.lesson, p.kind, p.at, p.data ? JSON.stringify(p.data) : null);
          this.hot.upsertLessonProgress.run(p.user, p.course, p.lesson, 'completed', p.at);
        }
        this.hot.insertAudit.run(at, actor, audit.each, `${target}/${w.user}`, JSON.stringify({ id: w.submissionId, score: w.score, passed: w.passed }));
        written.push(w.submissionId);
      }
      if (audit.summary) this.hot.insertAudit.run(at, actor, audit.all, target, JSON.stringify(audit.summary));
      return written;
    })();
  }
}

/** Prepared once per store. */
function statements(db: Database.Database) {
  return {
    enrollments: db.prepare<[string], { user: string; enrolledAt: number }>('select user, enrolled_at as enrolledAt from enrollments where course = ? order by user'),
    progress: db.prepare<[string], { user: string; lesson: string; status: 'in_progress' | 'completed'; updatedAt: number }>(
      'select user, lesson, status, updated_at as updatedAt from lesson_progress where course = ?'
    ),
    attempts: db.prepare<[string], IAttemptSql>(
      `select user, assessment, count(*) as attempts, sum(status = 'graded') as graded,
         max(case when status = 'graded' then score end) as best, max(coalesce(passed, 0)) as passed,
         max(status = 'review') as in_review, max(submitted_at) as last_at
       from submissions where course = ? group by assessment, user`
    ),
    certificates: db.prepare<[string], { user: string; track: string; revoked: number }>('select user, track, revoked_at is not null as revoked from certificates where course = ?'),
    overrides: db.prepare<[string], { user: string; assessment: string; extraAttempts: number }>('select user, assessment, extra_attempts as extraAttempts from overrides where course = ?'),
    activeLearners: db.prepare<[string, number, string, number], { n: number }>(
      `select count(*) as n from (select user from progress_events where course = ? and at >= ?
         union select user from submissions where course = ? and submitted_at >= ?)`
    ),
    submissionsSince: db.prepare<[string, number], { n: number }>('select count(*) as n from submissions where course = ? and submitted_at >= ?'),
    totals: db.prepare<[string, string], { user: string; attempts: number; best: number; passed: number }>(
      `select user, count(*) as attempts, max(score) as best, max(passed) as passed from submissions
       where course = ? and assessment = ? and status = 'graded' group by user`
    ),
    firsts: db.prepare<[string, string], { id: string; user: string; answers: string }>(FIRST_ATTEMPTS),
    firstGrades: db.prepare<[string, string], { submission_id: string; item_id: string; score: number }>(
      `with firsts as (${FIRST_ATTEMPTS}) select g.submission_id, g.item_id, g.score from firsts f join item_grades g on g.submission_id = f.id`
    ),
    gradedRowids: db.prepare<[string, string], { rowid: number }>(`select rowid from submissions where course = ? and assessment = ? and status = 'graded'`),
    byRowids: db.prepare<[string], ISubmissionSqlRow>('select * from submissions where rowid in (select value from json_each(?))'),
    gradesByRowids: db.prepare<[string], IGradeSqlRow>('select g.* from item_grades g join submissions s on s.id = g.submission_id where s.rowid in (select value from json_each(?))'),
    waiting: db.prepare<[string], { n: number }>(`select count(*) as n from project_reviews where course = ? and status = 'open'`),
    excused: db.prepare<[string, string], { user: string; excused_items: string }>('select user, excused_items from overrides where course = ? and assessment = ? and excused_items is not null'),
    gradedAt: db.prepare<[string], { graded_at: number | null; status: string }>('select graded_at, status from submissions where id = ?'),
    updateScore: db.prepare('update submissions set score = ?, passed = ?, graded_at = ? where id = ? and status = \'graded\''),
    updateGrade: db.prepare('update item_grades set score = ?, points = ?, max_points = ?, feedback = ?, measurements = ? where submission_id = ? and item_id = ?'),
    deleteGrade: db.prepare<[string, string]>('delete from item_grades where submission_id = ? and item_id = ?'),
    insertGrade: db.prepare('insert into item_grades (score, points, max_points, feedback, measurements, submission_id, item_id) values (?, ?, ?, ?, ?, ?, ?)')
  };
}
