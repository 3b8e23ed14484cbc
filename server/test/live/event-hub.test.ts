import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { InProcessBus } from '../../src/live/event-bus.js';
import { EventHub } from '../../src/live/event-hub.js';
import { ReplicatedEvents } from '../../src/live/replicated-events.js';

/** The part of a ws socket the hub uses: state, send, and its close event. */
class Socket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: Array<Record<string, unknown>> = [];
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close(): void {
    this.readyState = 3;
    this.emit('close');
  }
}
const asWs = (s: Socket): WebSocket => s as unknown as WebSocket;
/** Topic events go out when the event-loop turn that published them ends. */
const turnEnds = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('topic fan-out (a lesson’s discussion) in the event hub', () => {
  it('sends a topic’s events only to the sockets watching it, until they unwatch or close', async () => {
    const hub = new EventHub();
    const [a, b, c] = [new Socket(), new Socket(), new Socket()];
    expect(hub.watch(asWs(a), 'discussion/demo/one', 8)).toBe(true);
    expect(hub.watch(asWs(b), 'discussion/demo/one', 8)).toBe(true);
    expect(hub.watch(asWs(c), 'discussion/demo/two', 8)).toBe(true);
    hub.publishTopic('discussion/demo/one', { type: 'discussion.changed', threadId: 't1' });
    await turnEnds();
    expect(a.sent.map((e) => e.threadId)).toEqual(['t1']);
    expect(b.sent).toHaveLength(1);
    expect(c.sent).toEqual([]);
    expect(typeof a.sent[0]?.at).toBe('number');

    hub.unwatch(asWs(a), 'discussion/demo/one');
    b.close();
    hub.publishTopic('discussion/demo/one', { type: 'discussion.changed', threadId: 't2' });
    await turnEnds();
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
  });

  it('lets one socket follow at most the given number of topics (watching one twice counts once)', async () => {
    const hub = new EventHub();
    const s = new Socket();
    for (let i = 0; i < 3; i++) expect(hub.watch(asWs(s), `t${i}`, 3)).toBe(true);
    expect(hub.watch(asWs(s), 't0', 3)).toBe(true);
    expect(hub.watch(asWs(s), 't3', 3)).toBe(false);
    hub.unwatch(asWs(s), 't1');
    expect(hub.watch(asWs(s), 't3', 3)).toBe(true);
    hub.publishTopic('t1', { type: 'x' });
    hub.publishTopic('t3', { type: 'y' });
    await turnEnds();
    expect(s.sent.map((e) => e.type)).toEqual(['y']);
  });

  it('reaches the watchers through the replicas’ bus (publishTopic on the service side)', async () => {
    const bus = new InProcessBus();
    const hub = new EventHub();
    const events = new ReplicatedEvents(bus, hub);
    const s = new Socket();
    hub.watch(asWs(s), 'discussion/demo/one', 8);
    events.publishTopic('discussion/demo/one', { type: 'discussion.changed', threadId: 't9' });
    events.publishTopic('discussion/demo/other', { type: 'discussion.changed', threadId: 'nope' });
    await turnEnds();
    expect(s.sent.map((e) => e.threadId)).toEqual(['t9']);
  });

  it('sends the events of one turn together at its end, in order, each stamped when published', async () => {
    const hub = new EventHub();
    const [a, b] = [new Socket(), new Socket()];
    hub.watch(asWs(a), 'busy', 8);
    hub.watch(asWs(b), 'quiet', 8);
    const before = Date.now();
    hub.publishTopic('busy', { type: 'x', n: 1 });
    hub.publishTopic('busy', { type: 'x', n: 2 });
    hub.publishTopic('quiet', { type: 'x', n: 9 });
    hub.publishTopic('busy', { type: 'x', n: 3 });
    // Nothing is written while the turn that published runs...
    expect([a.sent, b.sent]).toEqual([[], []]);
    await turnEnds();
    // ...then each topic's events, in the order published, to its own watchers only.
    expect(a.sent.map((e) => e.n)).toEqual([1, 2, 3]);
    expect(b.sent.map((e) => e.n)).toEqual([9]);
    for (const e of a.sent) expect(e.at).toBeGreaterThanOrEqual(before);
    // The next turn's event goes in its own write, as soon as that turn ends.
    hub.publishTopic('busy', { type: 'x', n: 4 });
    await turnEnds();
    expect(a.sent.map((e) => e.n)).toEqual([1, 2, 3, 4]);
  });

  it('sends a staff-only event at once, to the staff among the watchers only', async () => {
    const hub = new EventHub();
    const [learner, teacher] = [new Socket(), new Socket()];
    hub.add('fay', asWs(learner), ['learner']);
    hub.add('prof', asWs(teacher), ['instructor']);
    for (const s of [learner, teacher]) hub.watch(asWs(s), 'discussion/demo/two', 8);
    hub.publishTopic('discussion/demo/two', { type: 'discussion.changed', threadId: 'secret' }, 'staff');
    expect(teacher.sent.map((e) => e.threadId)).toEqual(['secret']);
    hub.publishTopic('discussion/demo/two', { type: 'discussion.changed', threadId: 'open' });
    await turnEnds();
    expect(learner.sent.map((e) => e.threadId)).toEqual(['open']);
    expect(teacher.sent.map((e) => e.threadId)).toEqual(['secret', 'open']);
  });
});

describe('a user’s live events in the event hub', () => {
  const drained = (): Promise<void> => new Promise((r) => process.nextTick(r));

  it('sends a user’s first event at once and later ones of the same drain together after it, in order', async () => {
    const hub = new EventHub();
    const [ann, ann2, bob, teach] = [new Socket(), new Socket(), new Socket(), new Socket()];
    hub.add('ann', asWs(ann));
    hub.add('ann', asWs(ann2));
    hub.add('bob', asWs(bob));
    hub.add('teach', asWs(teach), ['instructor']);
    hub.publish('ann', { type: 'a1' });
    hub.publish('bob', { type: 'b1' });
    hub.publishStaff({ type: 's1' });
    // First events wait for nothing, on every socket of the user.
    expect([ann, ann2, bob, teach].map((s) => s.sent.map((e) => e.type))).toEqual([['a1'], ['a1'], ['b1'], ['s1']]);
    hub.publish('ann', { type: 'a2' });
    hub.publish('ann', { type: 'a3' });
    hub.publishStaff({ type: 's2' });
    expect(ann.sent).toHaveLength(1);
    await drained();
    expect(ann.sent.map((e) => e.type)).toEqual(['a1', 'a2', 'a3']);
    expect(ann2.sent.map((e) => e.type)).toEqual(['a1', 'a2', 'a3']);
    expect(teach.sent.map((e) => e.type)).toEqual(['s1', 's2']);
    // The next drain starts afresh: its first event goes out at once again.
    hub.publish('bob', { type: 'b2' });
    expect(bob.sent.map((e) => e.type)).toEqual(['b1', 'b2']);
  });

  it('skips sockets that closed before their held events went out', async () => {
    const hub = new EventHub();
    const [a, b] = [new Socket(), new Socket()];
    hub.add('ann', asWs(a));
    hub.add('ann', asWs(b));
    hub.publish('ann', { type: 'first' });
    hub.publish('ann', { type: 'held' });
    a.close();
    await drained();
    expect(a.sent.map((e) => e.type)).toEqual(['first']);
    expect(b.sent.map((e) => e.type)).toEqual(['first', 'held']);
  });
});

