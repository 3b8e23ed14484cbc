import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import type { TranslationBundle } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';
import type { IViewerPayload } from '@voxel-academy/kernel/display';
import type { ViewerConfig } from './config';
import { edgeLabels, formatValue, voxelAt, windowOf, WINDOW_PRESETS, type PresetId } from './geometry';
import type { INiivueView } from './niivue-view';

/**
 * `display(image)` as three orthogonal planes in patient space (niivue, loaded when the output
 * first comes into view): orientation letters on every edge, a crosshair whose LPS position,
 * voxel and value are read out, window presets at the image's full precision, a label overlay
 * with adjustable opacity. Until it is live (and where WebGL 2 is missing) the saved picture
 * shows, which is also what the notebook keeps for readers without the kernel.
 */
export class SliceViewer extends Widget implements IRenderMime.IRenderer {
  private payload: IViewerPayload | null = null;
  private picture = '';
  private view: INiivueView | null = null;
  private release: (() => void) | null = null;
  private visible: IntersectionObserver | null = null;
  private preset: PresetId;
  private readonly stage = el('div', 'va-SliceViewer-stage');
  private readonly canvas = el('canvas', 'va-SliceViewer-canvas');
  private readonly labels = el('div', 'va-SliceViewer-labels');
  private readonly readout = el('p', 'va-SliceViewer-readout');

  constructor(
    private readonly mimeType: string,
    private readonly config: ViewerConfig,
    private readonly trans: TranslationBundle
  ) {
    super();
    this.addClass('va-SliceViewer');
    this.preset = config.settings.preset;
    config.changed.connect(this.onSettings, this);
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.payload = model.data[this.mimeType] as unknown as IViewerPayload;
    this.picture = typeof model.data['image/png'] === 'string' ? model.data['image/png'] : '';
    if (this.payload?.version !== 2) {
      // An output saved by an older version: its picture is all there is.
      this.node.replaceChildren(this.staticPicture(this.trans.__('Run the cell again for the interactive viewer.')));
      return;
    }
    this.build(this.payload);
    this.visible = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void this.goLive();
    });
    this.visible.observe(this.node);
  }

  override dispose(): void {
    this.config.changed.disconnect(this.onSettings, this);
    this.visible?.disconnect();
    this.stop();
    super.dispose();
  }

  private build(payload: IViewerPayload): void {
    const { trans } = this;
    const controls = el('div', 'va-SliceViewer-controls');
    const preset = el('select', 'jp-mod-styled');
    preset.setAttribute('aria-label', trans.__('Window preset'));
    const names: Record<PresetId, string> = {
      image: trans.__('As displayed (level %1, width %2)', formatValue(payload.level), formatValue(payload.width)),
      'ct-brain': trans.__('CT brain (40/80)'),
      'ct-soft-tissue': trans.__('CT soft tissue (50/400)'),
      'ct-bone': trans.__('CT bone (600/2800)'),
      'ct-lung': trans.__('CT lung (−600/1500)')
    };
    for (const id of ['image', ...Object.keys(WINDOW_PRESETS)] as PresetId[]) preset.append(new Option(names[id], id, id === this.preset, id === this.preset));
    preset.addEventListener('change', () => {
      this.preset = preset.value as PresetId;
      this.view?.setWindow(windowOf(this.preset, payload));
    });
    controls.append(preset);
    if (payload.labels) {
      const opacity = el('input', 'va-SliceViewer-opacity');
      opacity.type = 'range';
      opacity.min = '0';
      opacity.max = '1';
      opacity.step = '0.05';
      opacity.value = String(this.config.settings.labelOpacity);
      opacity.setAttribute('aria-label', trans.__('Label opacity'));
      opacity.addEventListener('input', () => this.view?.setLabelOpacity(Number(opacity.value)));
      const label = el('label', 'va-SliceViewer-opacityLabel', trans.__('Labels '));
      label.append(opacity);
      controls.append(label);
    }
    const axes = el('span', 'va-SliceViewer-axes', trans.__('Index axes point towards %1', payload.axes));
    axes.dataset['axes'] = payload.axes;
    controls.append(axes);
    this.readout.setAttribute('aria-live', 'polite');
    this.readout.textContent = trans.__('Click a plane to place the crosshair and read the position and value there.');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', trans.__('Axial, coronal and sagittal planes of the image'));
    this.stage.replaceChildren(this.staticPicture(trans.__('Loading the interactive viewer…')));
    this.node.replaceChildren(controls, this.stage, this.readout);
  }

  private async goLive(): Promise<void> {
    const payload = this.payload;
    if (!payload || this.view || this.release || this.isDisposed) return;
    this.release = this.config.goLive(() => this.stop());
    try {
      const { createNiivueView, hasWebGl2 } = await import('./niivue-view');
      if (!hasWebGl2()) {
        this.stage.replaceChildren(this.staticPicture(this.trans.__('This browser cannot draw WebGL 2, so the saved picture is shown instead of the interactive viewer.')));
        return;
      }
      this.stage.replaceChildren(this.canvas, this.labels);
      this.view = await createNiivueView(this.canvas, payload, {
        convention: this.config.settings.convention,
        window: windowOf(this.preset, payload),
        labelOpacity: this.config.settings.labelOpacity,
        onLocation: (lps, value) => this.showLocation(payload, lps, value),
        onLayout: () => requestAnimationFrame(() => this.placeLabels())
      });
    } catch (err) {
      this.stage.replaceChildren(this.staticPicture(this.trans.__('The interactive viewer could not start (%1); the saved picture is shown.', err instanceof Error ? err.message : String(err))));
    }
  }

  /** Back to the picture (pushed out by newer viewers, or disposed); coming into view again restarts it. */
  private stop(): void {
    this.view?.dispose();
    this.view = null;
    this.release?.();
    this.release = null;
    if (!this.isDisposed && this.payload?.version === 2) {
      this.stage.replaceChildren(this.staticPicture(this.trans.__('Scroll here again to explore this image.')));
      this.visible?.disconnect();
      this.visible?.observe(this.node);
    }
  }

  private showLocation(payload: IViewerPayload, lps: [number, number, number], value: number): void {
    const voxel = voxelAt(payload, lps);
    this.readout.dataset['lps'] = lps.join(',');
    this.readout.dataset['voxel'] = voxel.join(',');
    this.readout.dataset['value'] = String(value);
    this.readout.textContent = this.trans.__('LPS (%1) mm · voxel [%2] · value %3', lps.map((v) => v.toFixed(1)).join(', '), voxel.join(', '), formatValue(value));
  }

  private placeLabels(): void {
    if (!this.view) return;
    const convention = this.config.settings.convention;
    const nodes: HTMLElement[] = [];
    for (const tile of this.view.tiles()) {
      const sides = edgeLabels(tile.plane, convention);
      const at: Record<keyof typeof sides, [number, number]> = {
        left: [tile.left + 4, tile.top + tile.height / 2],
        right: [tile.left + tile.width - 4, tile.top + tile.height / 2],
        top: [tile.left + tile.width / 2, tile.top + 4],
        bottom: [tile.left + tile.width / 2, tile.top + tile.height - 4]
      };
      for (const side of Object.keys(sides) as Array<keyof typeof sides>) {
        const label = el('span', `va-SliceViewer-label va-mod-${side}`, sides[side]);
        label.dataset['plane'] = String(tile.plane);
        label.dataset['side'] = side;
        label.style.left = `${at[side][0]}px`;
        label.style.top = `${at[side][1]}px`;
        nodes.push(label);
      }
    }
    this.labels.replaceChildren(...nodes);
  }

  private onSettings(): void {
    this.view?.setConvention(this.config.settings.convention);
    this.view?.setLabelOpacity(this.config.settings.labelOpacity);
  }

  private staticPicture(note: string): HTMLElement {
    const box = el('div', 'va-SliceViewer-static');
    if (this.picture) {
      const img = el('img', '');
      img.src = `data:image/png;base64,${this.picture}`;
      img.alt = this.trans.__('Axial, coronal and sagittal middle slices of the image');
      box.append(img);
    }
    box.append(el('p', 'va-SliceViewer-note', note));
    return box;
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
