import type { ChildProcess } from 'node:child_process';

export interface IHubHandle {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isAlive(): boolean;
  ready(timeoutMs?: number): Promise<void>;
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function launchHub(options: {
  port: number;
  dataDir: string;
  env?: Record<string, string>;
  stdio?: 'inherit' | 'pipe';
}): Promise<IHubHandle>;
