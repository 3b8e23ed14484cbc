import { defineConfig } from 'drizzle-kit';

// The PostgreSQL twin of drizzle.config.ts: after changing schema.ts AND schema-pg.ts, run
// `npx drizzle-kit generate` and `npx drizzle-kit generate --config drizzle-pg.config.ts` (in
// server/); the server applies pending migrations of the chosen dialect at boot.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg.ts',
  out: './drizzle-pg'
});
