import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runtimeEnv } from './runtime-env.js';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** Runs the built server (dist/main.js) as the hub would, resolving once it listens (info logs are read for that). */
export function startServerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...(process.env.VOXEL_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), MAIN], { env: { ...runtimeEnv(), ...env, ACADEMY_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      // Keep only the tail: a long run must not grow this without bound.
      out = (out + chunk.toString()).slice(-4000);
      if (out.includes('course server listening')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited (${signal ?? code}) before listening:\n${out}`)));
  });
}
