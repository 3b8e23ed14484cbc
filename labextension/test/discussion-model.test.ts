import { Signal } from '@lumino/signaling';
import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscussionThread, LiveEvent } from '@voxel-academy/protocol';
import type { DiscussionApi } from '../src/discussion/api';
import { DiscussionModel, type IDiscussionPlace } from '../src/discussion/model';
import { LiveEvents } from '../src/live';
import type { IAcademyClient, ILiveEvents } from '../src/tokens';

const author = { label: 'ann', user: 'ann', anonymous: false, staff: false, you: true };
const thread = (id: string, lessonId = 'l1'): DiscussionThread => ({
  id,
  courseId: 'demo',
  lessonId,
  assessmentId: null,
  itemId: null,
  title: `Question ${id}`,
  author,
  createdAt: '2026-12-01T00:00:00.000Z',
  lastActivityAt: '2026-12-01T00:00:00.000Z',
  replies: 0,
  votes: 0,
  resolved: false,
  locked: false,
  endorsed: false,
  staffOnly: false,
  unread: 0,
  posts: []
});
const at = (lessonId: string, itemId: string | null = null): IDiscussionPlace => ({
  courseId: 'demo',
  place: { lessonId, assessmentId: itemId ? 'quiz' : null, itemId },
  title: lessonId,
  itemLabel: itemId
});
const changed = (lessonId: string, threadId: string): LiveEvent => ({ type: 'discussion.changed', at: 0, courseId: 'demo', lessonId, threadId, postId: null, change: 'post' });
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function fakes(): { live: ILiveEvents & { emit(e: LiveEvent): void; watching: string[] }; api: DiscussionApi; calls: string[] } {
  const received = new Signal<ILiveEvents, LiveEvent>({} as ILiveEvents);
  const watching: string[] = [];
  const calls: string[] = [];
  const live = {
    received,
    watching,
    connect: () => undefined,
    watchDiscussion: (course: string, lesson: string) => {
      watching.push(`${course}/${lesson}`);
      return () => void watching.splice(watching.indexOf(`${course}/${lesson}`), 1);
    },
    emit: (e: LiveEvent) => received.emit(e)
  };
  const api = {
    threads: async (_c: string, place: { lessonId: string; itemId: string | null }) => (calls.push(`list:${place.lessonId}:${place.itemId ?? ''}`), { courseId: 'demo', threads: [thread('t1', place.lessonId)] }),
    thread: async (id: string) => {
      calls.push(`thread:${id}`);
      if (id === 'gone') throw new Error('This thread is not there (or not yours to read).');
      return thread(id);
    }
  } as unknown as DiscussionApi;
  return { live, api, calls };
}

describe('DiscussionModel', () => {
  it('watches the lesson once across its items, moves the watch with the lesson and drops it on dispose', async () => {
    const { live, api } = fakes();
    const model = new DiscussionModel(api, live);
    await model.show(at('l1'));
    await model.show(at('l1', 'q1'));
    expect(live.watching).toEqual(['demo/l1']);
    expect(model.state.at?.place.itemId).toBe('q1');
    await model.show(at('l2'));
    expect(live.watching).toEqual(['demo/l2']);
    model.dispose();
    expect(live.watching).toEqual([]);
  });

  it('reads the list and the open thread again on a change in its lesson only, counting live updates', async () => {
    const { live, api, calls } = fakes();
    const read: string[] = [];
    const model = new DiscussionModel(api, live, (course) => read.push(course));
    await model.show(at('l1'), 't1');
    await settle();
    expect(model.state.open?.id).toBe('t1');
    calls.length = 0;
    live.emit(changed('l2', 't9'));
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toEqual([]);
    // A burst of changes is read once, after a short delay.
    live.emit(changed('l1', 't1'));
    live.emit(changed('l1', 't2'));
    live.emit(changed('l1', 't1'));
    expect(calls).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(calls.sort()).toEqual(['list:l1:', 'thread:t1']);
    expect(model.state.liveUpdates).toBe(3);
    expect(read.length).toBeGreaterThan(0);
  });

  it('spaces its reads out while the lesson stays busy, and is quick again once it is quiet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    // The longest of the random spreads, so the test does not depend on chance.
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    try {
      const { live, api, calls } = fakes();
      const model = new DiscussionModel(api, live);
      await model.show(at('l1'));
      await vi.advanceTimersByTimeAsync(10);
      calls.length = 0;
      live.emit(changed('l1', 't2'));
      await vi.advanceTimersByTimeAsync(260);
      expect(calls).toEqual(['list:l1:']);
      // Busy: a change 10 ms after that read is read 3 s after it plus up to 3 s more (here 2,997 ms).
      live.emit(changed('l1', 't3'));
      await vi.advanceTimersByTimeAsync(5900);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(200);
      expect(calls).toEqual(['list:l1:', 'list:l1:']);
      // Quiet for longer than 3 s since that read: the next change is read within 250 ms again.
      await vi.advanceTimersByTimeAsync(3100);
      live.emit(changed('l1', 't4'));
      await vi.advanceTimersByTimeAsync(260);
      expect(calls).toHaveLength(3);
      model.dispose();
    } finally {
      vi.restoreAllMocks();
      vi.useRealTimers();
    }
  });

  it('shows the server’s reason when a thread cannot be read, and keeps the list', async () => {
    const { live, api } = fakes();
    const model = new DiscussionModel(api, live);
    await model.show(at('l1'));
    await model.openThread('gone');
    expect(model.state.open).toBeNull();
    expect(model.state.error).toBe('This thread is not there (or not yours to read).');
    expect(model.state.threads?.map((t) => t.id)).toEqual(['t1']);
    expect(model.state.busy).toBe(false);
  });
});

describe('LiveEvents.watchDiscussion', () => {
  const globals = globalThis as unknown as { WebSocket?: unknown; window?: unknown };
  const saved = { WebSocket: globals.WebSocket, window: globals.window };
  let server: Server | null = null;
  afterEach(() => {
    server?.stop();
    server = null;
    globals.WebSocket = saved.WebSocket;
    globals.window = saved.window;
  });

  it('sends each watch once, again after a reconnect, and unwatches when the last view leaves', async () => {
    globals.WebSocket = MockWebSocket;
    globals.window = { location: { href: 'http://lab.test/user/ann/lab' } };
    const url = 'ws://lab.test/services/academy/api/events';
    const received: string[] = [];
    let sockets = 0;
    server = new Server(url);
    server.on('connection', (socket) => {
      sockets++;
      socket.on('message', (m) => received.push(String(m)));
    });
    const client = { serviceUrl: '/services/academy/', serviceChanged: new Signal<IAcademyClient, string | null>({} as IAcademyClient) } as unknown as IAcademyClient;
    const live = new LiveEvents(client);
    const first = live.watchDiscussion('demo', 'l1');
    const second = live.watchDiscussion('demo', 'l1');
    await new Promise((r) => setTimeout(r, 50));
    expect(received.map((m) => JSON.parse(m) as unknown)).toEqual([{ type: 'discussion.watch', courseId: 'demo', lessonId: 'l1' }]);
    // The server drops the socket: the watch is sent again on the new one.
    received.length = 0;
    server.clients()[0]?.close();
    await new Promise((r) => setTimeout(r, 1200));
    expect(sockets).toBe(2);
    expect(received.map((m) => JSON.parse(m) as unknown)).toEqual([{ type: 'discussion.watch', courseId: 'demo', lessonId: 'l1' }]);
    received.length = 0;
    first();
    first();
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([]);
    second();
    await new Promise((r) => setTimeout(r, 50));
    expect(received.map((m) => JSON.parse(m) as unknown)).toEqual([{ type: 'discussion.unwatch', courseId: 'demo', lessonId: 'l1' }]);
    live.dispose();
  });
});
