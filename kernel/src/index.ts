import { compareImages, setPipelinesBaseUrl as setCompareImagesBase } from '@itk-wasm/compare-images';
import { readDicomTags, readImageDicomFileSeriesWorkerFunction, setPipelinesBaseUrl as setDicomBase } from '@itk-wasm/dicom';
import { downsample, resampleToReference, setPipelinesBaseUrl as setDownsampleBase } from '@itk-wasm/downsample';
import { defaultParameterMap, elastix, setPipelinesBaseUrl as setElastixBase, transformix } from '@itk-wasm/elastix';
import { readImage, setPipelinesBaseUrl as setImageIoBase, writeImage } from '@itk-wasm/image-io';
import { ITK_INTERPOLATOR, type IItkBackend } from './core/itk.js';

export * from './index-common.js';

/** The itk-wasm packages whose pipelines the extension copies, by folder name under the base URL. */
export const PIPELINE_PACKAGES = ['image-io', 'dicom', 'downsample', 'elastix', 'compare-images'] as const;

/**
 * itk-wasm's browser functions with pipelines fetched from `pipelinesBaseUrl/<package>/`
 * (the extension's own static files: never a CDN). They run in the calling thread
 * (`webWorker: false`) because the kernel already is a dedicated worker; itk-wasm keeps each
 * compiled pipeline module, so later calls are warm.
 */
export function browserItkBackend(pipelinesBaseUrl: string): IItkBackend {
  const base = pipelinesBaseUrl.replace(/\/+$/, '');
  setImageIoBase(`${base}/image-io`);
  setDicomBase(`${base}/dicom`);
  setDownsampleBase(`${base}/downsample`);
  setElastixBase(`${base}/elastix`);
  setCompareImagesBase(`${base}/compare-images`);
  const here = { webWorker: false } as const;
  return {
    readImage: async (file) => (await readImage({ path: file.path, data: file.data }, here)).image,
    writeImage: async (image, fileName) => (await writeImage(image, fileName, here)).serializedImage.data,
    // The package's readImageDicomFileSeries always starts a pool of extra workers (from a CDN
    // URL by default); its per-block function runs here instead.
    readDicomSeries: async (files) => (await readImageDicomFileSeriesWorkerFunction(files, false, here)).outputImage,
    readDicomTags: async (file) => [...(await readDicomTags({ path: file.path, data: file.data }, here)).tags],
    downsample: async (image, shrinkFactors) => (await downsample(image, { shrinkFactors, ...here })).downsampled,
    defaultParameterMap: async (transform) => (await defaultParameterMap(transform, here)).parameterMap,
    elastix: async (fixed, moving, parameterMaps) => {
      const out = await elastix(parameterMaps, { fixed, moving, ...here });
      return { result: out.result, transformParameters: out.transformParameterObject };
    },
    transformix: async (moving, transformParameters) => (await transformix(moving, transformParameters, here)).result,
    resampleToReference: async (image, reference, interpolator) => (await resampleToReference(image, reference, { interpolator: ITK_INTERPOLATOR[interpolator], ...here })).output,
    compareImages: async (test, baseline, differenceThreshold) => {
      const out = await compareImages(test, { baselineImages: [baseline], differenceThreshold, ...here });
      return { metrics: out.metrics as unknown as Record<string, number>, differenceImage: out.differenceImage };
    }
  };
}
