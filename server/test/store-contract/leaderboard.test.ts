import { expect, it } from 'vitest';
import { describeStores, LEARNER } from './backends.js';

describeStores('leaderboard', (fx) => {
  it('keeps one entry per learner and course, pseudonyms unique per course without case, renames and leaves', async () => {
    const { store } = fx();
    for (const u of ['ann', 'bob']) await store.upsertUser(u, LEARNER, 1);
    expect(await store.leaderboard.join({ user: 'ann', course: 'demo', pseudonym: 'Quiet Otter', joinedAt: 10 })).toBe('joined');
    expect(await store.leaderboard.join({ user: 'bob', course: 'demo', pseudonym: 'quiet OTTER', joinedAt: 11 })).toBe('taken');
    expect(await store.leaderboard.join({ user: 'bob', course: 'other', pseudonym: 'Quiet Otter', joinedAt: 12 })).toBe('joined');
    expect(await store.leaderboard.join({ user: 'bob', course: 'demo', pseudonym: 'Bright Fox', joinedAt: 13 })).toBe('joined');
    // Renaming keeps the place in the order of joining.
    expect(await store.leaderboard.join({ user: 'ann', course: 'demo', pseudonym: 'quiet otter', joinedAt: 20 })).toBe('joined');
    expect(await store.leaderboard.entries('demo')).toEqual([
      { user: 'ann', course: 'demo', pseudonym: 'quiet otter', joinedAt: 10 },
      { user: 'bob', course: 'demo', pseudonym: 'Bright Fox', joinedAt: 13 }
    ]);
    await store.leaderboard.leave('ann', 'demo');
    await store.leaderboard.leave('ann', 'demo');
    expect((await store.leaderboard.entries('demo')).map((e) => e.user)).toEqual(['bob']);
    expect(await store.leaderboard.join({ user: 'bob', course: 'demo', pseudonym: 'Quiet Otter', joinedAt: 30 })).toBe('joined');
  });

  it('lets two learners race for one pseudonym: exactly one gets it', async () => {
    const { store } = fx();
    const users = Array.from({ length: 8 }, (_, i) => `racer-${i}`);
    for (const u of users) await store.upsertUser(u, LEARNER, 1);
    const outcomes = await Promise.all(users.map((user, i) => store.leaderboard.join({ user, course: 'demo', pseudonym: 'Fast One', joinedAt: i })));
    expect(outcomes.filter((o) => o === 'joined')).toHaveLength(1);
    expect(await store.leaderboard.entries('demo')).toHaveLength(1);
  });

  it('remembers the instructors’ switch per course, with an audit entry each time', async () => {
    const { store } = fx();
    expect(await store.leaderboard.disabled('demo')).toBe(false);
    await store.leaderboard.setDisabled('demo', true, 'prof', 100);
    expect(await store.leaderboard.disabled('demo')).toBe(true);
    expect(await store.leaderboard.disabled('other')).toBe(false);
    await store.leaderboard.setDisabled('demo', false, 'prof', 200);
    expect(await store.leaderboard.disabled('demo')).toBe(false);
    const audit = await store.audit({ limit: 5 });
    expect(audit.slice(0, 2).map((a) => [a.action, a.target, a.actor, a.at])).toEqual([
      ['leaderboard.enabled', 'demo', 'prof', 200],
      ['leaderboard.disabled', 'demo', 'prof', 100]
    ]);
  });
});
