import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../../scripts/lib.mjs';
import { FakeHub } from '../../support/fake-hub.js';
import { fixtureContent, fixtureDatasetsDir } from '../../support/fixture-content.js';
import { runtimeEnv } from '../../support/runtime-env.js';
import { hubEnv, SECRET } from '../../support/test-config.js';

const MAIN = fileURLToPath(new URL('../../../dist/main.js', import.meta.url));

/** One run of the built server (dist/main.js), as the hub starts it. */
export interface IServerRun {
  child: ChildProcess;
  /** Log lines at level error, and stderr, in order (the suites expect none unless they crash it). */
  errors: string[];
  /** The last log lines, whatever their level (to explain an unexpected exit). */
  tail: string[];
  /** How it ended (exit code or signal), once it has. */
  ended: () => string | null;
  exited: Promise<void>;
  /** Peak resident memory so far (VmHWM), in bytes; 0 once it has exited. */
  peakRss(): number;
}

/**
 * The course server on a fixed data folder and port, restartable after a kill -9, with a
 * stand-in hub for logins. Limits are raised so generated requests reach the code behind them
 * (the limits themselves have their own tests).
 */
export class Fleet {
  readonly hub = new FakeHub(SECRET);
  readonly dataDir = mkdtempSync(join(tmpdir(), 'voxel-abuse-'));
  readonly contentDir = unlimitedAttempts(fixtureContent());
  base = '';
  run: IServerRun | null = null;
  private env: NodeJS.ProcessEnv = {};

  async start(extra: Record<string, string> = {}): Promise<void> {
    await this.hub.start();
    this.base = `http://127.0.0.1:${await freePort()}`;
    this.env = hubEnv(this.hub.apiUrl, {
      JUPYTERHUB_SERVICE_URL: this.base,
      ACADEMY_DATA_DIR: this.dataDir,
      ACADEMY_CONTENT_DIR: this.contentDir,
      ACADEMY_DATASETS_DIR: fixtureDatasetsDir(this.contentDir),
      ACADEMY_LOG_LEVEL: 'info',
      ACADEMY_SUBMIT_RATE_PER_MINUTE: '1000000',
      ACADEMY_UPLOAD_RATE_PER_MINUTE: '1000000',
      ACADEMY_LOGIN_RATE_PER_MINUTE: '1000000',
      ACADEMY_PUBLIC_RATE_PER_MINUTE: '1000000',
      ACADEMY_COSTLY_RATE_PER_MINUTE: '1000000',
      ACADEMY_UPLOAD_QUOTA_MB: '100000',
      ...extra
    });
    this.run = await this.boot();
  }

  /** Starts the server again on the same data (after a crash). */
  async restart(): Promise<void> {
    this.run = await this.boot();
  }

  /** SIGKILL: no shutdown code runs, as in a power cut or the OOM killer. */
  async kill9(): Promise<number> {
    const run = this.run;
    if (!run) return 0;
    const peak = run.peakRss();
    run.child.kill('SIGKILL');
    await run.exited;
    this.run = null;
    return peak;
  }

  async stop(): Promise<void> {
    const run = this.run;
    if (run) {
      run.child.kill('SIGTERM');
      await run.exited;
    }
    await this.hub.stop();
  }

  private boot(): Promise<IServerRun> {
    const child = spawn(process.execPath, [MAIN], { env: { ...runtimeEnv(), ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const errors: string[] = [];
    const tail: string[] = [];
    let alive = true;
    let ended: string | null = null;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', (code, signal) => {
        alive = false;
        ended = signal ?? `exit ${code}`;
        resolve();
      })
    );
    let pending = '';
    return new Promise((resolve, reject) => {
      const onLine = (line: string): void => {
        if (line.includes('"level":"error"')) errors.push(line);
        tail.push(line);
        if (tail.length > 50) tail.shift();
        if (line.includes('course server listening')) {
          resolve({
            child,
            errors,
            tail,
            ended: () => ended,
            exited,
            peakRss: () => (alive ? Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024 : 0)
          });
        }
      };
      child.stdout!.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      child.stderr!.on('data', (chunk: Buffer) => errors.push(`stderr: ${chunk.toString().slice(0, 500)}`));
      void exited.then(() => reject(new Error(`server exited before listening:\n${errors.join('\n')}`)));
    });
  }
}

/** The demo course without its quiz's attempt limit, so generated and soak submissions keep being graded. */
function unlimitedAttempts(contentDir: string): string {
  const quiz = join(contentDir, 'assessments', 'demo', 'quiz.yaml');
  writeFileSync(quiz, readFileSync(quiz, 'utf8').replace(/^maxAttempts:.*$/m, ''));
  return contentDir;
}
