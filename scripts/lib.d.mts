export const ROOT: string;
export const VENV: string;
export function say(message: string): void;
export function run(cmd: string, args: string[], options?: object): Promise<void>;
export function hashOf(paths: string[]): string;
export function freePort(host?: string): Promise<number>;
export function portInUse(port: number, host?: string): Promise<boolean>;
export function waitForHttp(url: string, options?: { timeoutMs?: number; isAlive?: () => boolean }): Promise<void>;
export function closedToOthers(path: string): string | null;
