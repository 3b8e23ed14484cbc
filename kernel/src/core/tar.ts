/**
 * A small reader and writer for uncompressed tar archives (POSIX ustar headers), with no
 * dependency so the browser worker and Node read a multi-file dataset (a DICOM series) alike.
 * Only regular files are returned; directories, links and pax/GNU extension records are skipped.
 */

export interface ITarEntry {
  /** Path inside the archive (ustar prefix and name joined). */
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

function text(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

function octal(bytes: Uint8Array, start: number, length: number): number {
  const field = text(bytes, start, length).trim();
  if (!/^[0-7]*$/.test(field)) throw new Error(`tar: a header number field holds "${field}", not octal digits`);
  return field === '' ? 0 : parseInt(field, 8);
}

function checksumOf(header: Uint8Array): number {
  let sum = 0;
  // The checksum field itself (offset 148, 8 bytes) counts as spaces.
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  return sum;
}

/** The regular files of a tar archive, in archive order. Throws on a damaged header. */
export function readTar(bytes: Uint8Array): ITarEntry[] {
  const entries: ITarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (octal(header, 148, 8) !== checksumOf(header)) throw new Error(`tar: the header at byte ${offset} has a wrong checksum (not a tar file, or damaged)`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const isUstar = text(header, 257, 6) === 'ustar';
    const prefix = isUstar ? text(header, 345, 155) : '';
    const name = (prefix ? `${prefix}/` : '') + text(header, 0, 100);
    const start = offset + BLOCK;
    if (start + size > bytes.length) throw new Error(`tar: "${name}" is cut short (${size} bytes declared, ${bytes.length - start} present)`);
    // '0' and NUL are regular files; everything else (dirs, links, 'x'/'g' pax, 'L' GNU names) is skipped.
    if (type === '0' || type === '\0') entries.push({ name, data: bytes.slice(start, start + size) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

function put(header: Uint8Array, start: number, length: number, value: string): void {
  const encoded = new TextEncoder().encode(value);
  if (encoded.length > length) throw new Error(`tar: "${value}" does not fit a ${length}-byte header field`);
  header.set(encoded, start);
}

function putOctal(header: Uint8Array, start: number, length: number, value: number): void {
  put(header, start, length, value.toString(8).padStart(length - 1, '0'));
}

/**
 * An uncompressed ustar archive of the files, in the given order. Owner, mode and time are
 * fixed (root, 0644, the epoch) so the same files always give the same bytes.
 */
export function writeTar(files: readonly ITarEntry[]): Uint8Array {
  const total = files.reduce((n, f) => n + BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK, 0) + 2 * BLOCK;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const file of files) {
    if (new TextEncoder().encode(file.name).length > 100) throw new Error(`tar: "${file.name}" is longer than 100 bytes`);
    const header = out.subarray(offset, offset + BLOCK);
    put(header, 0, 100, file.name);
    putOctal(header, 100, 8, 0o644);
    putOctal(header, 108, 8, 0);
    putOctal(header, 116, 8, 0);
    putOctal(header, 124, 12, file.data.length);
    putOctal(header, 136, 12, 0);
    header[156] = '0'.charCodeAt(0);
    put(header, 257, 6, 'ustar');
    put(header, 263, 2, '00');
    put(header, 148, 8, `${checksumOf(header).toString(8).padStart(6, '0')}\0 `);
    out.set(file.data, offset + BLOCK);
    offset += BLOCK + Math.ceil(file.data.length / BLOCK) * BLOCK;
  }
  return out;
}
