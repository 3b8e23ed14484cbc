// Loaded with `--import` (NODE_OPTIONS) by scripts/node24.mjs in every Node 24 process the
// suite starts: test workers, the servers the tests spawn.
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

const target = process.env.VOXEL_SQLITE_ENTRY;
if (target) register('./resolve-hook.mjs', import.meta.url, { data: { target: pathToFileURL(target).href } });
