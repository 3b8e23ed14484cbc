// Extra rspack configuration merged by @jupyter/builder (package.json jupyterlab.webpackConfig).
// CommonJS because the builder loads it with require().
/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('node:path');
const { CopyRspackPlugin } = require('@rspack/core');

// The itk-wasm pipelines the extension ships: the teaching subset (about 18 MB compressed).
// Other formats and filters are left out on purpose; kernel/src/core/itk.ts lists the same
// image formats.
const rw = (format) => [`${format}-read-image`, `${format}-write-image`];

const PIPELINES = [
  { pkg: 'image-io', names: ['nifti', 'nrrd', 'meta', 'png', 'jpeg', 'tiff', 'vtk', 'gdcm'].flatMap(rw) },
  { pkg: 'dicom', names: ['read-image-dicom-file-series', 'read-dicom-tags'] },
  {
    pkg: 'downsample',
    names: ['downsample', 'downsample-bin-shrink', 'downsample-label-image', 'downsample-sigma', 'gaussian-kernel-radius', 'resample', 'resample-bounding-box', 'resample-to-reference']
  },
  { pkg: 'elastix', names: ['elastix', 'transformix', 'default-parameter-map', 'read-parameter-files', 'write-parameter-files'] },
  { pkg: 'compare-images', names: ['compare-double-images', 'vector-magnitude'] }
];

const nodeModules = path.resolve(__dirname, '..', 'node_modules');

module.exports = {
  module: {
    rules: [
      // The kernel worker is bundled on its own (scripts/build-worker.mjs). As an asset it keeps
      // its module type; as a module rspack would rewrite `new Worker(...)` into a classic worker.
      { test: /\.worker\.js$/, type: 'asset/resource', generator: { filename: '[name].[contenthash][ext]' } }
    ]
  },
  plugins: [
    // itk-wasm pipelines served from the extension's own static files: no CDN, no off-origin request.
    new CopyRspackPlugin({
      patterns: [
        // What the kernel worker imports lazily (scripts/build-worker.mjs), beside the worker so
        // its relative imports resolve: TensorFlow.js comes from here, never from a CDN.
        { from: path.resolve(__dirname, 'lib', 'kernel', 'kernel-chunks'), to: 'kernel-chunks' }
      ].concat(PIPELINES.flatMap(({ pkg, names }) =>
        names.flatMap((name) =>
          ['.js', '.wasm.zst'].map((ext) => ({
            from: path.join(nodeModules, '@itk-wasm', pkg, 'dist', 'pipelines', name + ext),
            to: `itk-pipelines/${pkg}/${name}${ext}`
          }))
        )
      ))
    })
  ]
};
