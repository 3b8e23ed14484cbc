import type { TranslationBundle } from '@jupyterlab/translation';
import { Signal, type ISignal } from '@lumino/signaling';
import type { CellComment, LiveEvent, ReviewDetail, ReviewGrade, ReviewQueue } from '@voxel-academy/protocol';
import type { ILiveEvents } from '../../tokens';
import type { InstructorApi } from '../api';

export interface IGradingState {
  queue: ReviewQueue | null;
  current: ReviewDetail | null;
  /** The grade being edited (saved as a draft or released). */
  draft: ReviewGrade;
  /** The criterion keyboard shortcuts act on. */
  focus: number;
  hideNames: boolean;
  /** Unsaved edits. */
  dirty: boolean;
  busy: boolean;
  message: string | null;
  error: string | null;
  /** Nothing left to grade in the queue (after "next"). */
  done: boolean;
}

const EMPTY: ReviewGrade = { criteria: {}, comment: '', cellComments: [] };

/**
 * One project's grading queue for one grader: the project on screen, the rubric grade being
 * edited, claims (the server refuses a project a colleague holds), drafts and releases, and the
 * queue kept current by colleagues' live changes.
 */
export class GradingModel {
  private _state: IGradingState = { queue: null, current: null, draft: EMPTY, focus: 0, hideNames: false, dirty: false, busy: false, message: null, error: null, done: false };
  private readonly _changed = new Signal<GradingModel, IGradingState>(this);
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly api: InstructorApi,
    readonly courseId: string,
    readonly assessmentId: string,
    private readonly live: ILiveEvents | null,
    private readonly trans: TranslationBundle
  ) {
    live?.received.connect(this.onLive, this);
    live?.connect();
  }

  get state(): IGradingState {
    return this._state;
  }

  get changed(): ISignal<GradingModel, IGradingState> {
    return this._changed;
  }

  dispose(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.live?.received.disconnect(this.onLive, this);
  }

  async start(): Promise<void> {
    await this.next();
  }

  /** Claims the next project nobody holds (or the one this grader holds) and shows it. */
  async next(): Promise<void> {
    await this.run(async () => {
      const { review, remaining } = await this.api.next(this.courseId, this.assessmentId, this._state.hideNames);
      this.show(review);
      this.update({ done: review === null, message: review === null ? this.trans.__('Nothing left to grade here: every project is graded or held by a colleague.') : this.trans.__('%1 more waiting for a grader.', remaining) });
    });
    await this.reloadQueue();
  }

  /** Shows a project of the queue (without claiming it: grading it claims it). */
  async open(submissionId: string): Promise<void> {
    await this.run(async () => this.show(await this.api.review(submissionId, this._state.hideNames)));
  }

  async claim(force: boolean): Promise<void> {
    const current = this._state.current;
    if (!current) return;
    await this.run(async () => {
      const summary = await this.api.claim(current.summary.submissionId, force);
      this.update({ current: { ...current, summary }, message: this.trans.__('You are grading this project.') });
    });
    await this.reloadQueue();
  }

  setLevel(criterionId: string, levelId: string): void {
    const previous = this._state.draft.criteria[criterionId];
    this.edit({ criteria: { ...this._state.draft.criteria, [criterionId]: { levelId, comment: previous?.comment ?? '' } } });
  }

  setCriterionComment(criterionId: string, comment: string): void {
    const previous = this._state.draft.criteria[criterionId];
    this.edit({ criteria: { ...this._state.draft.criteria, [criterionId]: { levelId: previous?.levelId ?? null, comment } } });
  }

  setComment(comment: string): void {
    this.edit({ comment });
  }

  setCellComment(cellIndex: number, cellId: string | null, text: string): void {
    const others = this._state.draft.cellComments.filter((c) => c.cellIndex !== cellIndex);
    const cellComments: CellComment[] = text.trim() === '' ? others : [...others, { cellIndex, cellId, text }].sort((a, b) => a.cellIndex - b.cellIndex);
    this.edit({ cellComments });
  }

  focus(index: number): void {
    const count = this._state.current?.item.rubric.criteria.length ?? 0;
    if (count > 0) this.update({ focus: (index + count) % count });
  }

  toggleNames(): void {
    this.update({ hideNames: !this._state.hideNames });
    const id = this._state.current?.summary.submissionId;
    void (id ? this.open(id) : Promise.resolve()).then(() => this.reloadQueue());
  }

  /** Saves the draft (release false) or releases the grade to the learner (and moves on if asked). */
  async save(release: boolean, thenNext = false): Promise<void> {
    const current = this._state.current;
    if (!current) return;
    const ok = await this.run(async () => {
      const saved = await this.api.grade(current.summary.submissionId, { ...this._state.draft, release }, this._state.hideNames);
      this.update({ current: saved, dirty: false, message: release ? this.trans.__('Released: the learner sees the grade now.') : this.trans.__('Draft saved; you keep this project for 30 more minutes.') });
    });
    await this.reloadQueue();
    if (ok && release && thenNext) await this.next();
  }

  /** A background refresh: it never hides the message of the grader's last action. */
  async reloadQueue(): Promise<void> {
    await this.run(async () => this.update({ queue: await this.api.queue(this.courseId, this.assessmentId, this._state.hideNames) }), false);
  }

  private show(review: ReviewDetail | null): void {
    this.update({ current: review, draft: review?.grade ?? EMPTY, dirty: false, focus: 0 });
  }

  private edit(patch: Partial<ReviewGrade>): void {
    this.update({ draft: { ...this._state.draft, ...patch }, dirty: true });
  }

  private onLive(_: ILiveEvents, event: LiveEvent): void {
    if (event.type !== 'review.changed' || event.courseId !== this.courseId || event.assessmentId !== this.assessmentId) return;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reloadQueue();
    }, 500);
  }

  /** Runs a request; a failure shows as the panel's error (a new action clears the last one). */
  private async run(work: () => Promise<unknown>, action = true): Promise<boolean> {
    this.update({ busy: true, ...(action ? { error: null } : {}) });
    try {
      await work();
      return true;
    } catch (err) {
      this.update({ error: err instanceof Error ? err.message : String(err) });
      return false;
    } finally {
      this.update({ busy: false });
    }
  }

  private update(patch: Partial<IGradingState>): void {
    this._state = { ...this._state, ...patch };
    this._changed.emit(this._state);
  }
}
