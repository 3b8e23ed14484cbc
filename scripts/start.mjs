// `npm start`: set everything up (fast when nothing changed) and run the platform on a real
// JupyterHub until Ctrl-C, which stops every process started here.
import { say, portInUse } from './lib.mjs';
import { setup } from './setup.mjs';
import { launchHub } from './hub.mjs';

const port = Number(process.env.VOXEL_PORT || 8000);
const dataDir = process.env.VOXEL_DATA_DIR || '.data';

async function main() {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`VOXEL_PORT must be a port number (1–65535), got "${process.env.VOXEL_PORT}"`);
  }
  const bindIp = process.env.VOXEL_BIND_IP || '127.0.0.1';
  if (await portInUse(port, bindIp)) {
    throw new Error(
      `port ${port} is already in use — is Voxel Academy (or another JupyterHub) already running?\n` +
        `  Stop it with Ctrl-C in its terminal, or start this one on another port: VOXEL_PORT=8010 npm start`
    );
  }
  await setup();
  say(`starting JupyterHub on http://localhost:${port} (data in ${dataDir})…`);
  const hub = await launchHub({ port, dataDir });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping JupyterHub, the proxy, the course server and learners' servers…`);
    await hub.stop();
    say('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('Ctrl-C'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await hub.ready(120_000);
  } catch (err) {
    if (!stopping) {
      await hub.stop();
      throw err;
    }
    return;
  }
  say(`Voxel Academy is running: open http://localhost:${port} and log in with any user name.`);
  say('Press Ctrl-C to stop.');
  const { code, signal } = await hub.exited;
  if (!stopping) {
    say(`JupyterHub exited unexpectedly (${signal ?? `exit ${code}`}); see its log above.`);
    process.exit(1);
  }
}

main().catch((err) => {
  process.stderr.write(`\n[voxel] ${err.message}\n`);
  process.exit(1);
});
