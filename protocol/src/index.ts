export * from './assessment.js';
export * from './catalog.js';
export * from './health.js';
export * from './identity.js';
export * from './problem.js';
export * from './routes.js';
export * from './live.js';
export * from './progress.js';
