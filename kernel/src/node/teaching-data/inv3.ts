import { gunzipSync } from 'node:zlib';
import type { Image } from 'itk-wasm';
import { readTar, type ITarEntry } from '../../core/tar.js';
import { makeImage } from './images.js';

/**
 * Reads an InVesalius 3 project (`.inv3`): a gzip tar holding `main.plist` (the CT's dtype,
 * shape as [slices, rows, columns], spacing as [x, y, z]), `matrix.dat` (the raw CT, C order,
 * little-endian) and one `mask_<n>.plist`/`.dat` pair per mask. InVesalius keeps each mask one
 * voxel larger on every axis: index 0 of each axis holds per-slice "already thresholded"
 * flags, so the mask proper is `[1:, 1:, 1:]`, with 255 inside and 0 (or 1) outside.
 */

export type PlistValue = string | number | boolean | PlistValue[] | { [key: string]: PlistValue };

/** A minimal XML property-list parser: dict, array, string, integer, real, true, false. */
export function parsePlist(xml: string): PlistValue {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? [];
  let i = tokens.findIndex((t) => t.startsWith('<plist'));
  if (i < 0) throw new Error('plist: no <plist> element');
  i++;
  const skipText = (): void => {
    while (i < tokens.length && !(tokens[i] ?? '').startsWith('<')) i++;
  };
  const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const textUntil = (close: string): string => {
    let out = '';
    while (i < tokens.length && tokens[i] !== close) out += tokens[i++] ?? '';
    i++;
    return unescape(out);
  };
  const value = (): PlistValue => {
    skipText();
    const tag = tokens[i++] ?? '';
    if (tag === '<true/>') return true;
    if (tag === '<false/>') return false;
    if (tag === '<string/>') return '';
    if (tag === '<dict/>') return {};
    if (tag === '<array/>') return [];
    if (tag === '<string>') return textUntil('</string>');
    if (tag === '<integer>' || tag === '<real>') return Number(textUntil(tag.replace('<', '</')));
    if (tag === '<array>') {
      const items: PlistValue[] = [];
      for (skipText(); tokens[i] !== '</array>'; skipText()) items.push(value());
      i++;
      return items;
    }
    if (tag === '<dict>') {
      const dict: { [key: string]: PlistValue } = {};
      for (skipText(); tokens[i] !== '</dict>'; skipText()) {
        if (tokens[i++] !== '<key>') throw new Error('plist: a dict entry does not start with <key>');
        const key = textUntil('</key>');
        dict[key] = value();
      }
      i++;
      return dict;
    }
    throw new Error(`plist: unexpected ${tag || 'end of file'}`);
  };
  return value();
}

function dict(v: PlistValue | undefined, what: string): { [key: string]: PlistValue } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`inv3: ${what} is not a dictionary`);
  return v;
}

function numbers(v: PlistValue | undefined, n: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number')) throw new Error(`inv3: ${what} is not a list of ${n} numbers`);
  return v as number[];
}

export interface IInv3Mask {
  name: string;
  /** The threshold InVesalius built the mask with, in HU. */
  thresholdRange: [number, number];
  /** uint8 0/1 on the CT grid. */
  image: Image;
}

export interface IInv3Project {
  modality: string;
  /** InVesalius' orientation code (1 = axial). */
  orientation: number;
  ct: Image;
  masks: IInv3Mask[];
}

/**
 * InVesalius stores rows bottom-up for VTK (row 0 is posterior on an axial CT). The images
 * returned here are flipped to DICOM/ITK order (row 0 anterior, LPS with identity direction)
 * so slices display the usual way; the masks get the same flip.
 */
function flipRows(src: ArrayLike<number>, out: Int16Array | Uint8Array, nx: number, ny: number, nz: number, pad: number): void {
  const sx = nx + pad;
  const sy = ny + pad;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) {
      const from = (z + pad) * sx * sy + (y + pad) * sx + pad;
      const to = z * nx * ny + (ny - 1 - y) * nx;
      for (let x = 0; x < nx; x++) out[to + x] = src[from + x] ?? 0;
    }
  }
}

export function readInv3(gzipped: Uint8Array): IInv3Project {
  const entries = readTar(new Uint8Array(gunzipSync(gzipped)));
  const member = (name: string): ITarEntry => {
    const found = entries.find((e) => e.name === name || e.name.endsWith(`/${name}`));
    if (!found) throw new Error(`inv3: the project has no ${name}`);
    return found;
  };
  const plist = (name: string) => dict(parsePlist(new TextDecoder().decode(member(name).data)), name);
  const main = plist('main.plist');
  const matrix = dict(main.matrix, 'main.plist matrix');
  if (matrix.dtype !== 'int16') throw new Error(`inv3: the CT is ${String(matrix.dtype)}, this reader handles int16`);
  const [nz, ny, nx] = numbers(matrix.shape, 3, 'matrix shape') as [number, number, number];
  const spacing = numbers(main.spacing, 3, 'spacing') as [number, number, number];
  const raw = member(String(matrix.filename)).data;
  if (raw.length !== nx * ny * nz * 2) throw new Error(`inv3: matrix.dat holds ${raw.length} bytes, not ${nx}×${ny}×${nz} int16`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const hu = new Int16Array(nx * ny * nz);
  for (let i = 0; i < hu.length; i++) hu[i] = view.getInt16(i * 2, true);
  const ctData = new Int16Array(hu.length);
  flipRows(hu, ctData, nx, ny, nz, 0);
  const geometry = { size: [nx, ny, nz], spacing, origin: [0, 0, 0] };
  const masks: IInv3Mask[] = [];
  for (const [, file] of Object.entries(dict(main.masks ?? {}, 'main.plist masks')).sort(([a], [b]) => Number(a) - Number(b))) {
    const m = plist(String(file));
    const shape = numbers(m.mask_shape, 3, 'mask_shape');
    if (shape[0] !== nz + 1 || shape[1] !== ny + 1 || shape[2] !== nx + 1) throw new Error(`inv3: mask shape ${shape.join('×')} does not fit the CT`);
    const bytes = member(String(m.mask_file)).data;
    const inside = Uint8Array.from(bytes, (v) => (v >= 128 ? 1 : 0));
    const data = new Uint8Array(nx * ny * nz);
    flipRows(inside, data, nx, ny, nz, 1);
    const range = numbers(m.threshold_range, 2, 'threshold_range') as [number, number];
    masks.push({ name: String(m.name), thresholdRange: range, image: makeImage('uint8', geometry, data) });
  }
  return { modality: String(main.modality), orientation: Number(main.orientation), ct: makeImage('int16', geometry, ctData), masks };
}
