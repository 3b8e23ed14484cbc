import { Signal, type ISignal } from '@lumino/signaling';
import type { Catalog, CertificateSummary, CourseProgress, LiveEvent, Me } from '@voxel-academy/protocol';
import { fetchProgress } from '../lessons/lesson-api';
import { liveFor, type LiveConnection } from '../live';
import type { IAcademyClient } from '../tokens';

export type CatalogState =
  | { kind: 'loading' }
  | { kind: 'ready'; catalog: Catalog; me: Me; certificates: CertificateSummary[]; progress: Map<string, CourseProgress> }
  | { kind: 'error'; message: string };

/** What the Academy sidebar shows; the view only renders `state` and calls `refresh`. */
export class CatalogModel {
  private _state: CatalogState = { kind: 'loading' };
  private readonly _changed = new Signal<CatalogModel, CatalogState>(this);
  private generation = 0;

  private live: LiveConnection | null = null;

  constructor(private readonly client: IAcademyClient) {
    client.serviceChanged.connect(() => {
      this.live?.received.disconnect(this.onLive, this);
      this.live = null;
      void this.refresh();
    });
  }

  get state(): CatalogState {
    return this._state;
  }

  get changed(): ISignal<CatalogModel, CatalogState> {
    return this._changed;
  }

  /** `quiet`: keep showing the current content while reloading (live updates, no flicker). */
  async refresh(quiet = false): Promise<void> {
    // A slower earlier refresh must not overwrite a newer answer.
    const mine = ++this.generation;
    if (!quiet || this._state.kind !== 'ready') this.set({ kind: 'loading' });
    try {
      const [me, catalog, certificates] = await Promise.all([this.client.me(), this.client.catalog(), this.client.certificates()]);
      const progress = new Map(
        await Promise.all(catalog.courses.map(async (c) => [c.id, await fetchProgress(this.client, c.id)] as const))
      );
      if (mine === this.generation) this.set({ kind: 'ready', me, catalog, certificates, progress });
      this.listen();
    } catch (err) {
      if (mine === this.generation) this.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Once logged in, follow live events: a new certificate or progress refreshes the view. */
  private listen(): void {
    if (this.live || !this.client.serviceUrl) return;
    this.live = liveFor(this.client.serviceUrl);
    this.live.received.connect(this.onLive, this);
  }

  private onLive(_: LiveConnection, event: LiveEvent): void {
    if (event.type === 'certificate.issued' || event.type === 'progress.updated') void this.refresh(true);
  }

  private set(state: CatalogState): void {
    this._state = state;
    this._changed.emit(state);
  }
}
