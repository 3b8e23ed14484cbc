import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, LiveEvent, type LiveClientMessage } from '@voxel-academy/protocol';
import type { IAcademyClient, ILiveEvents } from './tokens';

/**
 * The course server's WebSocket (api/events), authenticated by the same session cookie.
 * Reconnects with a growing delay (max 30 s) after drops; follows the client to a new service
 * URL; emits events parsed with the protocol's schema (anything else is dropped).
 */
export class LiveEvents implements ILiveEvents {
  private socket: WebSocket | null = null;
  private retry = 1000;
  private wanted = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly _received = new Signal<ILiveEvents, LiveEvent>(this);
  /** "course/lesson" → how many views follow it; sent again on every (re)connect. */
  private readonly watched = new Map<string, number>();

  constructor(private readonly client: IAcademyClient) {
    client.serviceChanged.connect(() => {
      this.close();
      if (this.wanted) this.open();
    });
  }

  get received(): ISignal<ILiveEvents, LiveEvent> {
    return this._received;
  }

  connect(): void {
    this.wanted = true;
    if (!this.socket) this.open();
  }

  watchDiscussion(courseId: string, lessonId: string): () => void {
    const key = `${courseId}/${lessonId}`;
    const count = this.watched.get(key) ?? 0;
    this.watched.set(key, count + 1);
    if (count === 0) this.send({ type: 'discussion.watch', courseId, lessonId });
    this.connect();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.watched.get(key) ?? 1) - 1;
      if (left > 0) return void this.watched.set(key, left);
      this.watched.delete(key);
      this.send({ type: 'discussion.unwatch', courseId, lessonId });
    };
  }

  dispose(): void {
    this.wanted = false;
    this.close();
  }

  private open(): void {
    const base = this.client.serviceUrl;
    if (this.socket || base === null) return;
    const url = new URL(base + ApiPath.events, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retry = 1000;
      for (const key of this.watched.keys()) {
        const [courseId = '', lessonId = ''] = key.split('/');
        this.send({ type: 'discussion.watch', courseId, lessonId });
      }
    });
    socket.addEventListener('message', (e) => {
      let data: unknown = null;
      try {
        data = JSON.parse(String(e.data));
      } catch {
        return;
      }
      const parsed = LiveEvent.safeParse(data);
      if (parsed.success) this._received.emit(parsed.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (!this.wanted) return;
      this.timer = setTimeout(() => this.open(), this.retry);
      this.retry = Math.min(30_000, this.retry * 2);
    });
  }

  /** Sends now if the socket is open; an unopened socket sends the watches when it opens. */
  private send(message: LiveClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
