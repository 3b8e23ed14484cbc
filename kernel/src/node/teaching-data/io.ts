import { nodeItkBackend } from '../../index-node.js';
import type { IImageIo } from './convert.js';

/** Reading and writing images through itk-wasm's Node pipelines (bytes in, bytes out). */
export const nodeImageIo: IImageIo = {
  readImage: (data, name) => nodeItkBackend.readImage({ path: name, data }),
  writeImage: (image, name) => nodeItkBackend.writeImage(image, name)
};
