import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from '../src/core/tar.js';

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('tar reader and writer', () => {
  it('round-trips files of any size, in order, with fixed metadata (same input, same bytes)', () => {
    const files = [
      { name: 'a.dcm', data: bytes(0, 1) },
      { name: 'b.dcm', data: bytes(511, 2) },
      { name: 'dir/c.dcm', data: bytes(512, 3) },
      { name: 'd.dcm', data: bytes(1500, 4) }
    ];
    const tar = writeTar(files);
    expect(tar.length % 512).toBe(0);
    expect(readTar(tar)).toEqual(files);
    expect(writeTar(files)).toEqual(tar);
  });

  it('reads archives written by the system tar (ustar), skipping directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxel-tar-'));
    try {
      mkdirSync(join(dir, 'in', 'series'), { recursive: true });
      writeFileSync(join(dir, 'in', 'series', 'one.dcm'), bytes(700, 5));
      writeFileSync(join(dir, 'in', 'two.txt'), 'hello');
      const made = spawnSync('tar', ['--format=ustar', '-cf', join(dir, 'x.tar'), '-C', join(dir, 'in'), '.'], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      const entries = readTar(new Uint8Array(readFileSync(join(dir, 'x.tar'))));
      const byName = Object.fromEntries(entries.map((e) => [e.name.replace(/^\.\//, ''), e.data]));
      expect(Object.keys(byName).sort()).toEqual(['series/one.dcm', 'two.txt']);
      expect(byName['series/one.dcm']).toEqual(bytes(700, 5));
      expect(new TextDecoder().decode(byName['two.txt'])).toBe('hello');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('joins the ustar prefix field with the name', () => {
    const tar = writeTar([{ name: 'slice.dcm', data: bytes(3, 6) }]);
    const header = tar.subarray(0, 512);
    header.set(new TextEncoder().encode('deep/folder'), 345);
    // Recompute the checksum for the edited header.
    header.fill(0x20, 148, 156);
    const sum = header.reduce((a, b) => a + b, 0);
    header.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    expect(readTar(tar)[0]?.name).toBe('deep/folder/slice.dcm');
  });

  it('refuses damaged archives with a clear reason', () => {
    const tar = writeTar([{ name: 'a.bin', data: bytes(1000, 7) }]);
    const bad = tar.slice();
    bad[10] = 0x41;
    expect(() => readTar(bad)).toThrow(/wrong checksum/);
    expect(() => readTar(tar.slice(0, 900))).toThrow(/cut short/);
    expect(() => readTar(new TextEncoder().encode('not a tar file'.padEnd(600, '!')))).toThrow(/tar:/);
    expect(readTar(new Uint8Array(1024))).toEqual([]);
  });

  it('refuses names that do not fit a ustar header', () => {
    expect(() => writeTar([{ name: 'x'.repeat(101), data: new Uint8Array() }])).toThrow(/longer than 100/);
  });
});
