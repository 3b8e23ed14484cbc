import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { ILogger } from '../log.js';
import type { BusMessage, IEventBus } from './event-bus.js';
import { ChunkAssembler, chunkPayload } from './notify-chunks.js';

export interface IPgNotifyBusOptions {
  connectionString: string;
  log: ILogger;
  /** One channel per deployment; replicas of different courses' servers on one database stay apart. */
  channel?: string;
  /** First reconnect delay; doubles up to `maxReconnectMs`. */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

/**
 * Live events across replicas over PostgreSQL LISTEN/NOTIFY. LISTEN needs a connection of its
 * own for as long as the process lives (a pooled one would be handed to queries and lose its
 * registrations), so it gets a dedicated client that reconnects with backoff when the
 * database restarts or the connection is cut. NOTIFY goes through a small pool of its own, so
 * a busy store pool never delays an event (and events never take the store's connections).
 * Each message is split to fit NOTIFY's 8,000-byte payload limit; the parts of everything sent
 * in one event-loop turn go in one statement, and PostgreSQL delivers a transaction's
 * notifications together at commit, so a reader sees all parts of a message or none.
 */
export class PgNotifyBus implements IEventBus {
  readonly kind = 'postgres';
  /** Tells this replica's own messages apart when they come back through LISTEN. */
  readonly origin = randomBytes(8).toString('hex');
  private readonly channel: string;
  private readonly handlers: Array<(message: BusMessage) => void> = [];
  private readonly senders: pg.Pool;
  private readonly chunks = new ChunkAssembler();
  private listener: pg.Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private delay: number;
  private seq = 0;
  private closed = false;
  /** Sends in the order they were made (one statement at a time on the pool). */
  private queue: Promise<void> = Promise.resolve();
  /** Parts waiting for the next flush (end of this event-loop turn). */
  private readonly unsent: string[] = [];
  private flushScheduled = false;
  /** Times the LISTEN connection was (re)established: tests and metrics read it. */
  connects = 0;

  constructor(private readonly opts: IPgNotifyBusOptions) {
    this.channel = opts.channel ?? 'voxel_academy_events';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.channel)) throw new Error(`Invalid LISTEN channel name "${this.channel}"`);
    this.delay = opts.reconnectMs ?? 250;
    this.senders = new pg.Pool({ connectionString: opts.connectionString, max: 2, idleTimeoutMillis: 30_000 });
    // An idle pooled connection the server drops must not crash the process.
    this.senders.on('error', (err) => opts.log.warn('event bus: sender connection lost', { error: err.message }));
  }

  get connected(): boolean {
    return this.listener !== null;
  }

  /** Resolves once LISTEN is active, so a replica that says it is ready hears its peers. */
  async start(): Promise<void> {
    await this.connect();
  }

  send(message: BusMessage): void {
    for (const handler of this.handlers) handler(message);
    try {
      this.unsent.push(...chunkPayload(this.origin, ++this.seq, JSON.stringify(message)));
    } catch (err) {
      this.opts.log.warn('event bus: message not sent', { error: err instanceof Error ? err.message : String(err) });
      return;
    }
    if (this.flushScheduled) return;
    // Everything sent during this turn of the event loop goes in one statement: a graded
    // submission fans out two or three events, and under load many submissions share a trip.
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const parts = this.unsent.splice(0);
    if (parts.length === 0) return;
    this.queue = this.queue
      .then(() => this.senders.query('SELECT pg_notify($1, part) FROM unnest($2::text[]) AS part', [this.channel, parts]))
      .then(
        () => undefined,
        (err: unknown) => {
          if (!this.closed) this.opts.log.warn('event bus: NOTIFY failed (other replicas miss these events)', { error: err instanceof Error ? err.message : String(err), parts: parts.length });
        }
      );
  }

  onMessage(handler: (message: BusMessage) => void): void {
    this.handlers.push(handler);
  }

  async close(): Promise<void> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.flush();
    this.closed = true;
    await this.queue;
    const listener = this.listener;
    this.listener = null;
    await Promise.allSettled([listener?.end(), this.senders.end()]);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.connectionString });
    const lost = (reason: string): void => {
      if (this.listener === client) this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (!this.closed) {
        this.opts.log.warn('event bus: LISTEN connection lost, reconnecting', { reason, inMs: this.delay });
        this.scheduleReconnect();
      }
    };
    client.on('error', (err) => lost(err.message));
    client.on('end', () => {
      if (this.listener === client) lost('connection ended');
    });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload !== undefined) this.receive(n.payload);
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.listener = client;
    this.connects++;
    this.delay = this.opts.reconnectMs ?? 250;
  }

  private scheduleReconnect(): void {
    if (this.retryTimer || this.closed) return;
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.opts.maxReconnectMs ?? 5000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch((err: unknown) => {
        this.opts.log.warn('event bus: reconnect failed', { error: err instanceof Error ? err.message : String(err) });
        this.scheduleReconnect();
      });
    }, wait);
    this.retryTimer.unref();
  }

  private receive(payload: string): void {
    const whole = this.chunks.add(payload, this.origin);
    if (whole === null) return;
    let message: BusMessage;
    try {
      message = JSON.parse(whole) as BusMessage;
    } catch {
      this.opts.log.warn('event bus: unreadable message dropped', { bytes: whole.length });
      return;
    }
    for (const handler of this.handlers) handler(message);
  }
}
