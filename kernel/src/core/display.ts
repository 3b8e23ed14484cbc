import { describeImage, inspect, isImage, isTypedArray, type IImageLike } from './format.js';
import { histogramSvg, profileSvg, scatterSvg, type IScatterOptions } from './plot.js';
import { encodePng, toBase64 } from './png.js';
import { autoWindow, extractSlice, LABEL_COLOURS, resample, windowed, type Axis, type ISlice } from './slices.js';
import { axisCodes, inLpsOrder } from './orientation.js';
import { viewerPayload, VIEWER_MIME } from './viewer-payload.js';

/** What Jupyter shows for one output: data by MIME type plus metadata. */
export interface IMimeBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** Options of `display(image, options)`. */
export interface IDisplayOptions {
  /** Window centre (level) and width in pixel units, e.g. 40/400 for a CT soft-tissue window. */
  level?: number;
  window?: number;
  /** A label map of the same size shown over the image (PNG and viewer). */
  labels?: IImageLike;
  /** Leave out the interactive viewer (keeps the notebook small). */
  viewer?: boolean;
}

/** Objects may render themselves, like IPython's `_repr_mimebundle_`. */
export interface IDisplayable {
  toMimeBundle(): IMimeBundle;
}

function isDisplayable(value: unknown): value is IDisplayable {
  return typeof value === 'object' && value !== null && typeof (value as Partial<IDisplayable>).toMimeBundle === 'function';
}

export function toMimeBundle(value: unknown, options: IDisplayOptions = {}): IMimeBundle {
  if (isDisplayable(value)) return value.toMimeBundle();
  if (isImage(value)) return imageBundle(value, options);
  if ((isTypedArray(value) || isNumberArray(value)) && value.length > 1) {
    return { data: { 'image/svg+xml': histogramSvg(value), 'text/plain': inspect(value) }, metadata: {} };
  }
  return { data: { 'text/plain': typeof value === 'string' ? value : inspect(value) }, metadata: {} };
}

/** `profile(values)`: shows numbers as a line plot instead of a histogram. */
export function profile(values: ArrayLike<number>): IDisplayable {
  return { toMimeBundle: () => ({ data: { 'image/svg+xml': profileSvg(values), 'text/plain': `profile of ${values.length} values` }, metadata: {} }) };
}

/** `scatter(x, y, options)`: points, e.g. a Bland–Altman plot (means against differences, lines at the bias and limits). */
export function scatter(x: ArrayLike<number>, y: ArrayLike<number>, options: IScatterOptions = {}): IDisplayable {
  const svg = scatterSvg(x, y, options);
  return { toMimeBundle: () => ({ data: { 'image/svg+xml': svg, 'text/plain': `scatter plot of ${x.length} points` }, metadata: {} }) };
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number');
}

function imageBundle(image: IImageLike, options: IDisplayOptions): IMimeBundle {
  const auto = autoWindow(image);
  const level = options.level ?? auto.level;
  const width = options.window ?? auto.width;
  const axes: Axis[] = image.size.length >= 3 ? [2, 1, 0] : [2];
  // The saved picture is in anatomical order (radiological convention, as the viewer's default),
  // whatever the image's direction: a flipped acquisition does not show mirrored.
  const shown = inLpsOrder(image);
  const shownLabels = options.labels ? inLpsOrder({ ...options.labels, direction: options.labels.direction ?? image.direction }) : undefined;
  const tiles = axes.map((axis) => tile(shown, axis, level, width, shownLabels));
  const png = encodePng(...montage(tiles));
  const data: Record<string, unknown> = {
    'image/png': toBase64(png),
    'text/plain': `${describeImage(image)}${image.size.length >= 3 ? `, index axes towards ${axisCodes(image)}` : ''}`
  };
  if (options.viewer !== false) data[VIEWER_MIME] = viewerPayload(image, { level, width }, options.labels);
  return { data, metadata: {} };
}

interface ITile {
  rgb: Uint8Array;
  width: number;
  height: number;
}

function middle(image: IImageLike, axis: Axis): number {
  return Math.floor((image.size[axis] ?? 1) / 2);
}

function tile(image: IImageLike, axis: Axis, level: number, width: number, labels?: IImageLike): ITile {
  const slice = resample(extractSlice(image, axis, middle(image, axis)));
  const grey = windowed(slice.values, level, width);
  const rgb = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) rgb.fill(grey[i] ?? 0, i * 3, i * 3 + 3);
  if (labels) overlay(rgb, resampleLike(extractSlice(labels, axis, middle(labels, axis)), slice));
  return { rgb, width: slice.width, height: slice.height };
}

function resampleLike(labels: ISlice, like: ISlice): ISlice {
  const out = resample(labels, Math.max(like.width, like.height));
  return out.width === like.width && out.height === like.height ? out : { ...like, values: new Float64Array(like.values.length) };
}

/** Half-transparent colour where the label is non-zero. */
function overlay(rgb: Uint8Array, labels: ISlice): void {
  for (let i = 0; i < labels.values.length; i++) {
    const label = Math.round(labels.values[i] ?? 0);
    if (label <= 0) continue;
    const colour = LABEL_COLOURS[(label - 1) % LABEL_COLOURS.length] ?? [255, 0, 0];
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(((rgb[i * 3 + c] ?? 0) + (colour[c] ?? 0)) / 2);
  }
}

/** Tiles side by side on black, 4 px apart. */
function montage(tiles: ITile[]): [Uint8Array, number, number, 3] {
  const gap = 4;
  const height = Math.max(...tiles.map((t) => t.height));
  const width = tiles.reduce((w, t) => w + t.width, 0) + gap * (tiles.length - 1);
  const out = new Uint8Array(width * height * 3);
  let x0 = 0;
  for (const t of tiles) {
    for (let y = 0; y < t.height; y++) out.set(t.rgb.subarray(y * t.width * 3, (y + 1) * t.width * 3), (y * width + x0) * 3);
    x0 += t.width + gap;
  }
  return [out, width, height, 3];
}
