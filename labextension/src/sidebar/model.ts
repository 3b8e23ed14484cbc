import { Signal, type ISignal } from '@lumino/signaling';
import { ApiPath, BadgeSummary, type LearningJourney, type LiveEvent } from '@voxel-academy/protocol';
import { fetchJourney, fetchProgress } from '../lessons/lesson-api';
import type { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';

/** The catalog, the learner's progress, journeys and certificates; live events refresh it quietly. */
export class CatalogModel implements IAcademyCatalog {
  private _state: IAcademyCatalog.State = { kind: 'loading' };
  private readonly _changed = new Signal<IAcademyCatalog, IAcademyCatalog.State>(this);
  private generation = 0;

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
      const [progress, journeys, badges] = await Promise.all([
        Promise.all(ids.map(async (id) => [id, await fetchProgress(this.client, id)] as const)),
        Promise.all(ids.map((id) => this.journeyOf(id))),
        this.client.request(ApiPath.badges, BadgeSummary.array()).catch(() => [])
      ]);
      const known = new Map(journeys.flatMap((j) => (j ? [[j.courseId, j] as const] : [])));
      if (mine === this.generation) this.set({ kind: 'ready', me, catalog, certificates, badges, progress: new Map(progress), journeys: known });
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
  }

  private set(state: IAcademyCatalog.State): void {
    this._state = state;
    this._changed.emit(state);
  }
}
