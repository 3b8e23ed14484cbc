// Module resolution hook for running the suite on a second Node version (scripts/node24.mjs):
// `better-sqlite3` is a native addon built for one Node ABI, so under Node 24 it resolves to a
// copy built for Node 24 in its own install folder, while node_modules keeps Node 20's build.
// Vitest hands Node the already-resolved file path, so that form is redirected too.
let target = null;
const ENTRY = /\/node_modules\/better-sqlite3\/lib\/index\.js$/;

export function initialize(data) {
  target = data.target;
}

export async function resolve(specifier, context, next) {
  if (target && specifier !== target && (specifier === 'better-sqlite3' || ENTRY.test(specifier))) return next(target, context);
  return next(specifier, context);
}
