import type { TopicAudience } from '../services/context.js';

/**
 * What crosses between course-server replicas: a live event for one learner's tabs, one for
 * every staff tab, the end of a session (its sockets close and its cached copy is dropped on
 * every replica, not only the one that handled the logout), or a change to what certificates
 * are verified against (a revocation, new issuer keys): every replica's cached signed status
 * lists and loaded keys must follow, or a revoked certificate would still verify on another.
 */
export type BusMessage =
  | { kind: 'user'; user: string; event: unknown }
  | { kind: 'staff'; event: unknown }
  /** To the sockets watching a topic (a lesson's discussion), whichever replica holds them. */
  | { kind: 'topic'; topic: string; event: unknown; audience: TopicAudience }
  | { kind: 'session-ended'; sessionId: string }
  | { kind: 'certificates-changed' };

/**
 * The seam between replicas. `send` reaches every replica's `onMessage`: the sender's own at
 * once (its learners never wait on the database, and keep their events while it is away), the
 * others through the bus. Delivery is at most once and best effort, like a WebSocket push
 * itself: what must not be lost (a grade) is in the database first, and a tab reads it there.
 */
export interface IEventBus {
  readonly kind: 'in-process' | 'postgres';
  send(message: BusMessage): void;
  onMessage(handler: (message: BusMessage) => void): void;
  /** True while messages can flow (the LISTEN connection is up); always true in-process. */
  readonly connected: boolean;
  close(): Promise<void>;
}

/** One process (SQLite): the bus is a direct call, in the same tick as the sender. */
export class InProcessBus implements IEventBus {
  readonly kind = 'in-process';
  readonly connected = true;
  private readonly handlers: Array<(message: BusMessage) => void> = [];

  send(message: BusMessage): void {
    for (const handler of this.handlers) handler(message);
  }

  onMessage(handler: (message: BusMessage) => void): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    this.handlers.length = 0;
  }
}
