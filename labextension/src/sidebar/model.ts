import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, BadgeSummary, type DiscussionCounts, type LearningJourney, type LiveEvent } from '@voxel-academy/protocol';
import { fetchDiscussionCounts, fetchJourney, fetchProgress } from '../lessons/lesson-api';
import type { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';

const COUNTS_DEBOUNCE_MS = 500;

/** The catalog, the learner's progress, journeys and certificates; live events refresh it quietly. */
export class CatalogModel implements IAcademyCatalog {
  private _state: IAcademyCatalog.State = { kind: 'loading' };
  private readonly _changed = new Signal<IAcademyCatalog, IAcademyCatalog.State>(this);
  private generation = 0;
  private readonly countTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly client: IAcademyClient,
    private readonly live: ILiveEvents | null
  ) {
    client.serviceChanged.connect(() => void this.refresh());
    live?.received.connect(this.onLive, this);
  }

  get state(): IAcademyCatalog.State {
    return this._state;
  }

  get changed(): ISignal<IAcademyCatalog, IAcademyCatalog.State> {
    return this._changed;
  }

  async refresh(quiet = false): Promise<void> {
    // A slower earlier refresh must not overwrite a newer answer.
    const mine = ++this.generation;
    if (!quiet || this._state.kind !== 'ready') this.set({ kind: 'loading' });
    try {
      const [me, catalog, certificates] = await Promise.all([this.client.me(), this.client.catalog(), this.client.certificates()]);
      const ids = catalog.courses.map((c) => c.id);
      const [progress, journeys, badges, counts] = await Promise.all([
        Promise.all(ids.map(async (id) => [id, await fetchProgress(this.client, id)] as const)),
        Promise.all(ids.map((id) => this.journeyOf(id))),
        this.client.request(ApiPath.badges, BadgeSummary.array()).catch(() => []),
        Promise.all(ids.map((id) => this.countsOf(id)))
      ]);
      const known = new Map(journeys.flatMap((j) => (j ? [[j.courseId, j] as const] : [])));
      const discussions = new Map(counts.flatMap((c) => (c ? [[c.courseId, c] as const] : [])));
      if (mine === this.generation) this.set({ kind: 'ready', me, catalog, certificates, badges, progress: new Map(progress), journeys: known, discussions });
      // Logged in now (the calls above did it): follow live events.
      this.live?.connect();
    } catch (err) {
      if (mine === this.generation) this.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** A journey the server cannot give (e.g. an older server) leaves the rest of the sidebar working. */
  private journeyOf(courseId: string): Promise<LearningJourney | null> {
    return fetchJourney(this.client, courseId).catch(() => null);
  }

  /** Counts the server cannot give leave the lesson rows without them. */
  private countsOf(courseId: string): Promise<DiscussionCounts | null> {
    return fetchDiscussionCounts(this.client, courseId).catch(() => null);
  }

  /** Debounced per course: a busy lesson's discussion must not cost a request per post per tab. */
  refreshDiscussions(courseId: string): void {
    if (this.countTimers.has(courseId)) return;
    this.countTimers.set(
      courseId,
      setTimeout(() => {
        this.countTimers.delete(courseId);
        this.readCounts(courseId);
      }, COUNTS_DEBOUNCE_MS)
    );
  }

  private readCounts(courseId: string): void {
    const mine = this.generation;
    void this.countsOf(courseId).then((counts) => {
      const state = this._state;
      if (!counts || mine !== this.generation || state.kind !== 'ready') return;
      this.set({ ...state, discussions: new Map(state.discussions).set(courseId, counts) });
    });
  }

  /** A graded submission moves points and milestones even when nothing else changed: reload that course's journey only. */
  private async refreshJourney(courseId: string): Promise<void> {
    const mine = this.generation;
    const journey = await this.journeyOf(courseId);
    const state = this._state;
    if (!journey || mine !== this.generation || state.kind !== 'ready') return;
    this.set({ ...state, journeys: new Map(state.journeys).set(courseId, journey) });
  }

  private onLive(_: ILiveEvents, event: LiveEvent): void {
    if (event.type === 'certificate.issued' || event.type === 'certificate.revoked' || event.type === 'badge.issued' || event.type === 'progress.updated') void this.refresh(true);
    else if (event.type === 'submission.graded') void this.refreshJourney(event.submission.courseId);
    else if (event.type === 'discussion.notify' || event.type === 'discussion.changed') this.refreshDiscussions(event.courseId);
  }

  private set(state: IAcademyCatalog.State): void {
    this._state = state;
    this._changed.emit(state);
  }
}
