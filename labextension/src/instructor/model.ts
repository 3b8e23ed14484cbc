import { Signal, type ISignal } from '@lumino/signaling';
import type { AssessmentAnalytics, AttentionList, CourseOverview, Heatmap, LearnerView, LiveEvent, OverrideRequest, RegradeReport } from '@voxel-academy/protocol';
import type { ILiveEvents } from '../tokens';
import type { InstructorApi } from './api';

export type InstructorTab = 'overview' | 'progress' | 'analytics' | 'attention' | 'learner' | 'projects' | 'moderation';
export const TABS: InstructorTab[] = ['overview', 'progress', 'analytics', 'attention', 'learner', 'projects', 'moderation'];

export interface IInstructorState {
  courseId: string;
  tab: InstructorTab;
  overview: CourseOverview | null;
  heatmap: Heatmap | null;
  attention: AttentionList | null;
  analyticsId: string | null;
  analytics: AssessmentAnalytics | null;
  regrade: RegradeReport | null;
  learnerId: string | null;
  learner: LearnerView | null;
  /** What went wrong last (shown until the next success). */
  error: string | null;
  /** Live updates applied since the workspace opened (the views show "updated live"). */
  liveUpdates: number;
}

/** Debounce of cohort-wide refreshes: a class submitting at once should not refetch 2,000 rows per submit. */
const COHORT_REFRESH_MS = 1000;

/**
 * The instructor workspace's state, loaded per tab and kept current by the course server's
 * staff events: a learner's activity refreshes the cohort views (debounced) and, at once, the
 * learner view if it shows that learner.
 */
export class InstructorModel {
  private _state: IInstructorState;
  private readonly _changed = new Signal<InstructorModel, IInstructorState>(this);
  private cohortTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(
    readonly api: InstructorApi,
    courseId: string,
    private readonly live: ILiveEvents | null
  ) {
    this._state = { courseId, tab: 'overview', overview: null, heatmap: null, attention: null, analyticsId: null, analytics: null, regrade: null, learnerId: null, learner: null, error: null, liveUpdates: 0 };
    live?.received.connect(this.onLive, this);
    live?.connect();
  }

  get state(): IInstructorState {
    return this._state;
  }

  get changed(): ISignal<InstructorModel, IInstructorState> {
    return this._changed;
  }

  dispose(): void {
    this.disposed = true;
    if (this.cohortTimer !== null) clearTimeout(this.cohortTimer);
    this.live?.received.disconnect(this.onLive, this);
  }

  setCourse(courseId: string): void {
    this.update({ courseId, overview: null, heatmap: null, attention: null, analytics: null, analyticsId: null, regrade: null, learner: null, learnerId: null });
    void this.loadTab();
  }

  setTab(tab: InstructorTab): void {
    this.update({ tab });
    void this.loadTab();
  }

  openLearner(user: string): void {
    this.update({ tab: 'learner', learnerId: user, learner: this._state.learnerId === user ? this._state.learner : null });
    void this.loadTab();
  }

  openAnalytics(assessmentId: string): void {
    this.update({ tab: 'analytics', analyticsId: assessmentId, analytics: null, regrade: null });
    void this.loadTab();
  }

  /** Loads what the current tab shows. */
  async loadTab(): Promise<void> {
    const s = this._state;
    await this.run(async () => {
      switch (s.tab) {
        case 'overview':
          return this.update({ overview: await this.api.overview(s.courseId) });
        case 'progress':
          return this.update({ heatmap: await this.api.heatmap(s.courseId) });
        case 'attention':
          return this.update({ attention: await this.api.attention(s.courseId) });
        case 'analytics':
          return s.analyticsId ? this.update({ analytics: await this.api.analytics(s.courseId, s.analyticsId) }) : undefined;
        case 'learner':
          return s.learnerId ? this.update({ learner: await this.api.learner(s.courseId, s.learnerId) }) : undefined;
        case 'projects':
        case 'moderation':
          return undefined;
      }
    });
  }

  async setOverride(assessmentId: string, user: string, request: OverrideRequest): Promise<boolean> {
    return this.run(async () => {
      await this.api.override(this._state.courseId, assessmentId, user, request);
      if (this._state.learnerId === user) this.update({ learner: await this.api.learner(this._state.courseId, user) });
    });
  }

  async revoke(certificateId: string, reason: string): Promise<boolean> {
    return this.run(async () => {
      await this.api.revoke(certificateId, reason);
      if (this._state.learnerId) this.update({ learner: await this.api.learner(this._state.courseId, this._state.learnerId) });
    });
  }

  async regrade(dryRun: boolean): Promise<boolean> {
    const { analyticsId, courseId } = this._state;
    if (!analyticsId) return false;
    return this.run(async () => {
      const report = await this.api.regrade(courseId, analyticsId, dryRun);
      this.update({ regrade: report, ...(dryRun ? {} : { analytics: await this.api.analytics(courseId, analyticsId) }) });
    });
  }

  private onLive(_: ILiveEvents, event: LiveEvent): void {
    // A reported post: the moderation view (which loads itself) reads its queue again.
    if (event.type === 'discussion.reported' && event.courseId === this._state.courseId) return this.update({ liveUpdates: this._state.liveUpdates + 1 });
    if (event.type !== 'course.activity' || event.courseId !== this._state.courseId || this.disposed) return;
    if (event.user === this._state.learnerId) void this.refreshLearner();
    if (this.cohortTimer === null) {
      this.cohortTimer = setTimeout(() => {
        this.cohortTimer = null;
        void this.refreshCohort();
      }, COHORT_REFRESH_MS);
    }
  }

  private async refreshLearner(): Promise<void> {
    const { courseId, learnerId } = this._state;
    if (!learnerId) return;
    await this.run(async () => this.update({ learner: await this.api.learner(courseId, learnerId), liveUpdates: this._state.liveUpdates + 1 }), false);
  }

  /** Refreshes the cohort views that were loaded (the rest load when their tab opens). */
  private async refreshCohort(): Promise<void> {
    const s = this._state;
    await this.run(async () => {
      const [overview, heatmap, attention, analytics] = await Promise.all([
        s.overview ? this.api.overview(s.courseId) : null,
        s.heatmap ? this.api.heatmap(s.courseId) : null,
        s.attention ? this.api.attention(s.courseId) : null,
        s.analytics && s.analyticsId ? this.api.analytics(s.courseId, s.analyticsId) : null
      ]);
      this.update({
        ...(overview ? { overview } : {}),
        ...(heatmap ? { heatmap } : {}),
        ...(attention ? { attention } : {}),
        ...(analytics ? { analytics } : {}),
        liveUpdates: this._state.liveUpdates + 1
      });
    }, false);
  }

  /**
   * Runs a request; a failure shows as the workspace's error instead of throwing. A background
   * (live) refresh that succeeds does not hide the error of the instructor's last action.
   */
  private async run(work: () => Promise<unknown>, action = true): Promise<boolean> {
    try {
      await work();
      if (action && this._state.error !== null) this.update({ error: null });
      return true;
    } catch (err) {
      this.update({ error: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  private update(patch: Partial<IInstructorState>): void {
    if (this.disposed) return;
    this._state = { ...this._state, ...patch };
    this._changed.emit(this._state);
  }
}
