/**
 * The environment a test gives a server process it spawns: only PATH, plus what a second-Node
 * run (scripts/node24.mjs) needs to load better-sqlite3 built for that Node.
 */
export function runtimeEnv(): NodeJS.ProcessEnv {
  const { PATH, NODE_OPTIONS, VOXEL_SQLITE_ENTRY } = process.env;
  return { PATH, ...(VOXEL_SQLITE_ENTRY ? { NODE_OPTIONS, VOXEL_SQLITE_ENTRY } : {}) };
}
