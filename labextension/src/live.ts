import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, LiveEvent } from '@voxel-academy/protocol';

/**
 * The course server's WebSocket (api/events), authenticated by the same session cookie.
 * Reconnects with a growing delay (max 30 s) after drops; emits parsed events.
 */
export class LiveConnection {
  private socket: WebSocket | null = null;
  private retry = 1000;
  private stopped = false;
  private readonly _received = new Signal<LiveConnection, LiveEvent>(this);

  constructor(private readonly serviceUrl: string) {}

  get received(): ISignal<LiveConnection, LiveEvent> {
    return this._received;
  }

  start(): void {
    if (this.socket || this.stopped) return;
    const url = new URL(this.serviceUrl + ApiPath.events, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener('open', () => (this.retry = 1000));
    socket.addEventListener('message', (e) => {
      const parsed = LiveEvent.safeParse(JSON.parse(String(e.data)));
      if (parsed.success) this._received.emit(parsed.data);
    });
    socket.addEventListener('close', () => {
      this.socket = null;
      if (this.stopped) return;
      setTimeout(() => this.start(), this.retry);
      this.retry = Math.min(30_000, this.retry * 2);
    });
  }

  dispose(): void {
    this.stopped = true;
    this.socket?.close();
  }
}

const shared = new Map<string, LiveConnection>();

/** One live connection per service and browser tab, shared by the sidebar and the panels. */
export function liveFor(serviceUrl: string): LiveConnection {
  let live = shared.get(serviceUrl);
  if (!live) {
    live = new LiveConnection(serviceUrl);
    shared.set(serviceUrl, live);
    live.start();
  }
  return live;
}
