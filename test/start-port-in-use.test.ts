import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('says clearly that the port is taken when the platform is already running', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    try {
      const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
        env: { ...process.env, VOXEL_PORT: String(port) },
        encoding: 'utf8',
        timeout: 20_000
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`port ${port} is already in use`);
      expect(result.stderr).toContain('VOXEL_PORT=');
    } finally {
      blocker.close();
    }
  });

  it('rejects a VOXEL_PORT that is not a port number', () => {
    const result = spawnSync(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, VOXEL_PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 20_000
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('VOXEL_PORT must be a port number');
  });
});
