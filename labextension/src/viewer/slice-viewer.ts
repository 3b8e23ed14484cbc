import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { Widget } from '@lumino/widgets';
import type { IViewerPayload } from '@voxel-academy/kernel/display';
import { AXIS_NAMES, ViewerVolume, type Axis } from './volume';

/**
 * The interactive slice viewer for `display(image)`: scroll slices (slider or mouse wheel),
 * change axis, window/level, label overlay. Everything it shows comes from the saved output,
 * so it works again after the notebook is reopened, without the kernel.
 */
export class SliceViewer extends Widget implements IRenderMime.IRenderer {
  private volume: ViewerVolume | null = null;
  private axis: Axis = 2;
  private index = 0;
  private level = 0;
  private width = 1;
  private showLabels = true;
  private readonly canvas = document.createElement('canvas');
  private readonly readout = document.createElement('span');
  private readonly sliceInput = slider('Slice');
  private readonly levelInput = slider('Level');
  private readonly widthInput = slider('Window');

  constructor(private readonly mimeType: string) {
    super();
    this.addClass('va-SliceViewer');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const payload = model.data[this.mimeType] as unknown as IViewerPayload;
    this.volume = new ViewerVolume(payload);
    this.level = payload.level;
    this.width = payload.width;
    this.index = Math.floor(this.volume.depth(this.axis) / 2);
    this.build();
    this.draw();
  }

  private build(): void {
    const volume = this.volume;
    if (!volume) return;
    const node = this.node;
    node.replaceChildren();
    const controls = document.createElement('div');
    controls.className = 'va-SliceViewer-controls';
    const axis = document.createElement('select');
    axis.setAttribute('aria-label', 'Axis');
    for (const a of [2, 1, 0] as Axis[]) axis.append(new Option(AXIS_NAMES[a], String(a), a === this.axis, a === this.axis));
    axis.addEventListener('change', () => {
      this.axis = Number(axis.value) as Axis;
      this.index = Math.floor(volume.depth(this.axis) / 2);
      this.draw();
    });
    const [lo, hi] = volume.payload.range;
    configure(this.levelInput.input, lo, hi, this.level, (v) => (this.level = v), () => this.draw());
    configure(this.widthInput.input, (hi - lo) / 255, hi - lo, this.width, (v) => (this.width = v), () => this.draw());
    configure(this.sliceInput.input, 0, volume.depth(this.axis) - 1, this.index, (v) => (this.index = Math.round(v)), () => this.draw());
    this.sliceInput.input.step = '1';
    controls.append(axis, this.sliceInput.label, this.levelInput.label, this.widthInput.label);
    if (volume.labels) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = this.showLabels;
      box.addEventListener('change', () => {
        this.showLabels = box.checked;
        this.draw();
      });
      const label = document.createElement('label');
      label.append(box, ' Labels');
      controls.append(label);
    }
    this.readout.className = 'va-SliceViewer-readout';
    this.canvas.className = 'va-SliceViewer-canvas';
    this.canvas.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault();
        this.index = Math.min(volume.depth(this.axis) - 1, Math.max(0, this.index + Math.sign(event.deltaY)));
        this.draw();
      },
      { passive: false }
    );
    node.append(controls, this.canvas, this.readout);
  }

  private draw(): void {
    const volume = this.volume;
    if (!volume) return;
    const image = volume.render(this.axis, this.index, this.level, this.width, this.showLabels);
    const { spacing } = volume.plane(this.axis);
    this.canvas.width = image.width;
    this.canvas.height = image.height;
    this.canvas.getContext('2d')?.putImageData(new ImageData(image.data, image.width, image.height), 0, 0);
    // Physical proportions on screen, at most 320 px wide.
    const scale = Math.min(320 / (image.width * spacing[0]), 320 / (image.height * spacing[1]));
    this.canvas.style.width = `${Math.round(image.width * spacing[0] * scale)}px`;
    this.canvas.style.height = `${Math.round(image.height * spacing[1] * scale)}px`;
    const depth = volume.depth(this.axis);
    this.sliceInput.input.max = String(depth - 1);
    this.sliceInput.input.value = String(this.index);
    this.readout.textContent = `${AXIS_NAMES[this.axis]} slice ${this.index + 1}/${depth} · level ${round(this.level)} · window ${round(this.width)}`;
  }
}

function slider(title: string): { label: HTMLLabelElement; input: HTMLInputElement } {
  const input = document.createElement('input');
  input.type = 'range';
  input.setAttribute('aria-label', title);
  const label = document.createElement('label');
  label.append(`${title} `, input);
  return { label, input };
}

function configure(input: HTMLInputElement, min: number, max: number, value: number, set: (v: number) => void, redraw: () => void): void {
  input.min = String(min);
  input.max = String(max);
  input.step = String((max - min) / 255 || 1);
  input.value = String(value);
  input.addEventListener('input', () => {
    set(Number(input.value));
    redraw();
  });
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toPrecision(3);
}
