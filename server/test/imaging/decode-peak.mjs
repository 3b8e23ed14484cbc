/* global process, URL */
// Run as `node --expose-gc decode-peak.mjs <read|inspect> <file> <maxDecodedBytes>`: decodes one
// image file with the built server code in a fresh process and prints the peak resident memory
// it added (VmHWM after resetting it through /proc/self/clear_refs), as JSON.
import { readFileSync, writeFileSync } from 'node:fs';

const status = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
const [mode, file, maxDecoded] = process.argv.slice(2);
const { inspectNiftiFile, readNiftiFile } = await import(new URL('../../dist/imaging/nifti.js', import.meta.url).href);
const limits = { maxCompressedBytes: 64 * 1024 * 1024, maxDecodedBytes: Number(maxDecoded) };

globalThis.gc();
writeFileSync('/proc/self/clear_refs', '5');
const baseline = status('VmRSS');
let result;
try {
  const out = await (mode === 'inspect' ? inspectNiftiFile : readNiftiFile)(file, limits);
  result = mode === 'inspect' ? { size: out.size } : { size: out.size, type: out.data.constructor.name, volumeBytes: out.data.byteLength };
} catch (err) {
  result = { error: err.name, message: err.message };
}
process.stdout.write(JSON.stringify({ ...result, peakAddedBytes: status('VmHWM') - baseline }));
