import { createGzip, deflateSync, gzipSync } from 'node:zlib';
import { writeNifti } from '../../src/imaging/nifti.js';
import { sphere } from './fixture-content.js';

/**
 * Files an attacker sends: each is small on the wire and expensive for a naive reader. Built
 * here (no binaries in git) for the regression tests, the abuse suite and the benchmarks.
 */

/** A PDF whose body is `objects` (numbered from 1) with a correct cross-reference table. */
export function pdfOf(objects: Array<string | Buffer>, root = '1 0 R'): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n', 'latin1')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(part);
    offset += part.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root ${root} >>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

function stream(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}

/** ~2 MB whose credential.json attachment inflates to `decodedMb` MB (zeros). */
export function pdfAttachmentBomb(decodedMb = 2048): Buffer {
  const bomb = deflateSync(Buffer.alloc(decodedMb * 1024 * 1024), { level: 9 });
  return pdfOf([
    '<< /Type /Catalog /Names << /EmbeddedFiles << /Names [(credential.json) 2 0 R] >> >> >>',
    '<< /Type /Filespec /F (credential.json) /EF << /F 3 0 R >> >>',
    stream('/Type /EmbeddedFile /Filter /FlateDecode', bomb)
  ]);
}

/** An object stream the parser inflates while loading the file: `decodedMb` MB from ~1/1000 of it. */
export function pdfObjectStreamBomb(decodedMb = 512): Buffer {
  return pdfOf(['<< /Type /Catalog >>', stream('/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode', deflateSync(Buffer.alloc(decodedMb * 1024 * 1024), { level: 9 }))]);
}

/**
 * 150 bytes that keep a PDF parser busy for minutes: a cross-reference stream declaring a
 * billion zero-width entries (pdf-lib loops over them one by one).
 */
export function pdfEndlessXref(entries = 1_000_000_000): Buffer {
  return Buffer.from(`%PDF-1.7\n1 0 obj\n<< /Type /XRef /Size ${entries} /W [0 0 0] /Index [0 ${entries}] /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n`, 'latin1');
}

/**
 * The issue's upload: a gzip NIfTI of `mib` MiB of uint8 voxels (zeros) with scl_slope 2.5, so
 * each voxel becomes a float32 once scaled. ~1/1000 of that on the wire. Compressed in 16 MiB
 * steps, so building a 480 MiB one does not hold 480 MiB.
 */
export async function niftiScaledBomb(mib: number, slope = 2.5): Promise<Buffer> {
  const [nx, ny] = [1024, 1024];
  const nz = Math.round(mib);
  const header = Buffer.from(writeNifti({ size: [1, 1, 1], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data: new Uint8Array(1) })).subarray(0, 352);
  header.writeInt16LE(nx, 42);
  header.writeInt16LE(ny, 44);
  header.writeInt16LE(nz, 46);
  header.writeFloatLE(slope, 112);
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  gzip.write(header);
  const step = Buffer.alloc(16 * 1024 * 1024);
  for (let left = nx * ny * nz; left > 0; left -= step.length) {
    if (!gzip.write(left >= step.length ? step : step.subarray(0, left))) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

/** A valid small mask, truncated: what a dropped connection uploads. */
export function niftiTruncated(): Buffer {
  const whole = Buffer.from(writeNifti(sphere(16, 4), { gzip: true }));
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/** `mib` MiB of zeros, gzip-compressed: no NIfTI header at all. */
export function gzipBomb(mib: number): Buffer {
  return gzipSync(Buffer.alloc(mib * 1024 * 1024), { level: 9 });
}
