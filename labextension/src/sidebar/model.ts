import { Signal, type ISignal } from '@lumino/signaling';
import type { CourseProgress, LiveEvent } from '@voxel-academy/protocol';
import { fetchProgress } from '../lessons/lesson-api';
import type { IAcademyCatalog, IAcademyClient, ILiveEvents } from '../tokens';

/** The catalog, the learner's progress and certificates; live events refresh it quietly. */
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
      const progress: ReadonlyMap<string, CourseProgress> = new Map(
        await Promise.all(catalog.courses.map(async (c) => [c.id, await fetchProgress(this.client, c.id)] as const))
      );
      if (mine === this.generation) this.set({ kind: 'ready', me, catalog, certificates, progress });
      // Logged in now (the calls above did it): follow live events.
      this.live?.connect();
    } catch (err) {
      if (mine === this.generation) this.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private onLive(_: ILiveEvents, event: LiveEvent): void {
    if (event.type === 'certificate.issued' || event.type === 'progress.updated') void this.refresh(true);
  }

  private set(state: IAcademyCatalog.State): void {
    this._state = state;
    this._changed.emit(state);
  }
}
