import { createHash } from 'node:crypto';
import type { Image, TypedArray } from 'itk-wasm';

/** Small helpers the converters and phantoms share. */

export interface IGeometry {
  size: number[];
  spacing: number[];
  origin: number[];
  /** Row-major direction cosines; identity when left out. */
  direction?: number[];
}

type ScalarType = 'int16' | 'uint8';

export function makeImage(componentType: ScalarType, geometry: IGeometry, data: Int16Array | Uint8Array): Image {
  const dimension = geometry.size.length;
  const count = geometry.size.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new Error(`image: ${data.length} values for size ${geometry.size.join('×')}`);
  const identity = Array.from({ length: dimension * dimension }, (_, i) => (i % (dimension + 1) === 0 ? 1 : 0));
  return {
    imageType: { dimension, componentType, pixelType: 'Scalar', components: 1 },
    name: 'image',
    origin: [...geometry.origin],
    spacing: [...geometry.spacing],
    direction: new Float64Array(geometry.direction ?? identity),
    size: [...geometry.size],
    metadata: new Map(),
    data
  } as unknown as Image;
}

export function geometryOf(image: Image): IGeometry {
  return { size: image.size, spacing: image.spacing, origin: image.origin, direction: Array.from(image.direction as ArrayLike<number>) };
}

/**
 * The ITK example slices are grey PNGs stored as RGB: keep one channel as a uint8 scalar image
 * (refusing a picture whose channels differ, which would not be grey).
 */
export function greyScalar(image: Image): Image {
  const data = image.data as TypedArray;
  const channels = image.imageType.components;
  if (image.imageType.componentType !== 'uint8') throw new Error(`grey: expected uint8 pixels, got ${image.imageType.componentType}`);
  if (channels === 1) return image;
  const count = data.length / channels;
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const v = Number(data[i * channels]);
    for (let c = 1; c < Math.min(channels, 3); c++) {
      if (Number(data[i * channels + c]) !== v) throw new Error('grey: the picture has colour, not one grey value per pixel');
    }
    out[i] = v;
  }
  return makeImage('uint8', geometryOf(image), out);
}

/** uint8 0/1 wherever the image is above zero (a binary mask from a skull-stripped volume). */
export function positiveMask(image: Image): Image {
  const data = image.data as TypedArray;
  const out = Uint8Array.from(data as ArrayLike<number>, (v) => (Number(v) > 0 ? 1 : 0));
  return makeImage('uint8', geometryOf(image), out);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws unless the image has the size (and, when given, spacing within 1e-3) the recipe expects. */
export function expectGrid(image: Image, size: number[], spacing?: number[]): void {
  const sizeOk = image.size.length === size.length && image.size.every((s, i) => s === size[i]);
  const spacingOk = !spacing || image.spacing.every((s, i) => Math.abs(s - (spacing[i] ?? 0)) < 1e-3);
  if (!sizeOk || !spacingOk) throw new Error(`unexpected grid ${image.size.join('×')} at ${image.spacing.join('×')} (expected ${size.join('×')}${spacing ? ` at ${spacing.join('×')}` : ''})`);
}
