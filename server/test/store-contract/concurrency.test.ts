import { expect, it } from 'vitest';
import type { ICertificateRow, IStore, ISubmissionRecord } from '../../src/store/types.js';
import { allowUpTo, describeStores, LEARNER, reserveInput } from './backends.js';

/**
 * Exactly-once rules under concurrency. Requests go through two stores on one database, as two
 * replicas (or a restarted process beside a running one) would send them, all in flight at once.
 */
describeStores('concurrency', (fx) => {
  async function twoReplicas(): Promise<[IStore, IStore]> {
    const { store } = fx();
    return [store, await fx().second()];
  }

  it('attempt limit: 24 concurrent submits of one learner create exactly 3 attempts', async () => {
    const replicas = await twoReplicas();
    await replicas[0].upsertUser('ann', LEARNER, 1);
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => replicas[i % 2]!.reserveAttempt(reserveInput('ann', `s${i}`, { now: 1_000 + i }), allowUpTo(3)))
    );
    const created = outcomes.filter((o) => o.kind === 'created');
    expect(created).toHaveLength(3);
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(21);
    const stored = await replicas[1].listSubmissions({ user: 'ann' });
    expect(stored.map((s) => s.attempt).sort()).toEqual([1, 2, 3]);
    expect(await replicas[0].attemptsUsed('ann', 'demo', 'quiz')).toBe(3);
  });

  it('an item setting: 8 concurrent identical PUTs and then 8 reverting ones each change it once, logged once', async () => {
    const replicas = await twoReplicas();
    const row = (staffOnly: boolean, at: number) => ({ course: 'demo', assessment: 'quiz', item: 'q1', staffOnlyUntilDeadline: staffOnly, updatedBy: 'prof', updatedAt: at });
    const log = (staffOnly: boolean, at: number) => ({ course: 'demo', at, actor: 'prof', action: staffOnly ? ('staff-only' as const) : ('open-to-all' as const), threadId: 'quiz/q1', postId: null, note: '' });
    for (const [staffOnly, from] of [[true, 100], [false, 200]] as const) {
      const changed = await Promise.all(Array.from({ length: 8 }, (_, i) => replicas[i % 2]!.discussion.setItemSetting(row(staffOnly, from + i), log(staffOnly, from + i))));
      expect(changed.filter(Boolean)).toHaveLength(1);
    }
    expect((await replicas[1].discussion.moderationLog('demo', 20)).map((m) => m.action)).toEqual(['open-to-all', 'staff-only']);
  });

  it('posting limits: 12 concurrent replies, threads and reports of one learner store what the quota allows, counted under the write', async () => {
    const replicas = await twoReplicas();
    const d = (i: number) => replicas[i % 2]!.discussion;
    const thread = (id: string, at: number, author = 'ann') => ({ id, course: 'demo', lesson: 'l1', assessment: null, item: null, title: 'Q', author, anonymous: false, createdAt: at });
    const post = (id: string, threadId: string, author: string, at: number) => ({ id, threadId, author, anonymous: false, body: 'b', mentions: [], createdAt: at });
    const quota = { since: 0, max: { threads: 2, posts: 6, reports: 3 } };
    await d(0).createThread(thread('t0', 10, 'bob'), post('q0', 't0', 'bob', 10));
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => d(i).addPost(post(`r${i}`, 't0', 'ann', 100 + i), quota)));
    expect(replies.filter((r) => r === null)).toHaveLength(6);
    expect(replies.filter((r) => r === 'posts')).toHaveLength(6);
    const stored = (await d(1).posts('t0')).filter((p) => p.author === 'ann').map((p) => p.id);
    expect(stored).toHaveLength(6);
    // Her posts are used up: no new thread fits (a question is a post), whatever arrives together.
    const threads = await Promise.all(Array.from({ length: 4 }, (_, i) => d(i).createThread(thread(`t${i + 1}`, 200 + i), post(`q${i + 1}`, `t${i + 1}`, 'ann', 200 + i), quota)));
    expect(threads).toEqual(['posts', 'posts', 'posts', 'posts']);
    // Bob asked t0: one more thread of five fits.
    const bobs = await Promise.all(Array.from({ length: 5 }, (_, i) => d(i).createThread(thread(`b${i}`, 300 + i, 'bob'), post(`bq${i}`, `b${i}`, 'bob', 300 + i), quota)));
    expect(bobs.filter((r) => r === null)).toHaveLength(1);
    expect(bobs.filter((r) => r === 'threads')).toHaveLength(4);
    const reports = await Promise.all(Array.from({ length: 6 }, (_, i) => d(i).report({ id: `rep${i}`, course: 'demo', threadId: 't0', postId: stored[i]!, reporter: 'bob', reason: 'spam', at: 400 + i }, quota)));
    expect(reports.filter((r) => r === 'reported')).toHaveLength(3);
    expect(reports.filter((r) => r === 'limited')).toHaveLength(3);
    expect((await d(0).postsSince('demo', 'bob', 0)).reports).toBe(3);
  });

  it('idempotent retries: 16 concurrent requests with one key store one submission', async () => {
    const replicas = await twoReplicas();
    await replicas[0].upsertUser('ann', LEARNER, 1);
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => replicas[i % 2]!.reserveAttempt(reserveInput('ann', `s${i}`, { idempotencyKey: 'retry-me' }), allowUpTo(100)))
    );
    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    const ids = new Set(outcomes.map((o) => (o.kind === 'refused' ? 'refused' : o.submission.id)));
    expect(ids.size).toBe(1);
    expect(await replicas[1].listSubmissions({ user: 'ann' })).toHaveLength(1);
  });

  it('graded-at-once submits keep the limit too, and complete the lesson exactly once', async () => {
    const replicas = await twoReplicas();
    await replicas[0].upsertUser('ann', LEARNER, 1);
    const grade = (s: ISubmissionRecord) => ({
      items: [{ itemId: 'q1', score: 1, points: 1, maxPoints: 1, feedback: '' }],
      score: 1,
      passed: true,
      gradedAt: s.submittedAt,
      progress: { user: 'ann', course: 'demo', lesson: 'l1', kind: 'assessment_passed' as const, at: s.submittedAt }
    });
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => replicas[i % 2]!.submitAndGrade(reserveInput('ann', `s${i}`, { assessment: i % 3 === 0 ? 'quiz' : 'exam' }), allowUpTo(2), grade))
    );
    const created = outcomes.flatMap((o) => (o.kind === 'created' ? [o] : []));
    expect(created).toHaveLength(4); // two per assessment
    expect(created.filter((o) => o.lessonCompleted)).toHaveLength(1);
    expect(await replicas[1].lessonProgress('ann', 'demo')).toMatchObject([{ lesson: 'l1', status: 'completed' }]);
  });

  it('a submission completed by two graders at once is graded once', async () => {
    const replicas = await twoReplicas();
    await replicas[0].upsertUser('ann', LEARNER, 1);
    const r = await replicas[0].reserveAttempt(reserveInput('ann', 's1'), allowUpTo(1));
    if (r.kind !== 'created') throw new Error('not created');
    const completions = await Promise.all(
      [0.2, 0.9, 0.5, 0.7].map((score, i) =>
        replicas[i % 2]!.completeGrading({
          submissionId: 's1', user: 'ann', course: 'demo', assessment: 'quiz', score, passed: score > 0.5, gradedAt: 5_000 + i,
          items: [{ itemId: 'q1', score, points: score, maxPoints: 1, feedback: String(score) }]
        })
      )
    );
    expect(completions.filter((c) => c.applied)).toHaveLength(1);
    const s = await replicas[1].getSubmission('s1');
    expect(s!.items).toHaveLength(1);
    expect(s!.items[0]!.score).toBe(s!.score);
  });

  it('one certificate per learner and track, whoever issues it', async () => {
    const replicas = await twoReplicas();
    await replicas[0].upsertUser('ann', LEARNER, 1);
    const row = (i: number): ICertificateRow => ({
      id: `cert-${i}`, user: 'ann', course: 'demo', track: 'core', title: 'Core', credential: { n: i }, jwt: `jwt-${i}`,
      issuedAt: 10 + i, revokedAt: null, revokedBy: null, revokedReason: null, statusIndex: null
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => replicas[i % 2]!.insertCertificate(row(i))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!.certificate;
    for (const r of results) expect(r.certificate).toEqual(winner);
    expect(await replicas[1].listCertificates('ann')).toEqual([winner]);
    expect((await replicas[0].audit({ limit: 50 })).filter((e) => e.action === 'certificate.issued')).toHaveLength(1);
  });

  it('status-list positions: 60 concurrent allocations are distinct and consecutive', async () => {
    const replicas = await twoReplicas();
    const indexes = await Promise.all(Array.from({ length: 60 }, (_, i) => replicas[i % 2]!.nextStatusIndex()));
    expect([...indexes].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(await replicas[1].statusListState()).toEqual({ allocated: 60, revoked: [] });
  });
});
