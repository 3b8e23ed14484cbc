import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compareImagesNode } from '@itk-wasm/compare-images';
import { readDicomTagsNode, readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { downsampleNode, resampleToReferenceNode } from '@itk-wasm/downsample';
import { defaultParameterMapNode, elastixNode, transformixNode } from '@itk-wasm/elastix';
import { readImageNode, writeImageNode } from '@itk-wasm/image-io';
import type { Image } from 'itk-wasm';
import { ITK_INTERPOLATOR, type IBinaryFile, type IItkBackend } from './core/itk.js';

export * from './index-common.js';

/** itk-wasm's Node functions take paths: bytes go through a private temporary folder. */
async function withTempFiles<T>(files: IBinaryFile[], run: (paths: string[], dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'voxel-kernel-'));
  try {
    const paths = await Promise.all(
      files.map(async (f, i) => {
        const path = join(dir, `${i}-${basename(f.path) || 'file'}`);
        await writeFile(path, f.data);
        return path;
      })
    );
    return await run(paths, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The same calls as the browser backend, through itk-wasm's `…Node` functions. */
export const nodeItkBackend: IItkBackend = {
  readImage: (file) => withTempFiles([file], ([path]) => readImageNode(path ?? '')),
  writeImage: (image, fileName) =>
    withTempFiles([], async (_paths, dir) => {
      const path = join(dir, basename(fileName));
      await writeImageNode(image, path);
      return new Uint8Array(await readFile(path));
    }),
  readDicomSeries: (files) => withTempFiles(files, async (paths) => (await readImageDicomFileSeriesNode({ inputImages: paths, singleSortedSeries: false })).outputImage),
  // The Node result's `tags` is a Map; the browser's is a list of pairs: both become pairs.
  readDicomTags: (file) => withTempFiles([file], async ([path]) => [...(await readDicomTagsNode(path ?? '')).tags]),
  downsample: async (image, shrinkFactors) => (await downsampleNode(image, { shrinkFactors })).downsampled,
  defaultParameterMap: async (transform) => (await defaultParameterMapNode(transform)).parameterMap,
  elastix: async (fixed, moving, parameterMaps) => {
    const out = await elastixNode(parameterMaps, { fixed, moving });
    return { result: out.result, transformParameters: out.transformParameterObject };
  },
  transformix: async (moving, transformParameters) => (await transformixNode(moving, transformParameters)).result,
  resampleToReference: async (image, reference, interpolator) => (await resampleToReferenceNode(image, reference, { interpolator: ITK_INTERPOLATOR[interpolator] })).output,
  compareImages: async (test: Image, baseline: Image, differenceThreshold) => {
    const out = await compareImagesNode(test, { baselineImages: [baseline], differenceThreshold });
    return { metrics: out.metrics as unknown as Record<string, number>, differenceImage: out.differenceImage };
  }
};
