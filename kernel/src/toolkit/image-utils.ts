// Shared plumbing for the toolkit: reading itk-wasm images as plain numbers and
// building new images that keep the input's geometry.
//
// Layout convention (itk-wasm / ITK): `size`, `spacing` and `origin` are in
// (x, y[, z]) order and the pixel buffer is x-fastest, i.e. the linear index of
// (x, y, z) is x + nx * (y + ny * z). A numpy array of the same buffer therefore
// has shape (nz, ny, nx).
import type { Image, TypedArray } from 'itk-wasm';

export type ComponentType = Image['imageType']['componentType'];

/** A 2D image is handled as a 3D one with nz = 1, so every kernel has one code path. */
export interface Grid {
  readonly dimension: 2 | 3;
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** Spacing per axis; the z spacing of a 2D image is 1 and never used for distances. */
  readonly spacing: readonly [number, number, number];
  readonly voxelCount: number;
}

export function gridOf(image: Image): Grid {
  const dimension = image.imageType.dimension;
  if (dimension !== 2 && dimension !== 3) {
    throw new Error(`toolkit: only 2D and 3D images are supported (got dimension ${dimension})`);
  }
  if (image.size.length !== dimension || image.spacing.length !== dimension) {
    throw new Error('toolkit: size and spacing must have one entry per dimension');
  }
  for (const s of image.size) {
    if (!Number.isInteger(s) || s < 1) throw new Error(`toolkit: invalid size ${image.size.join('x')}`);
  }
  for (const s of image.spacing) {
    if (!(s > 0) || !Number.isFinite(s)) throw new Error(`toolkit: spacing must be positive (got ${image.spacing.join(', ')})`);
  }
  const nx = image.size[0];
  const ny = image.size[1];
  const nz = dimension === 3 ? image.size[2] : 1;
  const spacing: [number, number, number] = [image.spacing[0], image.spacing[1], dimension === 3 ? image.spacing[2] : 1];
  return { dimension, nx, ny, nz, spacing, voxelCount: nx * ny * nz };
}

function pixelBuffer(image: Image, grid: Grid): TypedArray {
  if (image.imageType.components !== 1) {
    throw new Error(`toolkit: expected a scalar image (got ${image.imageType.components} components)`);
  }
  const data = image.data;
  if (data === null) throw new Error('toolkit: image has no pixel data');
  if (data.length !== grid.voxelCount) {
    throw new Error(`toolkit: data length ${data.length} does not match size ${image.size.join('x')}`);
  }
  return data;
}

/**
 * Pixel values as numbers. 64-bit integer buffers are converted (values beyond
 * 2^53 lose precision, which is irrelevant for images); others are returned as-is
 * so that no copy is made on the common path.
 */
export function scalarValues(image: Image): ArrayLike<number> {
  const grid = gridOf(image);
  const data = pixelBuffer(image, grid);
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i]);
    return out;
  }
  return data;
}

/** Nonzero pixels are foreground, so label images and 0/255 masks work too. */
export function maskValues(image: Image): Uint8Array {
  const values = scalarValues(image);
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  return out;
}

export function isIntegerComponent(componentType: ComponentType): boolean {
  return componentType !== 'float32' && componentType !== 'float64';
}

/** A new scalar image with the same geometry (copied, so later edits to either do not alias). */
export function deriveImage(image: Image, data: TypedArray, componentType: ComponentType, name?: string): Image {
  const dimension = image.imageType.dimension;
  return {
    imageType: { dimension, componentType, pixelType: 'Scalar', components: 1 },
    name: name ?? image.name,
    origin: image.origin.slice(),
    spacing: image.spacing.slice(),
    direction: Float64Array.from(image.direction as ArrayLike<number | bigint>, Number),
    size: image.size.slice(),
    metadata: new Map(image.metadata),
    data
  };
}

export function deriveMask(image: Image, data: Uint8Array, name?: string): Image {
  return deriveImage(image, data, 'uint8', name);
}

/** Input for tests and notebook cells that build images by hand. */
export interface ImageInit {
  size: readonly number[];
  spacing?: readonly number[];
  origin?: readonly number[];
  /** Row-major dimension x dimension; identity when omitted. */
  direction?: readonly number[];
  data: TypedArray;
  componentType: ComponentType;
  name?: string;
}

export function makeImage(init: ImageInit): Image {
  const dimension = init.size.length;
  const identity = new Float64Array(dimension * dimension);
  for (let i = 0; i < dimension; i++) identity[i * dimension + i] = 1;
  const image: Image = {
    imageType: { dimension, componentType: init.componentType, pixelType: 'Scalar', components: 1 },
    name: init.name ?? 'image',
    origin: init.origin ? init.origin.slice() : new Array<number>(dimension).fill(0),
    spacing: init.spacing ? init.spacing.slice() : new Array<number>(dimension).fill(1),
    direction: init.direction ? Float64Array.from(init.direction) : identity,
    size: init.size.slice(),
    metadata: new Map(),
    data: init.data
  };
  gridOf(image);
  return image;
}

/**
 * Physical (LPS) point of a continuous index, ITK's convention:
 * p = origin + D · (spacing ⊙ index), D row-major.
 */
export function indexToPhysical(image: Image, index: readonly number[]): number[] {
  const d = image.imageType.dimension;
  const out = new Array<number>(d);
  for (let row = 0; row < d; row++) {
    let acc = image.origin[row];
    for (let col = 0; col < d; col++) acc += Number(image.direction[row * d + col]) * image.spacing[col] * index[col];
    out[row] = acc;
  }
  return out;
}
