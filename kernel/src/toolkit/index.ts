// Voxel Academy image toolkit: the small operations itk-wasm's published
// packages lack (smoothing, Otsu, binary morphology, connected components,
// label statistics, histogram, window/level). Every function takes and returns
// itk-wasm `Image` objects (2D or 3D, scalar), keeps the input geometry and
// works in physical units where a size or distance is involved. Results are
// checked against scipy/scikit-image fixtures (kernel/scripts/make-toolkit-fixtures.py).
export { gaussianSmooth, gaussianKernel1d, GAUSSIAN_TRUNCATE } from './gaussian.js';
export { otsuThreshold, binaryThreshold, type OtsuResult } from './threshold.js';
export { binaryErode, binaryDilate, binaryOpen, binaryClose, ballOffsets, ballRuns, type BallRun } from './morphology.js';
export { connectedComponents, largestComponent, defaultConnectivity, type Connectivity, type ComponentsResult } from './components.js';
export { labelStatistics, type LabelStatistics, type IntensityStatistics } from './statistics.js';
export { histogram, windowLevel, type Histogram } from './histogram.js';
export { makeImage, indexToPhysical, type ImageInit } from './image-utils.js';
export { majorityVote, staple, type MajorityVoteOptions, type StapleOptions, type StapleResult } from './fusion.js';
export { blandAltman, icc, type BlandAltman, type IccForm, type IccResult } from './agreement.js';
