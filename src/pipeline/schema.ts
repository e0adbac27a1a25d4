import { UserError } from '../cli/errors.js';
import { ALL_TABLES } from '../sql/tables.js';
import { quoteIdent } from '../warehouse/dialect.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Creates every staging and star-schema table that does not exist yet. */
export async function ensureTables(warehouse: Warehouse): Promise<void> {
  const { schema } = warehouse.dialect;
  if (schema) await warehouse.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  for (const table of ALL_TABLES) await warehouse.run(warehouse.dialect.createTable(table));
}

/** Row counts of the tables that exist, by name. */
export async function existingTableRows(warehouse: Warehouse): Promise<Map<string, number>> {
  const d = warehouse.dialect;
  const names = ALL_TABLES.map((t) => t.name);
  const found = await warehouse.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = ${d.currentSchema()} AND table_name IN (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
    names,
  );
  const counts = new Map<string, number>();
  for (const { table_name } of found) {
    const [row] = await warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${d.table(table_name)}`);
    counts.set(table_name, Number(row?.n ?? 0));
  }
  return counts;
}

/**
 * The seed's create_tables.py silently dropped everything; here tables holding data are only
 * dropped when asked to.
 */
export async function createTables(warehouse: Warehouse, drop: boolean): Promise<{ dropped: string[] }> {
  const existing = await existingTableRows(warehouse);
  const withData = [...existing].filter(([, n]) => n > 0);
  if (withData.length > 0 && !drop) {
    const list = withData.map(([name, n]) => `${name} (${n.toLocaleString('en-US')} rows)`).join(', ');
    throw new UserError(`tables already hold data: ${list}; pass --drop to drop and recreate them`);
  }
  const dropped: string[] = [];
  if (drop) {
    for (const name of existing.keys()) {
      await warehouse.run(`DROP TABLE IF EXISTS ${warehouse.dialect.table(name)}`);
      dropped.push(name);
    }
  }
  await ensureTables(warehouse);
  return { dropped };
}
