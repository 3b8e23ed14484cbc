import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate (run in server/)` writes a new migration after a
// schema change; the server applies pending migrations at boot.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './drizzle'
});
