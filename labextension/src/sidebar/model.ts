import { Signal, type ISignal } from '@lumino/signaling';
import type { Catalog, Me } from '@voxel-academy/protocol';
import type { IAcademyClient } from '../tokens';

export type CatalogState =
  | { kind: 'loading' }
  | { kind: 'ready'; catalog: Catalog; me: Me }
  | { kind: 'error'; message: string };

/** What the Academy sidebar shows; the view only renders `state` and calls `refresh`. */
export class CatalogModel {
  private _state: CatalogState = { kind: 'loading' };
  private readonly _changed = new Signal<CatalogModel, CatalogState>(this);
  private generation = 0;

  constructor(private readonly client: IAcademyClient) {
    client.serviceChanged.connect(() => void this.refresh());
  }

  get state(): CatalogState {
    return this._state;
  }

  get changed(): ISignal<CatalogModel, CatalogState> {
    return this._changed;
  }

  async refresh(): Promise<void> {
    // A slower earlier refresh must not overwrite a newer answer.
    const mine = ++this.generation;
    this.set({ kind: 'loading' });
    try {
      const [me, catalog] = await Promise.all([this.client.me(), this.client.catalog()]);
      if (mine === this.generation) this.set({ kind: 'ready', me, catalog });
    } catch (err) {
      if (mine === this.generation) this.set({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  private set(state: CatalogState): void {
    this._state = state;
    this._changed.emit(state);
  }
}
