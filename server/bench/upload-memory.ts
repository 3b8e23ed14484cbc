import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { niftiScaledBomb } from '../test/support/hostile-files.js';
import { startBenchServer } from './bench-server.js';

export interface IUploadMemoryRow {
  /** Decoded voxel bytes as stored (uint8), MiB. */
  decodedMiB: number;
  scaled: boolean;
  fileKiB: number;
  status: number;
  /** Course server: resident memory added by the upload (peak after − peak before), MiB. */
  uploadPeakMiB: number;
  /** Grading decode in a fresh process (the image worker's reader): added peak, MiB, and its volume. */
  decodePeakMiB: number | null;
  volumeMiB: number | null;
}

const MiB = 1024 * 1024;
const DECODE_PEAK = fileURLToPath(new URL('../test/imaging/decode-peak.mjs', import.meta.url));
const vmHwm = (pid: number): number => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * Peak resident memory per upload size: uploads of growing uint8 label maps (gzip NIfTI) to a
 * fresh course server each, and the same files decoded as grading would (1 GiB cap). The
 * upload check holds no voxels; decoding holds the volume once. Last row: the file.
 */
export async function runUploadMemoryBench(sizes = [16, 64, 256]): Promise<IUploadMemoryRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'voxel-bench-uploads-'));
  const cases = [...sizes.map((mib) => ({ mib, slope: 1 })), { mib: 480, slope: 2.5 }];
  const rows: IUploadMemoryRow[] = [];
  for (const { mib, slope } of cases) {
    const file = await niftiScaledBomb(mib, slope);
    const path = join(dir, `${mib}-${slope}.nii.gz`);
    writeFileSync(path, file);
    const bench = await startBenchServer({ env: { ACADEMY_UPLOAD_QUOTA_MB: '100000' } });
    const pid = bench.process.pid ?? 0;
    try {
      const learner = await bench.login('upload-learner');
      const before = vmHwm(pid);
      const res = await learner.post('/services/academy/api/uploads', new Uint8Array(file));
      await res.arrayBuffer();
      const after = vmHwm(pid);
      const decode = JSON.parse(execFileSync(process.execPath, ['--expose-gc', DECODE_PEAK, 'read', path, String(2048 * MiB)], { encoding: 'utf8' })) as { peakAddedBytes: number; volumeBytes?: number };
      rows.push({
        decodedMiB: mib,
        scaled: slope !== 1,
        fileKiB: Math.round(file.length / 1024),
        status: res.status,
        uploadPeakMiB: Math.round((after - before) / MiB),
        decodePeakMiB: Math.round(decode.peakAddedBytes / MiB),
        volumeMiB: decode.volumeBytes === undefined ? null : Math.round(decode.volumeBytes / MiB)
      });
    } finally {
      await bench.stop();
    }
  }
  return rows;
}
