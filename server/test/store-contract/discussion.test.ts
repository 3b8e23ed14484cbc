import { expect, it } from 'vitest';
import type { IModerationRow } from '../../src/store/aggregates/discussion.js';
import { describeStores } from './backends.js';

const thread = (id: string, lesson = 'l1', at = 100) => ({ id, course: 'demo', lesson, assessment: null, item: null, title: `Question ${id}`, author: 'ann', anonymous: false, createdAt: at });
const post = (id: string, threadId: string, author: string, at: number, body = `post ${id}`) => ({ id, threadId, author, anonymous: false, body, mentions: [], createdAt: at });
const moderation = (action: IModerationRow['action'], threadId: string, postId: string | null, at: number): IModerationRow => ({ course: 'demo', at, actor: 'prof', action, threadId, postId, note: '' });

describeStores('discussion', (fx) => {
  it('keeps a thread with its question, replies in order, and tallies that skip deleted and hidden replies', async () => {
    const { store } = fx();
    const d = store.discussion;
    await d.createThread(thread('t1'), post('q1', 't1', 'ann', 100));
    await d.addPost(post('p1', 't1', 'bob', 110));
    await d.addPost(post('p2', 't1', 'cat', 120));
    await d.addPost(post('p3', 't1', 'bob', 130));
    await d.createThread(thread('t2', 'l2', 105), post('q2', 't2', 'ann', 105));

    expect((await d.posts('t1')).map((p) => [p.id, p.isQuestion])).toEqual([['q1', true], ['p1', false], ['p2', false], ['p3', false]]);
    let t1 = await d.thread('t1');
    expect(t1).toMatchObject({ lastActivityAt: 130, replies: 3, votes: 0, endorsed: false, resolved: false, locked: false });

    await d.deletePost('p2', 140);
    await d.setHidden('p3', true, 'spoiler', moderation('hide', 't1', 'p3', 150));
    t1 = await d.thread('t1');
    expect(t1?.replies).toBe(1);
    const deleted = await d.post('p2');
    expect(deleted).toMatchObject({ body: '', deletedAt: 140 });
    expect(await d.post('p3')).toMatchObject({ hidden: true, hiddenReason: 'spoiler', body: 'post p3' });

    // Newest activity first; filters by lesson.
    expect((await d.threads('demo', {})).map((t) => t.id)).toEqual(['t1', 't2']);
    expect((await d.threads('demo', { lesson: 'l2' })).map((t) => t.id)).toEqual(['t2']);
    expect(await d.threads('other', {})).toEqual([]);
    expect(await d.thread('missing')).toBeNull();
  });

  it('counts a vote once per voter and takes it back; endorsement shows on the thread', async () => {
    const { store } = fx();
    const d = store.discussion;
    await d.createThread(thread('t1'), post('q1', 't1', 'ann', 100));
    await d.addPost(post('p1', 't1', 'bob', 110));
    await d.setVote('q1', 'bob', true);
    await d.setVote('q1', 'bob', true);
    await d.setVote('q1', 'cat', true);
    await d.setVote('p1', 'ann', true);
    expect((await d.thread('t1'))?.votes).toBe(2);
    expect([...(await d.votedBy('t1', 'bob'))]).toEqual(['q1']);
    await d.setVote('q1', 'bob', false);
    await d.setVote('q1', 'bob', false);
    expect((await d.thread('t1'))?.votes).toBe(1);
    expect((await d.post('p1'))?.votes).toBe(1);

    await d.setEndorsed('p1', true, moderation('endorse', 't1', 'p1', 120));
    expect((await d.thread('t1'))?.endorsed).toBe(true);
  });

  it('counts unread posts by others after the read mark, per thread', async () => {
    const { store } = fx();
    const d = store.discussion;
    await d.createThread(thread('t1'), post('q1', 't1', 'ann', 100));
    await d.addPost(post('p1', 't1', 'bob', 110));
    await d.addPost(post('p2', 't1', 'ann', 120));
    expect(Object.fromEntries(await d.unread('demo', 'ann'))).toEqual({ t1: 1 });
    expect(Object.fromEntries(await d.unread('demo', 'cat'))).toEqual({ t1: 3 });
    await d.markRead('t1', 'cat', 115);
    expect(Object.fromEntries(await d.unread('demo', 'cat'))).toEqual({ t1: 1 });
    // A read mark never moves back.
    await d.markRead('t1', 'cat', 125);
    await d.markRead('t1', 'cat', 50);
    expect(Object.fromEntries(await d.unread('demo', 'cat'))).toEqual({});
  });

  it('takes one report per post and reporter, closes every open report of a post at once, and logs moderation with audit', async () => {
    const { store } = fx();
    const d = store.discussion;
    await d.createThread(thread('t1'), post('q1', 't1', 'ann', 100));
    await d.addPost(post('p1', 't1', 'bob', 110));
    const report = (id: string, reporter: string, at: number) => ({ id, course: 'demo', threadId: 't1', postId: 'p1', reporter, reason: 'rude', at });
    expect(await d.report(report('r1', 'ann', 200))).toBe('reported');
    expect(await d.report(report('r2', 'ann', 201))).toBe('already');
    expect(await d.report(report('r3', 'cat', 202))).toBe('reported');
    expect((await d.reports('demo', 10)).map((r) => [r.id, r.state])).toEqual([['r3', 'open'], ['r1', 'open']]);

    await d.resolveReports('p1', 'actioned', 'prof', 300, moderation('hide', 't1', 'p1', 300));
    expect(await d.reportById('r1')).toMatchObject({ state: 'actioned', resolvedBy: 'prof', resolvedAt: 300 });
    expect(await d.reportById('r3')).toMatchObject({ state: 'actioned' });

    await d.setThreadState('t1', { locked: true }, 310, moderation('lock', 't1', null, 310));
    expect((await d.thread('t1'))?.locked).toBe(true);
    expect((await d.moderationLog('demo', 10)).map((m) => m.action)).toEqual(['lock', 'hide']);
    const audit = await store.audit({ limit: 5 });
    expect(audit.slice(0, 2).map((a) => [a.action, a.actor, a.at])).toEqual([
      ['discussion.lock', 'prof', 310],
      ['discussion.hide', 'prof', 300]
    ]);
  });

  it('keeps item settings per course, assessment and item, and counts what a user wrote since a time', async () => {
    const { store } = fx();
    const d = store.discussion;
    const row = { course: 'demo', assessment: 'quiz', item: 'q1', staffOnlyUntilDeadline: true, updatedBy: 'prof', updatedAt: 10 };
    // No row is open to all: opening it writes and logs nothing.
    expect(await d.setItemSetting({ ...row, staffOnlyUntilDeadline: false, updatedAt: 5 }, moderation('open-to-all', '-', null, 5))).toBe(false);
    expect(await d.itemSettings('demo')).toEqual([]);
    expect(await d.setItemSetting(row, moderation('staff-only', '-', null, 10))).toBe(true);
    // The same setting again (a second click): nothing written, nothing logged.
    expect(await d.setItemSetting({ ...row, updatedBy: 'ta', updatedAt: 15 }, moderation('staff-only', '-', null, 15))).toBe(false);
    expect(await d.itemSettings('demo')).toEqual([row]);
    expect(await d.setItemSetting({ ...row, staffOnlyUntilDeadline: false, updatedAt: 20 }, moderation('open-to-all', '-', null, 20))).toBe(true);
    expect(await d.setItemSetting({ ...row, staffOnlyUntilDeadline: false, updatedAt: 25 }, moderation('open-to-all', '-', null, 25))).toBe(false);
    expect(await d.itemSettings('demo')).toEqual([{ ...row, staffOnlyUntilDeadline: false, updatedAt: 20 }]);
    expect((await d.moderationLog('demo', 10)).map((m) => [m.action, m.at])).toEqual([
      ['open-to-all', 20],
      ['staff-only', 10]
    ]);
    // Closed again after being opened: a change.
    expect(await d.setItemSetting({ ...row, updatedAt: 30 }, moderation('staff-only', '-', null, 30))).toBe(true);
    expect(await d.itemSettings('demo')).toEqual([{ ...row, updatedAt: 30 }]);

    await d.createThread(thread('t1'), post('q1', 't1', 'ann', 100));
    await d.addPost(post('p1', 't1', 'ann', 110));
    await d.addPost(post('p2', 't1', 'bob', 120));
    expect(await d.postsSince('demo', 'ann', 0)).toEqual({ threads: 1, posts: 2, reports: 0 });
    expect(await d.postsSince('demo', 'ann', 105)).toEqual({ threads: 0, posts: 1, reports: 0 });
    expect(await d.postsSince('other', 'ann', 0)).toEqual({ threads: 0, posts: 0, reports: 0 });
    await d.report({ id: 'r1', course: 'demo', threadId: 't1', postId: 'p2', reporter: 'ann', reason: 'spam', at: 130 });
    expect((await d.postsSince('demo', 'ann', 0)).reports).toBe(1);
    expect((await d.postsSince('demo', 'ann', 130)).reports).toBe(0);
  });

  it('tells which authors the hub reported as staff', async () => {
    const { store } = fx();
    await store.upsertUser('ann', ['learner'], 1);
    await store.upsertUser('prof', ['instructor'], 1);
    await store.upsertUser('root', ['admin'], 1);
    expect([...(await store.discussion.staffAmong(['ann', 'prof', 'root', 'ghost']))].sort()).toEqual(['prof', 'root']);
    expect(await store.discussion.staffAmong([])).toEqual(new Set());
  });

  it('tells which users are enrolled in a course, without reading its roster', async () => {
    const { store } = fx();
    for (const u of ['ann', 'bob', 'cy']) await store.upsertUser(u, ['learner'], 1);
    await store.recordProgress({ user: 'ann', course: 'demo', lesson: 'l1', kind: 'opened', at: 10 });
    await store.recordProgress({ user: 'bob', course: 'other', lesson: 'l1', kind: 'opened', at: 10 });
    expect([...(await store.discussion.membersAmong('demo', ['ann', 'bob', 'cy', 'ghost']))]).toEqual(['ann']);
    expect(await store.discussion.membersAmong('demo', [])).toEqual(new Set());
  });
});
