import type { WebSocket } from 'ws';
import type { IEventSink, TopicAudience } from '../services/context.js';
import { broadcast } from './broadcast.js';

/** The staff's key among the pending users' events (no hub user name contains a NUL). */
const STAFF = '\u0000staff';

/**
 * Fan-out of live events to every open WebSocket of a user (all their tabs), to staff, and to
 * the sockets watching a topic (a lesson's discussion). A topic's events go out at the end of
 * the event-loop turn that published them, together: a quiet lesson's event waits for nothing,
 * and a busy one (several posts handled in one turn) costs its watchers' sockets one write per
 * turn instead of one per post. A fixed time window did the same at 200 posts/s but held a
 * fifth of the events for up to its length, which set the event p99 (issue 16's bench).
 */
export class EventHub implements IEventSink {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  /** Sockets of instructors and admins, as their session's roles said when they connected. */
  private readonly staff = new Set<WebSocket>();
  /** Sockets per watched topic, and each socket's topics (to leave them all when it closes). */
  private readonly watchers = new Map<string, Set<WebSocket>>();
  private readonly watching = new Map<WebSocket, Set<string>>();
  /** Topics' events published in this turn, sent when it ends. */
  private readonly pending = new Map<string, string[]>();
  /**
   * Users (and staff) written to since the microtask queue last drained, with what they were
   * sent after their first write. The first event of a user goes out at once; later ones in the
   * same drain wait for it to end (process.nextTick runs after the microtask queue drains) and
   * go out together. The submissions one group commit stores are announced in one drain: a
   * learner submitting from several connections, or an instructor's tab (it hears every
   * learner), got one system call per event (~5 % of the quiz bench's CPU), and now two. A user
   * with one event in the drain (the common case) waits for nothing: holding every event until
   * the drain ended put the fan-out p99 at 53 ms with 200 submits in flight.
   */
  private readonly recentUsers = new Map<string, string[] | null>();
  private flushing: ReturnType<typeof setImmediate> | null = null;

  add(user: string, socket: WebSocket, roles: readonly string[] = []): void {
    if (roles.includes('instructor') || roles.includes('admin')) {
      this.staff.add(socket);
      socket.once('close', () => this.staff.delete(socket));
    }
    let set = this.sockets.get(user);
    if (!set) {
      set = new Set();
      this.sockets.set(user, set);
    }
    set.add(socket);
    socket.once('close', () => {
      set.delete(socket);
      if (set.size === 0 && this.sockets.get(user) === set) this.sockets.delete(user);
    });
  }

  publish(user: string, event: unknown): void {
    const set = this.sockets.get(user);
    if (!set || set.size === 0) return;
    // Serialised once for all of the user's sockets, stamped with the publish time.
    this.sendUser(user, JSON.stringify({ ...(event as object), at: Date.now() }));
  }

  publishStaff(event: unknown): void {
    if (this.staff.size === 0) return;
    this.sendUser(STAFF, JSON.stringify({ ...(event as object), at: Date.now() }));
  }

  private sendUser(key: string, text: string): void {
    if (this.recentUsers.has(key)) {
      const later = this.recentUsers.get(key);
      if (later) later.push(text);
      else this.recentUsers.set(key, [text]);
      return;
    }
    if (this.recentUsers.size === 0) process.nextTick(() => this.flushUsers());
    this.recentUsers.set(key, null);
    broadcast(this.socketsOf(key), text);
  }

  /** A user's open sockets, or the staff's. */
  private socketsOf(key: string): Iterable<WebSocket> {
    return (key === STAFF ? this.staff : this.sockets.get(key)) ?? [];
  }

  private flushUsers(): void {
    // Looked up now: a socket that closed since its event was published is skipped.
    for (const [key, texts] of this.recentUsers) if (texts) broadcast(this.socketsOf(key), ...texts);
    this.recentUsers.clear();
  }

  /**
   * The socket follows `topic` until it unwatches or closes. False when it already follows
   * `max` topics (a tab shows a few panels, not a course's every lesson).
   */
  watch(socket: WebSocket, topic: string, max: number): boolean {
    let topics = this.watching.get(socket);
    if (!topics) {
      topics = new Set();
      this.watching.set(socket, topics);
      socket.once('close', () => {
        for (const t of this.watching.get(socket) ?? []) this.unwatch(socket, t);
        this.watching.delete(socket);
      });
    }
    if (topics.has(topic)) return true;
    if (topics.size >= max) return false;
    topics.add(topic);
    let set = this.watchers.get(topic);
    if (!set) {
      set = new Set();
      this.watchers.set(topic, set);
    }
    set.add(socket);
    return true;
  }

  unwatch(socket: WebSocket, topic: string): void {
    this.watching.get(socket)?.delete(topic);
    const set = this.watchers.get(topic);
    if (!set) return;
    set.delete(socket);
    if (set.size === 0) this.watchers.delete(topic);
  }

  publishTopic(topic: string, event: unknown, audience: TopicAudience = 'all'): void {
    const set = this.watchers.get(topic);
    if (!set || set.size === 0) return;
    const text = JSON.stringify({ ...(event as object), at: Date.now() });
    // Staff-only events are rare (an item's threads before its deadline): they go at once to
    // the staff among the watchers; each carries ids only, so its order among the turn's
    // other events does not matter to a panel that reads again.
    if (audience === 'staff') return broadcast([...set].filter((s) => this.staff.has(s)), text);
    const texts = this.pending.get(topic);
    if (texts) texts.push(text);
    else this.pending.set(topic, [text]);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = null;
    for (const [topic, texts] of this.pending) {
      const set = this.watchers.get(topic);
      if (set && set.size > 0) broadcast(set, ...texts);
    }
    this.pending.clear();
  }

  get connections(): number {
    let n = 0;
    for (const set of this.sockets.values()) n += set.size;
    return n;
  }
}
