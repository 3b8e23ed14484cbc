import type { WebSocket } from 'ws';
import type { IEventSink, TopicAudience } from '../services/context.js';
import { broadcast } from './broadcast.js';

/** A topic's coalescing window: when its last messages went out, and those waiting for the window to end. */
interface ITopicWindow {
  lastSent: number;
  pending: string[];
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * Fan-out of live events to every open WebSocket of a user (all their tabs), to staff, and to
 * the sockets watching a topic (a lesson's discussion). A topic's events within `coalesceMs` of
 * its last send wait for the window to end and go out together, one write per socket: the first
 * event after a quiet spell goes at once, and a busy lesson costs its watchers' sockets at most
 * one system call per window instead of one per post.
 */
export class EventHub implements IEventSink {
  private readonly sockets = new Map<string, Set<WebSocket>>();
  /** Sockets of instructors and admins, as their session's roles said when they connected. */
  private readonly staff = new Set<WebSocket>();
  /** Sockets per watched topic, and each socket's topics (to leave them all when it closes). */
  private readonly watchers = new Map<string, Set<WebSocket>>();
  private readonly watching = new Map<WebSocket, Set<string>>();
  private readonly windows = new Map<string, ITopicWindow>();

  constructor(private readonly coalesceMs = 20) {}

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
    // Serialise once for all of the user's sockets, stamped with the send time.
    broadcast(set, JSON.stringify({ ...(event as object), at: Date.now() }));
  }

  publishStaff(event: unknown): void {
    if (this.staff.size === 0) return;
    broadcast(this.staff, JSON.stringify({ ...(event as object), at: Date.now() }));
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
    const now = Date.now();
    const text = JSON.stringify({ ...(event as object), at: now });
    // Staff-only events are rare (an item's threads before its deadline): they go at once to
    // the staff among the watchers, outside the window; each carries ids only, so order between
    // them and the window's events does not matter to a panel that reads again.
    if (audience === 'staff') return broadcast([...set].filter((s) => this.staff.has(s)), text);
    let window = this.windows.get(topic);
    if (!window) {
      window = { lastSent: -Infinity, pending: [], timer: null };
      this.windows.set(topic, window);
    }
    if (window.timer === null && now - window.lastSent >= this.coalesceMs) {
      window.lastSent = now;
      broadcast(set, text);
      return;
    }
    window.pending.push(text);
    if (window.timer !== null) return;
    const open = window;
    open.timer = setTimeout(() => this.flush(topic, open), Math.max(0, open.lastSent + this.coalesceMs - now));
    open.timer.unref();
  }

  private flush(topic: string, window: ITopicWindow): void {
    const texts = window.pending;
    window.pending = [];
    window.timer = null;
    window.lastSent = Date.now();
    const set = this.watchers.get(topic);
    if (set && set.size > 0) broadcast(set, ...texts);
    else this.windows.delete(topic);
  }

  get connections(): number {
    let n = 0;
    for (const set of this.sockets.values()) n += set.size;
    return n;
  }
}
