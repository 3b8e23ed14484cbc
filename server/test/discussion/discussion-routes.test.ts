import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DiscussionCounts, DiscussionPost, DiscussionThread, DiscussionThreadList, ItemDiscussionSettings, ModerationQueue, type LiveEvent } from '@voxel-academy/protocol';
import { useDemoApp } from '../support/demo.js';
import type { Browser } from '../support/http.js';
import { loginAs } from '../support/session.js';

const API = '/services/academy/api';
const THREADS = `${API}/courses/demo/discussions`;
const ask = (b: Browser, body: Record<string, unknown>): Promise<Response> => b.post(THREADS, body);
const question = (over: Record<string, unknown> = {}) => ({ place: { lessonId: 'lesson-one' }, title: 'Why is water 0 HU?', body: 'Is it defined that way?', ...over });

async function json<T>(res: Response, schema: { parse(v: unknown): T }, status = 200): Promise<T> {
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(status);
  return schema.parse(JSON.parse(text));
}

/** Opens the live socket, watches a lesson (lesson-one unless told), and collects what arrives. */
async function socketOf(base: string, b: Browser, lessonId = 'lesson-one'): Promise<{ events: LiveEvent[]; ws: WebSocket; next(type: string): Promise<LiveEvent> }> {
  const ws = new WebSocket(base.replace('http', 'ws') + `${API}/events`, { headers: { cookie: b.cookieHeader(), origin: base } });
  const events: LiveEvent[] = [];
  // An event may arrive before the HTTP answer that caused it: keep what nobody asked for yet.
  const unclaimed: LiveEvent[] = [];
  const waiting: Array<{ type: string; resolve: (e: LiveEvent) => void }> = [];
  ws.on('message', (data) => {
    const event = JSON.parse(String(data)) as LiveEvent;
    events.push(event);
    const w = waiting.find((x) => x.type === event.type);
    if (!w) return void unclaimed.push(event);
    waiting.splice(waiting.indexOf(w), 1);
    w.resolve(event);
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'discussion.watch', courseId: 'demo', lessonId }));
  return {
    events,
    ws,
    next: (type) => {
      const early = unclaimed.findIndex((e) => e.type === type);
      if (early >= 0) return Promise.resolve(unclaimed.splice(early, 1)[0]!);
      return new Promise((resolve) => waiting.push({ type, resolve }));
    }
  };
}

describe('discussion per lesson and item', () => {
  const demo = useDemoApp({ ACADEMY_DISCUSSION_POSTS_PER_HOUR: '6', ACADEMY_DISCUSSION_REPORTS_PER_HOUR: '5' });

  it('asks, answers, votes, endorses and resolves, with live notifications and anonymity to peers', async () => {
    const { app, hub } = demo;
    const ada = await loginAs(app.base, hub, { name: 'ada' });
    const bob = await loginAs(app.base, hub, { name: 'bob' });
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const adaLive = await socketOf(app.base, ada);
    const watcher = await socketOf(app.base, bob);
    // The watch message is handled before the first change arrives (same socket, in order).
    await new Promise((r) => setTimeout(r, 50));

    const thread = await json(await ask(ada, question({ anonymous: true, place: { lessonId: 'lesson-one', assessmentId: 'quiz', itemId: 'water' } })), DiscussionThread, 201);
    expect(thread).toMatchObject({ lessonId: 'lesson-one', assessmentId: 'quiz', itemId: 'water', replies: 0, resolved: false, staffOnly: false });
    expect(thread.author).toMatchObject({ you: true, user: 'ada', anonymous: true });
    const changed = await watcher.next('discussion.changed');
    expect(changed).toMatchObject({ courseId: 'demo', lessonId: 'lesson-one', threadId: thread.id, change: 'thread' });

    // Bob sees an anonymous asker; staff see who asked.
    const asBob = await json(await bob.get(`${API}/discussions/${thread.id}`), DiscussionThread);
    expect(asBob.author).toEqual({ label: 'Anonymous learner', user: null, anonymous: true, staff: false, you: false });
    expect(JSON.stringify(asBob)).not.toContain('"ada"');
    expect((await json(await teach.get(`${API}/discussions/${thread.id}`), DiscussionThread)).author.user).toBe('ada');

    // Bob answers, mentioning the instructor; ada is told of the reply, teach of the mention.
    const notified = adaLive.next('discussion.notify');
    const reply = await json(await bob.post(`${API}/discussions/${thread.id}/posts`, { body: 'Water is the reference: **0 HU** by definition. cc @teach `@nobody`' }), DiscussionPost, 201);
    expect(reply.mentions).toEqual(['teach']);
    expect(await notified).toMatchObject({ kind: 'reply', from: 'bob', threadId: thread.id, postId: reply.id, title: 'Why is water 0 HU?' });

    // Votes count once and never for oneself; learners cannot endorse, hide or lock.
    expect((await json(await ada.post(`${API}/discussion-posts/${reply.id}/vote`, { up: true }, {}, 'PUT'), DiscussionPost)).votes).toBe(1);
    expect((await json(await ada.post(`${API}/discussion-posts/${reply.id}/vote`, { up: true }, {}, 'PUT'), DiscussionPost)).votes).toBe(1);
    expect((await bob.post(`${API}/discussion-posts/${reply.id}/vote`, { up: true }, {}, 'PUT')).status).toBe(403);
    expect((await bob.post(`${API}/discussion-posts/${reply.id}/endorsement`, { endorsed: true }, {}, 'PUT')).status).toBe(403);
    expect((await ada.post(`${API}/discussion-posts/${reply.id}/hidden`, { hidden: true }, {}, 'PUT')).status).toBe(403);
    expect((await ada.post(`${API}/discussions/${thread.id}/state`, { locked: true }, {}, 'PUT')).status).toBe(403);

    // The instructor endorses: bob is told live... and ada (the asker) resolves.
    const endorsedEvent = watcher.next('discussion.notify');
    const endorsed = await json(await teach.post(`${API}/discussion-posts/${reply.id}/endorsement`, { endorsed: true }, {}, 'PUT'), DiscussionPost);
    expect(endorsed.endorsed).toBe(true);
    expect(await endorsedEvent).toMatchObject({ kind: 'endorsed', from: 'teach', postId: reply.id });
    const resolved = await json(await ada.post(`${API}/discussions/${thread.id}/state`, { resolved: true }, {}, 'PUT'), DiscussionThread);
    expect(resolved).toMatchObject({ resolved: true, endorsed: true, replies: 1 });
    expect((await bob.post(`${API}/discussions/${thread.id}/state`, { resolved: false }, {}, 'PUT')).status).toBe(403);

    // Unread: bob has read up to his reply; ada has read nothing since.
    const counts = await json(await ada.get(`${THREADS}/counts`), DiscussionCounts);
    expect(counts.lessons['lesson-one']).toEqual({ threads: 1, unresolved: 0, unread: 0 });
    const list = await json(await bob.get(`${THREADS}?lesson=lesson-one&assessment=quiz&item=water`), DiscussionThreadList);
    expect(list.threads.map((t) => t.id)).toEqual([thread.id]);
    expect((await json(await bob.get(`${THREADS}?lesson=lesson-two`), DiscussionThreadList)).threads).toEqual([]);
    adaLive.ws.close();
    watcher.ws.close();
  });

  it('ignores malformed socket messages and lessons that do not exist; a socket gets only the lessons it watches', async () => {
    const { app, hub } = demo;
    const hal = await loginAs(app.base, hub, { name: 'hal' });
    const live = await socketOf(app.base, hal);
    live.ws.send('not json');
    live.ws.send(JSON.stringify({ type: 'discussion.watch', courseId: 'demo', lessonId: 'no-such-lesson' }));
    live.ws.send(JSON.stringify({ type: 'discussion.watch', courseId: 'demo', lessonId: 'lesson-two', extra: true }));
    live.ws.send(JSON.stringify({ type: 'discussion.unwatch', courseId: 'demo', lessonId: 'lesson-one' }));
    live.ws.send(JSON.stringify({ type: 'discussion.watch', courseId: 'demo', lessonId: 'lesson-three' }));
    const changed = live.next('discussion.changed');
    await new Promise((r) => setTimeout(r, 50));
    const other = await loginAs(app.base, hub, { name: 'ivy' });
    await json(await ask(other, question({ title: 'In lesson one' })), DiscussionThread, 201);
    const three = await json(await ask(other, question({ title: 'In lesson three', place: { lessonId: 'lesson-three' } })), DiscussionThread, 201);
    // The first change this socket hears of is lesson three's: it left lesson one, the others were refused.
    expect(await changed).toMatchObject({ lessonId: 'lesson-three', threadId: three.id });
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    live.ws.close();
  });

  it('lets authors edit and delete their own posts only, and staff hide, lock and work the report queue', async () => {
    const { app, hub } = demo;
    const cat = await loginAs(app.base, hub, { name: 'cat' });
    const dan = await loginAs(app.base, hub, { name: 'dan' });
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const thread = await json(await ask(cat, question({ title: 'Registration question' })), DiscussionThread, 201);
    const reply = await json(await dan.post(`${API}/discussions/${thread.id}/posts`, { body: 'The answer is 42 (my variant).' }), DiscussionPost, 201);

    expect((await cat.post(`${API}/discussion-posts/${reply.id}`, { body: 'hijacked' }, {}, 'PUT')).status).toBe(403);
    expect((await cat.post(`${API}/discussion-posts/${reply.id}`, undefined, {}, 'DELETE')).status).toBe(403);
    expect((await json(await dan.post(`${API}/discussion-posts/${reply.id}`, { body: 'The answer is 41.' }, {}, 'PUT'), DiscussionPost)).editedAt).not.toBeNull();

    // A report reaches the queue (once per reporter); hiding through it closes it and is logged.
    expect((await json(await cat.post(`${API}/discussion-posts/${reply.id}/reports`, { reason: 'posts a key' }), { parse: (v: unknown) => v as { reported: boolean } }, 201)).reported).toBe(true);
    expect((await json(await cat.post(`${API}/discussion-posts/${reply.id}/reports`, { reason: 'again' }), { parse: (v: unknown) => v as { reported: boolean } }, 201)).reported).toBe(false);
    expect((await cat.get(`${API}/courses/demo/moderation`)).status).toBe(403);
    let queue = await json(await teach.get(`${API}/courses/demo/moderation`), ModerationQueue);
    const open = queue.reports.find((r) => r.post.id === reply.id);
    expect(open).toMatchObject({ state: 'open', reporter: 'cat', reason: 'posts a key' });
    queue = await json(await teach.post(`${API}/discussion-reports/${open!.id}/resolution`, { action: 'hide', note: 'answer key' }), ModerationQueue);
    expect(queue.reports.find((r) => r.id === open!.id)?.state).toBe('actioned');
    expect(queue.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['hide', 'dismiss-report']));

    // Learners (the author too) see the hidden post empty; staff see it and why.
    const asDan = await json(await dan.get(`${API}/discussions/${thread.id}`), DiscussionThread);
    expect(asDan.posts[1]).toMatchObject({ hidden: true, body: '', hiddenReason: null });
    const asTeach = await json(await teach.get(`${API}/discussions/${thread.id}`), DiscussionThread);
    expect(asTeach.posts[1]).toMatchObject({ hidden: true, body: 'The answer is 41.', hiddenReason: 'answer key' });

    // Locked: no replies, edits or votes.
    expect((await json(await teach.post(`${API}/discussions/${thread.id}/state`, { locked: true }, {}, 'PUT'), DiscussionThread)).locked).toBe(true);
    expect((await dan.post(`${API}/discussions/${thread.id}/posts`, { body: 'more' })).status).toBe(409);
    // Deleting one's own post still works, and leaves its place.
    expect((await json(await cat.post(`${API}/discussion-posts/${asDan.posts[0]!.id}`, undefined, {}, 'DELETE'), DiscussionPost)).deleted).toBe(true);
  });

  it('keeps staff-only item threads from other learners until the deadline', async () => {
    const { app, hub } = demo;
    const eve = await loginAs(app.base, hub, { name: 'eve' });
    const fay = await loginAs(app.base, hub, { name: 'fay' });
    const teach = await loginAs(app.base, hub, { name: 'teach', groups: ['instructors'] });
    const SETTING = `${API}/courses/demo/assessments/segmentation/items/mask/discussion`;
    expect((await eve.post(SETTING, { staffOnlyUntilDeadline: true }, {}, 'PUT')).status).toBe(403);
    expect((await teach.post(SETTING, { staffOnlyUntilDeadline: true }, {}, 'PUT')).status).toBe(200);
    const place = { lessonId: 'lesson-two', assessmentId: 'segmentation', itemId: 'mask' };
    const thread = await json(await ask(eve, question({ place, title: 'My Dice is 0.7, why?' })), DiscussionThread, 201);
    expect(thread.staffOnly).toBe(true);
    expect((await fay.get(`${API}/discussions/${thread.id}`)).status).toBe(404);
    expect((await fay.post(`${API}/discussions/${thread.id}/posts`, { body: 'me too' })).status).toBe(404);
    expect((await json(await fay.get(`${THREADS}?lesson=lesson-two`), DiscussionThreadList)).threads).toEqual([]);
    expect((await teach.get(`${API}/discussions/${thread.id}`)).status).toBe(200);
    // Live, only staff and the asker hear of it: ids alone would tell fay someone asked, and when.
    const [eveLive, fayLive, teachLive] = await Promise.all([socketOf(app.base, eve, 'lesson-two'), socketOf(app.base, fay, 'lesson-two'), socketOf(app.base, teach, 'lesson-two')]);
    await new Promise((r) => setTimeout(r, 50));
    const toEve = eveLive.next('discussion.changed');
    const toTeach = teachLive.next('discussion.changed');
    const reply = await json(await teach.post(`${API}/discussions/${thread.id}/posts`, { body: 'Check the spacing.' }), DiscussionPost, 201);
    expect(await toTeach).toMatchObject({ threadId: thread.id, postId: reply.id, change: 'post' });
    expect(await toEve).toMatchObject({ threadId: thread.id, postId: reply.id, change: 'post' });
    // A public thread after it reaches fay: had the staff-only change leaked, it would be there first.
    const toFay = fayLive.next('discussion.changed');
    const open = await json(await ask(fay, question({ place: { lessonId: 'lesson-two' }, title: 'Public' })), DiscussionThread, 201);
    expect(await toFay).toMatchObject({ threadId: open.id, change: 'thread' });
    expect(fayLive.events.filter((e) => e.type !== 'hello').map((e) => 'threadId' in e && e.threadId)).toEqual([open.id]);
    // Opening the item to all shows it, and tells every panel on the lesson to read its list
    // again: the item, never a thread id (fay learns no more than the list now shows her).
    const opened = fayLive.next('discussion.changed');
    expect((await teach.post(SETTING, { staffOnlyUntilDeadline: false }, {}, 'PUT')).status).toBe(200);
    expect(await opened).toMatchObject({ lessonId: 'lesson-two', threadId: 'segmentation/mask', postId: null, change: 'access' });
    expect((await fay.get(`${API}/discussions/${thread.id}`)).status).toBe(200);
    expect((await json(await fay.get(`${THREADS}?lesson=lesson-two`), DiscussionThreadList)).threads.map((t) => t.id)).toContain(thread.id);
    // The same setting again (a second click) changes no list: the same answer, but no event
    // sending every panel back to the server and no second entry in the moderation log. A
    // public question after it is the next event fay hears.
    const next = fayLive.next('discussion.changed');
    expect(await json(await teach.post(SETTING, { staffOnlyUntilDeadline: false }, {}, 'PUT'), ItemDiscussionSettings)).toEqual({ staffOnlyUntilDeadline: false });
    const later = await json(await ask(fay, question({ place: { lessonId: 'lesson-two' }, title: 'After the repeat' })), DiscussionThread, 201);
    expect(await next).toMatchObject({ threadId: later.id, change: 'thread' });
    const log = (await json(await teach.get(`${API}/courses/demo/moderation`), ModerationQueue)).actions.filter((a) => a.threadId === 'segmentation/mask');
    expect(log.map((a) => a.action)).toEqual(['open-to-all', 'staff-only']);
    for (const live of [eveLive, fayLive, teachLive]) live.ws.close();
  });

  it('refuses malformed bodies, unknown places and ids, and too many posts in an hour', async () => {
    const { app, hub } = demo;
    const gus = await loginAs(app.base, hub, { name: 'gus' });
    for (const bad of [{}, question({ title: '' }), question({ body: 'x'.repeat(20_001) }), question({ place: { lessonId: 'lesson-one', assessmentId: 'quiz' } }), question({ extra: 1 })]) {
      expect((await ask(gus, bad)).status, JSON.stringify(bad).slice(0, 80)).toBe(400);
    }
    expect((await ask(gus, question({ place: { lessonId: 'nope' } }))).status).toBe(404);
    expect((await ask(gus, question({ place: { lessonId: 'lesson-two', assessmentId: 'quiz', itemId: 'water' } }))).status).toBe(400);
    expect((await gus.post(`${API}/courses/nope/discussions`, question())).status).toBe(404);
    expect((await gus.get(`${API}/discussions/nope`)).status).toBe(404);
    expect((await gus.post(`${API}/discussion-posts/nope/vote`, { up: true }, {}, 'PUT')).status).toBe(404);
    expect((await gus.get(`${THREADS}?lesson=Bad%20Slug`)).status).toBe(400);

    const thread = await json(await ask(gus, question()), DiscussionThread, 201);
    // The limit is 6 posts an hour here (the question counted).
    for (let i = 0; i < 5; i++) expect((await gus.post(`${API}/discussions/${thread.id}/posts`, { body: `note ${i}` })).status).toBe(201);
    const limited = await gus.post(`${API}/discussions/${thread.id}/posts`, { body: 'one more' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(/at most 6 posts per hour/);
  });

  it('holds the hourly limits when the posts arrive at once: counted in the transaction that writes them', async () => {
    const { app, hub } = demo;
    const hal = await loginAs(app.base, hub, { name: 'hal' });
    const ida = await loginAs(app.base, hub, { name: 'ida' });
    const thread = await json(await ask(ida, question({ title: 'Concurrent replies' })), DiscussionThread, 201);
    // 6 posts and 5 reports an hour here: 12 replies at once store 6.
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => hal.post(`${API}/discussions/${thread.id}/posts`, { body: `reply ${i}` })));
    expect(replies.map((r) => r.status).sort()).toEqual([...Array(6).fill(201), ...Array(6).fill(429)]);
    const stored = await json(await ida.get(`${API}/discussions/${thread.id}`), DiscussionThread);
    expect(stored.posts.filter((p) => p.author.user === 'hal')).toHaveLength(6);
    // A new thread is a post too: none fits now, however many arrive together.
    const asks = await Promise.all(Array.from({ length: 4 }, (_, i) => ask(hal, question({ title: `More ${i}` }))));
    expect(asks.map((r) => r.status)).toEqual([429, 429, 429, 429]);
    // ida reports all six of hal's replies at once: five are taken.
    const reports = await Promise.all(stored.posts.filter((p) => p.author.user === 'hal').map((p) => ida.post(`${API}/discussion-posts/${p.id}/reports`, { reason: 'spam' })));
    expect(reports.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 429]);
  });
});
