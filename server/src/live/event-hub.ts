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
   * A user's (and staff's) events of this turn, sent when it ends like topics' events: the
   * submissions one group commit stores finish in the same turn, so a learner's tab (or an
   * instructor's, which hears every learner's) gets the turn's events in one write instead of
   * one system call each (~5 % of the quiz path's CPU under load).
   */
  private readonly pendingUsers = new Map<string, string[]>();
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
    this.defer(this.pendingUsers, user, JSON.stringify({ ...(event as object), at: Date.now() }));
  }

  publishStaff(event: unknown): void {
    if (this.staff.size === 0) return;
    this.defer(this.pendingUsers, STAFF, JSON.stringify({ ...(event as object), at: Date.now() }));
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
    this.defer(this.pending, topic, text);
  }

  private defer(pending: Map<string, string[]>, key: string, text: string): void {
    const texts = pending.get(key);
    if (texts) texts.push(text);
    else pending.set(key, [text]);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushing = null;
    // Looked up now: a socket that closed since its event was published is skipped.
    for (const [key, texts] of this.pendingUsers) {
      const set = key === STAFF ? this.staff : this.sockets.get(key);
      if (set && set.size > 0) broadcast(set, ...texts);
    }
    this.pendingUsers.clear();
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
