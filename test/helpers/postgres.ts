import { randomBytes } from 'node:crypto';
import { openWarehouse } from '../../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../../src/warehouse/warehouse.js';

/** The test server (database `test`); override with SPARKIFY_TEST_POSTGRES. */
export const PG_URL = process.env.SPARKIFY_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether the test server answers. Unreachable: a loud warning and the tests skip, except with
 * CI=true, where that is a failure.
 */
export async function postgresReachable(): Promise<boolean> {
  try {
    const warehouse = await openWarehouse(PG_URL);
    await warehouse.query('SELECT 1');
    await warehouse.close();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL test server unreachable at ${PG_URL} (CI=true): ${(error as Error).message}`);
    console.warn(`\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! PostgreSQL tests SKIPPED: ${PG_URL} is unreachable (${(error as Error).message})\n!!! Start PostgreSQL or set SPARKIFY_TEST_POSTGRES; CI=true makes this a failure.\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n`);
    return false;
  }
}

/** A fresh schema name per test file, so files run in parallel without sharing tables. */
export function testSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

export function schemaUrl(schema: string): string {
  return `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}schema=${schema}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const warehouse = await openWarehouse(PG_URL);
  try {
    await warehouse.run(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await warehouse.close();
  }
}

/** Every row of a table in a stable order, with values comparable across engines. */
export async function tableRows(warehouse: Warehouse, table: string, orderBy: string): Promise<unknown[][]> {
  const rows = await warehouse.query(`SELECT * FROM ${warehouse.dialect.table(table)} ORDER BY ${orderBy}`);
  return rows.map((row) => Object.values(row).map(normalize));
}

export function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return value;
}
