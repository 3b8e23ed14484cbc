import type Database from 'better-sqlite3';
import type { HotStatements } from './sqlite-hot-path.js';
import type * as R from './instructor-types.js';

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

interface IGradedSql {
  id: string;
  user: string;
  attempt: number;
  score: number;
  passed: number;
  answers: string;
}

/**
 * Cohort-wide reads on raw prepared statements: a 2,000-learner course means tens of
 * thousands of rows per view, and the query builder's per-row mapping would dominate.
 */
export class SqliteCohort implements R.ICohortStore {
  private readonly q: {
    enrollments: Database.Statement<[string], { user: string; enrolledAt: number }>;
    progress: Database.Statement<[string], { user: string; lesson: string; status: 'in_progress' | 'completed'; updatedAt: number }>;
    attempts: Database.Statement<[string], IAttemptSql>;
    certificates: Database.Statement<[string], { user: string; track: string; revoked: number }>;
    overrides: Database.Statement<[string], { user: string; assessment: string; extraAttempts: number }>;
    activeLearners: Database.Statement<[string, number, string, number], { n: number }>;
    submissionsSince: Database.Statement<[string, number], { n: number }>;
    graded: Database.Statement<[string, string], IGradedSql>;
    gradesOfAssessment: Database.Statement<[string, string], { submission_id: string; item_id: string; score: number }>;
    waiting: Database.Statement<[string], { n: number }>;
    excused: Database.Statement<[string, string], { user: string; excused_items: string }>;
    gradedAt: Database.Statement<[string], { graded_at: number | null; status: string }>;
    updateScore: Database.Statement<unknown[]>;
    deleteGrades: Database.Statement<[string]>;
  };

  constructor(
    private readonly db: Database.Database,
    private readonly hot: HotStatements
  ) {
    this.q = {
      enrollments: db.prepare('select user, enrolled_at as enrolledAt from enrollments where course = ? order by user'),
      progress: db.prepare('select user, lesson, status, updated_at as updatedAt from lesson_progress where course = ?'),
      attempts: db.prepare(
        `select user, assessment, count(*) as attempts, sum(status = 'graded') as graded,
           max(case when status = 'graded' then score end) as best, max(coalesce(passed, 0)) as passed,
           max(status = 'review') as in_review, max(submitted_at) as last_at
         from submissions where course = ? group by user, assessment`
      ),
      certificates: db.prepare('select user, track, revoked_at is not null as revoked from certificates where course = ?'),
      overrides: db.prepare('select user, assessment, extra_attempts as extraAttempts from overrides where course = ?'),
      activeLearners: db.prepare(
        `select count(*) as n from (select user from progress_events where course = ? and at >= ?
           union select user from submissions where course = ? and submitted_at >= ?)`
      ),
      submissionsSince: db.prepare('select count(*) as n from submissions where course = ? and submitted_at >= ?'),
      graded: db.prepare(
        `select id, user, attempt, score, passed, answers from submissions
         where course = ? and assessment = ? and status = 'graded' order by user, attempt`
      ),
      gradesOfAssessment: db.prepare(
        `select g.submission_id, g.item_id, g.score from item_grades g join submissions s on s.id = g.submission_id
         where s.course = ? and s.assessment = ? and s.status = 'graded'`
      ),
      waiting: db.prepare(`select count(*) as n from project_reviews where course = ? and status = 'open'`),
      excused: db.prepare('select user, excused_items from overrides where course = ? and assessment = ? and excused_items is not null'),
      gradedAt: db.prepare('select graded_at, status from submissions where id = ?'),
      updateScore: db.prepare(`update submissions set score = ?, passed = ?, graded_at = ? where id = ? and status = 'graded'`),
      deleteGrades: db.prepare('delete from item_grades where submission_id = ?')
    };
  }

  async snapshot(course: string): Promise<R.ICohortSnapshot> {
    // One read transaction: the four reads see the same moment.
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

  async gradedSubmissions(course: string, assessment: string): Promise<R.IAnalysedSubmission[]> {
    return this.db.transaction(() => {
      const items = new Map<string, { itemId: string; score: number }[]>();
      for (const g of this.q.gradesOfAssessment.all(course, assessment)) {
        const list = items.get(g.submission_id) ?? [];
        list.push({ itemId: g.item_id, score: g.score });
        items.set(g.submission_id, list);
      }
      return this.q.graded.all(course, assessment).map((s) => ({
        id: s.id,
        user: s.user,
        attempt: s.attempt,
        score: s.score,
        passed: s.passed === 1,
        answers: JSON.parse(s.answers) as Record<string, unknown>,
        items: items.get(s.id) ?? []
      }));
    })();
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

  async applyRegrade(writes: R.IRegradeWrite[], audit: Parameters<R.ICohortStore['applyRegrade']>[1]): Promise<string[]> {
    const { actor, at, target } = audit;
    return this.db.transaction(() => {
      const written: string[] = [];
      for (const w of writes) {
        const now = this.q.gradedAt.get(w.submissionId);
        // Graded again since the regrade read it (a project review, an excuse): that grade stands.
        if (!now || now.status !== 'graded' || now.graded_at !== w.gradedAtBefore) continue;
        this.q.deleteGrades.run(w.submissionId);
        this.hot.insertGrades(w.submissionId, w.items);
        this.q.updateScore.run(w.score, w.passed ? 1 : 0, at, w.submissionId);
        const p = w.progress;
        if (p && this.hot.lessonStatus.get(p.user, p.course, p.lesson)?.status !== 'completed') {
          this.hot.insertProgressEvent.run(p.user, p.course, p.lesson, p.kind, p.at, p.data ? JSON.stringify(p.data) : null);
          this.hot.upsertLessonProgress.run(p.user, p.course, p.lesson, 'completed', p.at);
        }
        this.hot.insertAudit.run(at, actor, audit.each, `${target}/${w.user}`, JSON.stringify({ id: w.submissionId, score: w.score, passed: w.passed }));
        written.push(w.submissionId);
      }
      this.hot.insertAudit.run(at, actor, audit.all, target, JSON.stringify({ ...audit.summary, written: written.length }));
      return written;
    })();
  }
}
