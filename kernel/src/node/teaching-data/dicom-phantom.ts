import { writeTar } from '../../core/tar.js';

/**
 * A minimal DICOM writer for the phantom MR series: one Part-10 file per slice, explicit VR
 * little endian, MR Image Storage, 16-bit signed pixels, with the geometry tags ITK's series
 * reader sorts and places slices by. UIDs are fixed (2.25.* form) so the bytes are the same
 * on every run.
 */

const ROWS = 128;
const COLUMNS = 128;
const PIXEL_MM = 1.72;
const SLICE_MM = 7;
const UID_ROOT = '2.25.3141592653589793238462643383279';

function element(group: number, elem: number, vr: string, value: Uint8Array): Uint8Array {
  const padded = value.length % 2 ? concat([value, new Uint8Array([vr === 'UI' || vr === 'OB' || vr === 'OW' ? 0 : 0x20])]) : value;
  const long = vr === 'OB' || vr === 'OW' || vr === 'UN' || vr === 'SQ' || vr === 'UT';
  const head = new Uint8Array(long ? 12 : 8);
  const view = new DataView(head.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, elem, true);
  head[4] = vr.charCodeAt(0);
  head[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, padded.length, true);
  else view.setUint16(6, padded.length, true);
  return concat([head, padded]);
}

const str = (group: number, elem: number, vr: string, value: string): Uint8Array => element(group, elem, vr, new TextEncoder().encode(value));

function us(group: number, elem: number, value: number): Uint8Array {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, value, true);
  return element(group, elem, 'US', b);
}

function ul(group: number, elem: number, value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value, true);
  return element(group, elem, 'UL', b);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function sliceFile(index: number, pixels: Int16Array): Uint8Array {
  const instance = `${UID_ROOT}.3.${index + 1}`;
  const meta = [str(0x0002, 0x0001, 'OB', '\0\x01'), str(0x0002, 0x0002, 'UI', '1.2.840.10008.5.1.4.1.1.4'), str(0x0002, 0x0003, 'UI', instance), str(0x0002, 0x0010, 'UI', '1.2.840.10008.1.2.1')];
  const metaBytes = concat(meta);
  const z = (index * SLICE_MM).toFixed(2);
  const body = [
    str(0x0008, 0x0016, 'UI', '1.2.840.10008.5.1.4.1.1.4'),
    str(0x0008, 0x0018, 'UI', instance),
    str(0x0008, 0x0060, 'CS', 'MR'),
    str(0x0008, 0x0070, 'LO', 'Voxel Academy phantom'),
    str(0x0008, 0x103e, 'LO', 'PHANTOM PD AXIAL'),
    str(0x0010, 0x0010, 'PN', 'Phantom^Head'),
    str(0x0010, 0x0020, 'LO', 'PHANTOM'),
    str(0x0018, 0x0050, 'DS', '5'),
    str(0x0018, 0x0080, 'DS', '2300'),
    str(0x0018, 0x0081, 'DS', '22'),
    str(0x0018, 0x0088, 'DS', String(SLICE_MM)),
    str(0x0020, 0x000d, 'UI', `${UID_ROOT}.1`),
    str(0x0020, 0x000e, 'UI', `${UID_ROOT}.2`),
    str(0x0020, 0x0011, 'IS', '2'),
    str(0x0020, 0x0013, 'IS', String(index + 1)),
    str(0x0020, 0x0032, 'DS', `0\\0\\${z}`),
    str(0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0'),
    str(0x0020, 0x1041, 'DS', z),
    us(0x0028, 0x0002, 1),
    str(0x0028, 0x0004, 'CS', 'MONOCHROME2'),
    us(0x0028, 0x0010, ROWS),
    us(0x0028, 0x0011, COLUMNS),
    str(0x0028, 0x0030, 'DS', `${PIXEL_MM}\\${PIXEL_MM}`),
    us(0x0028, 0x0100, 16),
    us(0x0028, 0x0101, 16),
    us(0x0028, 0x0102, 15),
    us(0x0028, 0x0103, 1),
    element(0x7fe0, 0x0010, 'OW', new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength))
  ];
  return concat([new Uint8Array(128), new TextEncoder().encode('DICM'), ul(0x0002, 0x0000, metaBytes.length), metaBytes, ...body]);
}

/** A tar of `phantom_<nnn>.dcm` slices from a 128×128×19 volume (x fastest). */
export function dicomSeriesTar(values: number[]): Uint8Array {
  const perSlice = ROWS * COLUMNS;
  const slices = Math.floor(values.length / perSlice);
  const files = [];
  for (let k = 0; k < slices; k++) {
    const pixels = Int16Array.from(values.slice(k * perSlice, (k + 1) * perSlice), (v) => Math.max(0, Math.round(v)));
    files.push({ name: `phantom_${String(k + 1).padStart(3, '0')}.dcm`, data: sliceFile(k, pixels) });
  }
  return writeTar(files);
}
