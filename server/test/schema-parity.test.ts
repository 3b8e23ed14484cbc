import { getTableName, is, Table } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../src/db/schema-pg.js';
import * as sqliteSchema from '../src/db/schema.js';

/**
 * schema.ts and schema-pg.ts are twins (drizzle has no dialect-free table builder): the same
 * tables, columns, nullability, primary keys and index names, so both stores return the same
 * rows and a change to one file without the other fails here rather than in production.
 */
function shape(tables: Record<string, unknown>, dialect: 'sqlite' | 'pg') {
  const out: Record<string, unknown> = {};
  for (const value of Object.values(tables)) {
    if (!is(value, Table)) continue;
    const config = dialect === 'pg' && is(value, PgTable) ? pgConfig(value) : is(value, SQLiteTable) ? sqliteConfig(value) : undefined;
    if (!config) continue;
    out[getTableName(value)] = {
      columns: Object.fromEntries(config.columns.map((c) => [c.name, { notNull: c.notNull, primary: c.primary, hasDefault: c.hasDefault }])),
      primaryKeys: config.primaryKeys.map((k) => k.columns.map((c) => c.name)),
      indexes: config.indexes.map((i) => `${i.config.name}${i.config.unique ? ' unique' : ''}`).sort(),
      foreignKeys: config.foreignKeys.map((f) => f.reference().columns.map((c) => c.name).join(',')).sort()
    };
  }
  return out;
}

describe('schema twins', () => {
  it('PostgreSQL has the same tables, columns, keys and indexes as SQLite', () => {
    const sqlite = shape(sqliteSchema, 'sqlite');
    expect(Object.keys(sqlite).length).toBeGreaterThan(10);
    expect(shape(pgSchema, 'pg')).toEqual(sqlite);
  });
});
