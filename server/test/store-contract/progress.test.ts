import { expect, it } from 'vitest';
import { describeStores, LEARNER } from './backends.js';

describeStores('progress, roster and audit', (fx) => {
  it('derives lesson state from events; opening a completed lesson never demotes it', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l1', kind: 'opened', at: 10, data: { cell: 3 } });
    expect(await store.lessonProgress('ann', 'demo')).toEqual([{ lesson: 'l1', status: 'in_progress', updatedAt: 10 }]);
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l1', kind: 'assessment_passed', at: 20 });
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l1', kind: 'opened', at: 30 });
    expect(await store.lessonProgress('ann', 'demo')).toEqual([{ lesson: 'l1', status: 'completed', updatedAt: 30 }]);
    expect(await store.lessonProgress('ann', 'other')).toEqual([]);
  });

  it('gives a learner’s progress events in one course, oldest first', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    await store.upsertUser('bob', LEARNER, 1);
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l2', kind: 'opened', at: 86_400_000 * 3 });
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l1', kind: 'opened', at: 10 });
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l1', kind: 'assessment_passed', at: 20 });
    await store.recordProgress({ user: 'ann', course: 'other', lesson: 'x', kind: 'opened', at: 15 });
    await store.recordProgress({ user: 'bob', course: 'demo', lesson: 'l1', kind: 'opened', at: 12 });
    expect(await store.activity('ann', 'demo')).toEqual([
      { lesson: 'l1', kind: 'opened', at: 10 },
      { lesson: 'l1', kind: 'assessment_passed', at: 20 },
      { lesson: 'l2', kind: 'opened', at: 86_400_000 * 3 }
    ]);
    expect(await store.activity('ann', 'nowhere')).toEqual([]);
  });

  it('lists the roster by name with each learner’s lessons, enrolled at first activity', async () => {
    const { store } = fx();
    for (const u of ['zoe', 'Ann', 'bob']) await store.upsertUser(u, LEARNER, 1);
    await store.recordProgress({ user: 'zoe', course: 'demo', lesson: 'l1', kind: 'opened', at: 5 });
    await store.recordProgress({ user: 'zoe', course: 'demo', lesson: 'l2', kind: 'opened', at: 6 });
    await store.recordProgress({ user: 'bob', course: 'demo', lesson: 'l1', kind: 'opened', at: 7 });
    await store.recordProgress({ user: 'Ann', course: 'demo', lesson: 'l1', kind: 'assessment_passed', at: 8 });
    await store.recordProgress({ user: 'bob', course: 'other', lesson: 'x', kind: 'opened', at: 9 });
    const roster = await store.roster('demo');
    // Code-point order on both backends (uppercase first), whatever the database's collation.
    expect(roster.map((r) => [r.user, r.enrolledAt])).toEqual([['Ann', 8], ['bob', 7], ['zoe', 5]]);
    expect(roster[2]!.lessons.map((l) => l.lesson).sort()).toEqual(['l1', 'l2']);
    expect(await store.roster('nobody')).toEqual([]);
  });

  it('reads the audit log newest first, limited and from a time on', async () => {
    const { store } = fx();
    await store.upsertUser('ann', LEARNER, 1);
    for (let i = 0; i < 5; i++) {
      await store.setOverride({ user: 'ann', course: 'demo', assessment: `a${i}`, extraAttempts: i, deadline: null, excusedItems: [], grantedBy: 'prof', grantedAt: 100 + i });
    }
    const newest = await store.audit({ limit: 2 });
    expect(newest.map((e) => e.target)).toEqual(['demo/a4/ann', 'demo/a3/ann']);
    expect(newest[0]).toMatchObject({ at: 104, actor: 'prof', action: 'override.set', data: { extraAttempts: 4, deadline: null, excusedItems: [] } });
    expect(newest[0]!.id).toBeGreaterThan(newest[1]!.id);
    expect((await store.audit({ since: 103, limit: 10 })).map((e) => e.at)).toEqual([104, 103]);
  });
});
