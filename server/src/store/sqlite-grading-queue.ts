import type Database from 'better-sqlite3';
import type { IGradingClaim, IGradingQueueStore } from './aggregates/grading-queue.js';
import type { GroupCommitter } from './group-commit.js';
import type { ISubmissionRecord } from './rows.js';

interface IClaimedRow {
  id: string;
  user: string;
  course: string;
  assessment: string;
  attempt: number;
  answers: string;
  submitted_at: number;
  late: number;
  late_factor: number;
}

/**
 * The grading queue on SQLite. SQLite has no row locks to skip; its writes are serialised
 * instead (an IMMEDIATE transaction, here the group commit's), so one UPDATE … RETURNING that
 * picks and marks the rows is the equivalent of FOR UPDATE SKIP LOCKED: a second process on
 * the same file runs its claim after the first committed and sees those rows taken.
 */
export class SqliteGradingQueue implements IGradingQueueStore {
  private readonly claim: Database.Statement<[string, number, number, number], IClaimedRow>;
  private readonly renew: Database.Statement<[number, string, string]>;
  private readonly count: Database.Statement<[], { n: number }>;

  constructor(
    db: Database.Database,
    private readonly commits: GroupCommitter
  ) {
    this.claim = db.prepare(
      `update submissions set claimed_by = ?, claim_until = ?
       where id in (select id from submissions
                    where status = 'pending' and (claim_until is null or claim_until < ?)
                    order by submitted_at limit ?)
       returning id, user, course, assessment, attempt, answers, submitted_at, late, late_factor`
    );
    this.renew = db.prepare(`update submissions set claim_until = ? where id = ? and claimed_by = ? and status = 'pending'`);
    this.count = db.prepare(`select count(*) as n from submissions where status = 'pending'`);
  }

  claimPending(claim: IGradingClaim, now: number, limit: number): Promise<ISubmissionRecord[]> {
    return this.commits.run(() =>
      this.claim
        .all(claim.owner, claim.until, now, limit)
        .sort((a, b) => a.submitted_at - b.submitted_at)
        .map((r) => ({
          id: r.id,
          user: r.user,
          course: r.course,
          assessment: r.assessment,
          attempt: r.attempt,
          status: 'pending' as const,
          answers: JSON.parse(r.answers) as Record<string, unknown>,
          submittedAt: r.submitted_at,
          gradedAt: null,
          late: r.late === 1,
          lateFactor: r.late_factor,
          score: null,
          passed: null,
          error: null,
          items: []
        }))
    );
  }

  renewClaims(claim: IGradingClaim, ids: readonly string[]): Promise<void> {
    return this.commits.run(() => {
      for (const id of ids) this.renew.run(claim.until, id, claim.owner);
    });
  }

  async pendingCount(): Promise<number> {
    return this.count.get()?.n ?? 0;
  }
}
