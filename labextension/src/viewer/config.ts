import { Signal, type ISignal } from '@lumino/signaling';
import type { Convention, PresetId } from './geometry';

/** What a learner can tune in Settings → Voxel Academy slice viewer (schema/viewer.json). */
export interface IViewerSettings {
  convention: Convention;
  /** The window a viewer opens with; 'image' keeps the one the cell chose. */
  preset: PresetId;
  labelOpacity: number;
  /** Interactive viewers alive at once; others show their saved picture until brought into view. */
  maxLive: number;
}

export const DEFAULT_VIEWER_SETTINGS: IViewerSettings = { convention: 'radiological', preset: 'image', labelOpacity: 0.5, maxLive: 6 };

/** The settings every viewer reads, and a signal when the learner changes them. */
export class ViewerConfig {
  private _settings: IViewerSettings = DEFAULT_VIEWER_SETTINGS;
  private readonly _changed = new Signal<ViewerConfig, IViewerSettings>(this);
  /** Live viewers, oldest first: each returns to its picture when pushed out. */
  private readonly live: Array<() => void> = [];

  get settings(): IViewerSettings {
    return this._settings;
  }

  get changed(): ISignal<ViewerConfig, IViewerSettings> {
    return this._changed;
  }

  update(settings: Partial<IViewerSettings>): void {
    this._settings = { ...this._settings, ...settings };
    this._changed.emit(this._settings);
  }

  /**
   * A viewer asks to go live; `stop` is called when newer viewers push it out (a page can hold
   * only a few WebGL contexts). Returns the function to call when it stops on its own.
   */
  goLive(stop: () => void): () => void {
    this.live.push(stop);
    while (this.live.length > Math.max(1, this._settings.maxLive)) this.live.shift()?.();
    return () => {
      const at = this.live.indexOf(stop);
      if (at >= 0) this.live.splice(at, 1);
    };
  }
}
