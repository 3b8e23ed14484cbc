import { Signal, type ISignal } from '@lumino/signaling';
import type { DiscussionPlace, DiscussionThread, DiscussionThreadSummary, LiveEvent } from '@voxel-academy/protocol';
import type { ILiveEvents } from '../tokens';
import type { DiscussionApi } from './api';

/** Live changes within this long are read once, together (a few hundred ms: still instant to a reader). */
const LIVE_READ_DELAY_MS = 250;
/**
 * In a busy lesson (changes again within this long of the last live read) the next read waits
 * until this long after it, plus a random share of it: at 10 posts/s in a lesson its hundred
 * watchers read about 0.3 times a second each, spread out, instead of 4 times a second in step.
 */
const BUSY_READ_SPACING_MS = 3000;

/** Where the panel is: a course, a lesson, and maybe one item of the lesson's assessment. */
export interface IDiscussionPlace {
  courseId: string;
  place: DiscussionPlace;
  /** What the header says: the lesson's title, and the item's prompt when there is one. */
  title: string;
  itemLabel: string | null;
}

export interface IDiscussionState {
  at: IDiscussionPlace | null;
  threads: DiscussionThreadSummary[] | null;
  /** The thread on show (null: the list). */
  open: DiscussionThread | null;
  /** A request in flight (buttons wait). */
  busy: boolean;
  /** What went wrong last, in the server's words (shown until the next success). */
  error: string | null;
  /** Live changes applied since the place was opened (the list says "updated live"). */
  liveUpdates: number;
  /** Staff on an item: whether its threads are staff-only until the deadline (null: not told). */
  itemStaffOnly: boolean | null;
}

/**
 * One discussion panel's state: the threads of a place and the open thread, re-read when the
 * server says something in the lesson changed (discussion.changed carries ids only, so every read
 * goes through the routes that check who may see what).
 */
export class DiscussionModel {
  private _state: IDiscussionState = { at: null, threads: null, open: null, busy: false, error: null, liveUpdates: 0, itemStaffOnly: null };
  private readonly _changed = new Signal<DiscussionModel, IDiscussionState>(this);
  private unwatch: (() => void) | null = null;
  private generation = 0;
  private disposed = false;
  private liveTimer: ReturnType<typeof setTimeout> | null = null;
  private openChanged = false;
  private lastLiveRead = -Infinity;

  constructor(
    readonly api: DiscussionApi,
    private readonly live: ILiveEvents | null,
    /** Told after reads that change unread counts (the sidebar refreshes its numbers). */
    private readonly onRead: (courseId: string) => void = () => undefined
  ) {
    live?.received.connect(this.onLive, this);
  }

  get state(): IDiscussionState {
    return this._state;
  }

  get changed(): ISignal<DiscussionModel, IDiscussionState> {
    return this._changed;
  }

  dispose(): void {
    this.disposed = true;
    if (this.liveTimer !== null) clearTimeout(this.liveTimer);
    this.unwatch?.();
    this.live?.received.disconnect(this.onLive, this);
  }

  /** Shows a place (and a thread in it); the live feed follows the place's lesson. */
  async show(at: IDiscussionPlace, threadId: string | null = null): Promise<void> {
    const same = this._state.at && sameLesson(this._state.at, at);
    if (!same) {
      this.unwatch?.();
      this.unwatch = this.live?.watchDiscussion(at.courseId, at.place.lessonId) ?? null;
    }
    const keep = sameAt(this._state.at, at);
    this.update({ at, threads: keep ? this._state.threads : null, itemStaffOnly: keep ? this._state.itemStaffOnly : null, open: null, error: null, liveUpdates: 0 });
    await this.reloadList();
    if (threadId) await this.openThread(threadId);
  }

  async openThread(threadId: string): Promise<void> {
    await this.run(async () => {
      this.update({ open: await this.api.thread(threadId) });
      // Opening marks it read: the list and the sidebar's unread numbers move.
      void this.reloadList();
    });
  }

  closeThread(): void {
    this.update({ open: null });
    void this.reloadList();
  }

  /** Runs a user's action; on success the open thread and the list are read again. */
  async act(work: (api: DiscussionApi) => Promise<unknown>): Promise<boolean> {
    return this.run(async () => {
      await work(this.api);
      await this.refreshOpen();
      await this.reloadList();
    });
  }

  async ask(title: string, body: string, anonymous: boolean): Promise<boolean> {
    const at = this._state.at;
    if (!at) return false;
    return this.run(async () => {
      const thread = await this.api.ask(at.courseId, at.place, title, body, anonymous);
      this.update({ open: thread });
      await this.reloadList();
    });
  }

  private async reloadList(): Promise<void> {
    const at = this._state.at;
    if (!at) return;
    const mine = ++this.generation;
    try {
      const list = await this.api.threads(at.courseId, at.place);
      if (mine === this.generation && this._state.at === at) this.update({ threads: list.threads, itemStaffOnly: list.staffOnlyUntilDeadline ?? null });
      this.onRead(at.courseId);
    } catch (err) {
      if (mine === this.generation) this.update({ error: message(err) });
    }
  }

  private async refreshOpen(): Promise<void> {
    const open = this._state.open;
    if (!open) return;
    try {
      const thread = await this.api.thread(open.id);
      if (this._state.open?.id === open.id) this.update({ open: thread });
    } catch (err) {
      // A thread hidden from this reader now (staff-only, or gone) closes with the reason.
      if (this._state.open?.id === open.id) this.update({ open: null, error: message(err) });
    }
  }

  private onLive(_: ILiveEvents, event: LiveEvent): void {
    const at = this._state.at;
    if (this.disposed || !at || event.type !== 'discussion.changed') return;
    if (event.courseId !== at.courseId || event.lessonId !== at.place.lessonId) return;
    this.update({ liveUpdates: this._state.liveUpdates + 1 });
    if (this._state.open?.id === event.threadId) this.openChanged = true;
    // One read per burst: a busy lesson's hundred watchers must not each read the list per post.
    if (this.liveTimer !== null) return;
    const sinceRead = Date.now() - this.lastLiveRead;
    const delay = sinceRead < BUSY_READ_SPACING_MS ? BUSY_READ_SPACING_MS - sinceRead + Math.random() * BUSY_READ_SPACING_MS : LIVE_READ_DELAY_MS;
    this.liveTimer = setTimeout(() => {
      this.liveTimer = null;
      this.lastLiveRead = Date.now();
      const thread = this.openChanged;
      this.openChanged = false;
      void this.reloadList();
      if (thread) void this.refreshOpen();
    }, delay);
  }

  private async run(work: () => Promise<void>): Promise<boolean> {
    this.update({ busy: true });
    try {
      await work();
      this.update({ busy: false, error: null });
      return true;
    } catch (err) {
      this.update({ busy: false, error: message(err) });
      return false;
    }
  }

  private update(patch: Partial<IDiscussionState>): void {
    if (this.disposed) return;
    this._state = { ...this._state, ...patch };
    this._changed.emit(this._state);
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const sameLesson = (a: IDiscussionPlace, b: IDiscussionPlace): boolean => a.courseId === b.courseId && a.place.lessonId === b.place.lessonId;
const sameAt = (a: IDiscussionPlace | null, b: IDiscussionPlace): boolean =>
  a !== null && sameLesson(a, b) && a.place.assessmentId === b.place.assessmentId && a.place.itemId === b.place.itemId;
