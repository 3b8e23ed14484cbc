import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The same launcher `npm start` uses: the tests run the real configuration.
import { launchHub } from '../../scripts/hub.mjs';
import { freePort } from '../../scripts/lib.mjs';

export const ARTIFACTS = join(process.cwd(), 'test-results');

export interface IRunningHub {
  url: string;
  dataDir: string;
  stop(): Promise<unknown>;
}

/** What a hub that lost one of its ports to another process prints (the proxy's or its own). */
const PORT_TAKEN = /EADDRINUSE|Address already in use/;
const ERROR_LINE = /^\[[EC] |error|Error|Traceback/;

/**
 * A real JupyterHub with the course service on a free port and a throwaway data directory.
 * The four ports are free when picked but only bound seconds later; if another process took
 * one meanwhile (the hub or its proxy says so), it is stopped and started once more on fresh
 * ports. Any other failure is the test's, with what the hub said in the error (CI prints the
 * error, not test-results/).
 */
export async function startTestHub(name: string, env: Record<string, string> = {}): Promise<IRunningHub> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = createWriteStream(join(ARTIFACTS, `${name}-hub.log`));
  for (let attempt = 1; ; attempt++) {
    const dataDir = mkdtempSync(join(tmpdir(), `voxel-${name}-`));
    const hub = await launchHub({ port: await freePort(), dataDir, env, stdio: 'pipe' });
    const output = watchOutput(hub.child, log);
    try {
      const ready = hub.ready(120_000);
      ready.catch(() => undefined);
      await Promise.race([ready, output.portTaken]);
      return { url: hub.url, dataDir, stop: () => hub.stop() };
    } catch (err) {
      await hub.stop();
      if (attempt === 1 && output.sawPortTaken()) {
        log.write(`\n[test] a port was taken before the hub bound it; starting again on fresh ports\n\n`);
        continue;
      }
      throw new Error(`${(err as Error).message} — see test-results/${name}-hub.log; what it said:\n${output.summary()}`);
    }
  }
}

/**
 * Copies the hub's output to its log and keeps what explains a failed start: the first error
 * lines (a proxy that could not listen keeps logging 404s afterwards) and the last lines.
 */
function watchOutput(child: ChildProcess, log: WriteStream) {
  const errors: string[] = [];
  const tail: string[] = [];
  let taken = false;
  let onTaken: (err: Error) => void = () => undefined;
  const portTaken = new Promise<never>((_, reject) => (onTaken = reject));
  portTaken.catch(() => undefined);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(log, { end: false });
    stream?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        if (ERROR_LINE.test(line) && errors.length < 15) errors.push(line);
        tail.push(line);
        if (!taken && PORT_TAKEN.test(line)) {
          taken = true;
          onTaken(new Error(`the hub could not listen: ${line.trim()}`));
        }
      }
      tail.splice(0, Math.max(0, tail.length - 25));
    });
  }
  return { portTaken, sawPortTaken: () => taken, summary: () => [...errors, '…', ...tail].join('\n') };
}
