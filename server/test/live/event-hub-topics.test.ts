import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
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

describe('topic fan-out (a lesson’s discussion) in the event hub', () => {
  it('sends a topic’s events only to the sockets watching it, until they unwatch or close', () => {
    const hub = new EventHub();
    const [a, b, c] = [new Socket(), new Socket(), new Socket()];
    expect(hub.watch(asWs(a), 'discussion/demo/one', 8)).toBe(true);
    expect(hub.watch(asWs(b), 'discussion/demo/one', 8)).toBe(true);
    expect(hub.watch(asWs(c), 'discussion/demo/two', 8)).toBe(true);
    hub.publishTopic('discussion/demo/one', { type: 'discussion.changed', threadId: 't1' });
    expect(a.sent.map((e) => e.threadId)).toEqual(['t1']);
    expect(b.sent).toHaveLength(1);
    expect(c.sent).toEqual([]);
    expect(typeof a.sent[0]?.at).toBe('number');

    hub.unwatch(asWs(a), 'discussion/demo/one');
    b.close();
    hub.publishTopic('discussion/demo/one', { type: 'discussion.changed', threadId: 't2' });
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
  });

  it('lets one socket follow at most the given number of topics (watching one twice counts once)', () => {
    const hub = new EventHub();
    const s = new Socket();
    for (let i = 0; i < 3; i++) expect(hub.watch(asWs(s), `t${i}`, 3)).toBe(true);
    expect(hub.watch(asWs(s), 't0', 3)).toBe(true);
    expect(hub.watch(asWs(s), 't3', 3)).toBe(false);
    hub.unwatch(asWs(s), 't1');
    expect(hub.watch(asWs(s), 't3', 3)).toBe(true);
    hub.publishTopic('t1', { type: 'x' });
    hub.publishTopic('t3', { type: 'y' });
    expect(s.sent.map((e) => e.type)).toEqual(['y']);
  });

  it('reaches the watchers through the replicas’ bus (publishTopic on the service side)', () => {
    const bus = new InProcessBus();
    const hub = new EventHub();
    const events = new ReplicatedEvents(bus, hub);
    const s = new Socket();
    hub.watch(asWs(s), 'discussion/demo/one', 8);
    events.publishTopic('discussion/demo/one', { type: 'discussion.changed', threadId: 't9' });
    events.publishTopic('discussion/demo/other', { type: 'discussion.changed', threadId: 'nope' });
    expect(s.sent.map((e) => e.threadId)).toEqual(['t9']);
  });

  it('sends the first event of a quiet topic at once and those within the window together when it ends, in order', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const hub = new EventHub(20);
      const [a, b] = [new Socket(), new Socket()];
      hub.watch(asWs(a), 'busy', 8);
      hub.watch(asWs(b), 'quiet', 8);
      hub.publishTopic('busy', { type: 'x', n: 1 });
      expect(a.sent.map((e) => e.n)).toEqual([1]);
      vi.advanceTimersByTime(5);
      hub.publishTopic('busy', { type: 'x', n: 2 });
      hub.publishTopic('busy', { type: 'x', n: 3 });
      // Another topic has its own window: its first event is not held back.
      hub.publishTopic('quiet', { type: 'x', n: 9 });
      expect(b.sent.map((e) => e.n)).toEqual([9]);
      expect(a.sent.map((e) => e.n)).toEqual([1]);
      vi.advanceTimersByTime(14);
      expect(a.sent.map((e) => e.n)).toEqual([1]);
      vi.advanceTimersByTime(1);
      expect(a.sent.map((e) => e.n)).toEqual([1, 2, 3]);
      // Stamped when published, so a receiver sees how long the window held them.
      expect(a.sent[1]?.at).toBe(1_000_005);
      // A full window after the flush, the topic is quiet again: the next event goes at once.
      vi.advanceTimersByTime(20);
      hub.publishTopic('busy', { type: 'x', n: 4 });
      expect(a.sent.map((e) => e.n)).toEqual([1, 2, 3, 4]);
    } finally {
      vi.useRealTimers();
    }
  });
});
