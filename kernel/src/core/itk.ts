import type { Image, JsonCompatible } from 'itk-wasm';
import { withProgress, type ProgressSink } from './progress.js';

/** A file as bytes plus its name (the extension selects the format). */
export interface IBinaryFile {
  path: string;
  data: Uint8Array;
}

export type TransformName = 'translation' | 'rigid' | 'affine' | 'bspline';

export type Interpolator = 'linear' | 'nearest' | 'label';

/** itk-wasm's names for the interpolators. */
export const ITK_INTERPOLATOR: Record<Interpolator, string> = { linear: 'linear', nearest: 'nearest_neighbor', label: 'label_image' };

export interface IRegistration {
  result: Image;
  /** elastix's transform parameter object (apply it again with transformix). */
  transformParameters: JsonCompatible;
}

export interface ICompareResult {
  /** compare-images' metrics: minimum/maximum/mean difference, number of differing pixels… */
  metrics: Record<string, number>;
  differenceImage: Image;
}

/**
 * The itk-wasm calls cells use, with one signature in both environments. The browser backend
 * wraps itk-wasm's browser functions (pipelines from the extension's static files, run in the
 * kernel worker's own thread); the Node backend wraps the `…Node` functions.
 */
export interface IItkBackend {
  readImage(file: IBinaryFile): Promise<Image>;
  writeImage(image: Image, fileName: string): Promise<Uint8Array>;
  readDicomSeries(files: IBinaryFile[]): Promise<Image>;
  /** Every tag of a DICOM file as [tag, value] pairs, tags written "gggg|eeee". */
  readDicomTags(file: IBinaryFile): Promise<[string, string][]>;
  downsample(image: Image, shrinkFactors: number[]): Promise<Image>;
  defaultParameterMap(transform: TransformName): Promise<JsonCompatible>;
  elastix(fixed: Image, moving: Image, parameterMaps: JsonCompatible[]): Promise<IRegistration>;
  transformix(moving: Image, transformParameters: JsonCompatible): Promise<Image>;
  resampleToReference(image: Image, reference: Image, interpolator: Interpolator): Promise<Image>;
  compareImages(test: Image, baseline: Image, differenceThreshold: number): Promise<ICompareResult>;
}

/** Which published package a call loads, for the "loading…" message on first use. */
const PACKAGE_OF: Record<keyof IItkBackend, string> = {
  readImage: 'image-io',
  writeImage: 'image-io',
  readDicomSeries: 'dicom',
  readDicomTags: 'dicom',
  downsample: 'downsample',
  defaultParameterMap: 'elastix',
  elastix: 'elastix',
  transformix: 'elastix',
  resampleToReference: 'downsample',
  compareImages: 'compare-images'
};

/** The formats whose pipelines the extension ships (labextension/webpack.config.js); Node accepts the same list so notebooks behave alike. Any other extension would make image-io try every format. */
export const IMAGE_EXTENSIONS = ['.nii', '.nii.gz', '.nrrd', '.nhdr', '.mha', '.mhd', '.png', '.jpg', '.jpeg', '.tif', '.tiff', '.vtk', '.dcm'];

export class ItkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItkError';
  }
}

/** Notified around first use of each package (the kernel prints a progress line). */
export type LoadReporter = (pkg: string, phase: 'start' | 'done', ms: number) => void;

export interface IItkNamespace {
  readImage(file: IBinaryFile | Uint8Array, name?: string): Promise<Image>;
  writeImage(image: Image, fileName: string): Promise<Uint8Array>;
  readDicomSeries(files: IBinaryFile[]): Promise<Image>;
  /** A DICOM file's tags as a plain object keyed "gggg|eeee" (e.g. "0008|0060" modality), values without DICOM's trailing padding. */
  readDicomTags(file: IBinaryFile | Uint8Array): Promise<Record<string, string>>;
  downsample(image: Image, factors: number | number[]): Promise<Image>;
  register(fixed: Image, moving: Image, transform?: TransformName | JsonCompatible[]): Promise<IRegistration>;
  /** Applies a registration's transform to another image (a label map, another series). */
  applyTransform(moving: Image, registration: IRegistration | JsonCompatible): Promise<Image>;
  /** Resamples onto a reference image's grid ('label' for label maps: no new label values). */
  resampleLike(image: Image, reference: Image, interpolator?: Interpolator): Promise<Image>;
  compareImages(test: Image, baseline: Image, options?: { differenceThreshold?: number }): Promise<ICompareResult>;
  /** Unwrapped backend, for calls not covered above. */
  backend: IItkBackend;
}

/** The `itk` object cells see: checked arguments, readable errors, lazy-load progress. */
export function itkNamespace(backend: IItkBackend, report: LoadReporter = () => undefined, progress?: ProgressSink): IItkNamespace {
  const loaded = new Set<string>();
  const call = async <T>(name: keyof IItkBackend, run: () => Promise<T>): Promise<T> => {
    const pkg = PACKAGE_OF[name];
    const first = !loaded.has(pkg);
    const started = Date.now();
    if (first) report(pkg, 'start', 0);
    try {
      const value = await run();
      if (first) {
        loaded.add(pkg);
        report(pkg, 'done', Date.now() - started);
      }
      return value;
    } catch (err) {
      throw explain(name, err);
    }
  };
  const checkImage = (image: unknown, what: string): void => {
    if (typeof image !== 'object' || image === null || !('imageType' in image)) throw new ItkError(`${what} must be an itk Image (from itk.readImage or course.data)`);
  };
  return {
    readImage: (file, name) => {
      const bf: IBinaryFile = file instanceof Uint8Array ? { path: name ?? '', data: file } : file;
      const lower = bf.path.toLowerCase();
      if (!IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
        return Promise.reject(new ItkError(`"${bf.path || '(no name)'}" has no image file extension this kernel reads (${IMAGE_EXTENSIONS.join(', ')})`));
      }
      return call('readImage', () => backend.readImage(bf));
    },
    writeImage: (image, fileName) => call('writeImage', () => backend.writeImage(image, fileName)),
    readDicomSeries: (files) => withProgress(progress, `itk.readDicomSeries: reading ${files.length} DICOM files`, () => call('readDicomSeries', () => backend.readDicomSeries(files))),
    readDicomTags: async (file) => {
      const bf: IBinaryFile = file instanceof Uint8Array ? { path: 'file.dcm', data: file } : file;
      if (!(bf.data instanceof Uint8Array)) throw new ItkError('readDicomTags: give a file from course.files(...) or course.file(...)');
      const tags = await call('readDicomTags', () => backend.readDicomTags(bf));
      return Object.fromEntries(tags.map(([tag, value]) => [tag, value.replace(/[\s\0]+$/, '')]));
    },
    downsample: async (image, factors) => {
      checkImage(image, 'downsample: the image');
      const shrink = Array.isArray(factors) ? factors : image.size.map(() => factors);
      return call('downsample', () => backend.downsample(image, shrink));
    },
    register: async (fixed, moving, transform = 'rigid') => {
      checkImage(fixed, 'register: the fixed image');
      checkImage(moving, 'register: the moving image');
      const what = typeof transform === 'string' ? transform : `${transform.length} parameter maps`;
      // elastix reports no steps while it runs: the cell shows what runs and for how long.
      return withProgress(progress, `itk.register: elastix (${what})`, () =>
        call('elastix', async () => {
          const maps = typeof transform === 'string' ? [await backend.defaultParameterMap(transform)] : transform;
          return backend.elastix(fixed, moving, maps);
        })
      );
    },
    applyTransform: async (moving, registration) => {
      checkImage(moving, 'applyTransform: the image');
      const parameters = typeof registration === 'object' && registration !== null && 'transformParameters' in registration ? registration.transformParameters : registration;
      return withProgress(progress, 'itk.applyTransform: transformix', () => call('transformix', () => backend.transformix(moving, parameters as JsonCompatible)));
    },
    resampleLike: async (image, reference, interpolator = 'linear') => {
      checkImage(image, 'resampleLike: the image');
      checkImage(reference, 'resampleLike: the reference');
      return call('resampleToReference', () => backend.resampleToReference(image, gridOf(reference, image), interpolator));
    },
    compareImages: (test, baseline, options = {}) => call('compareImages', () => backend.compareImages(test, baseline, options.differenceThreshold ?? 0)),
    backend
  };
}

/**
 * Only the reference's geometry matters, but the pipeline fails unless its pixel type matches
 * the image's (e.g. a uint8 mask onto an int16 CT grid): hand it the grid with the image's type.
 */
function gridOf(reference: Image, image: Image): Image {
  const same = reference.imageType.componentType === image.imageType.componentType && reference.imageType.components === image.imageType.components && reference.imageType.pixelType === image.imageType.pixelType;
  if (same) return reference;
  const voxels = reference.size.reduce((a, b) => a * b, 1) * image.imageType.components;
  const Data = (image.data as { constructor: new (n: number) => NonNullable<Image['data']> } | null)?.constructor ?? Float32Array;
  return { ...reference, imageType: { ...image.imageType, dimension: reference.imageType.dimension }, data: new Data(voxels) };
}

/** itk-wasm pipelines throw a bare exit code: say what failed instead. */
function explain(name: string, err: unknown): unknown {
  if (typeof err === 'number') {
    return new ItkError(`itk.${name} failed (itk-wasm pipeline exit code ${err}): the input is probably not a supported image, or the parameters do not fit it`);
  }
  if (err instanceof Error && /Could not (find IO for|read)/i.test(err.message)) return new ItkError(`itk.${name}: the file is not an image in a format this kernel reads, or it is damaged`);
  return err;
}
