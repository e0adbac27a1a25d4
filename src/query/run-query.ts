import type { Warehouse } from '../warehouse/warehouse.js';
import { assertReadOnly } from './read-only-sql.js';

export interface QueryResult {
  rows: Record<string, unknown>[];
  /** True when the statement had more rows than the limit. */
  truncated: boolean;
}

/** Keywords whose statement can be wrapped in `SELECT * FROM (…) LIMIT n` to bound the rows fetched. */
const WRAPPABLE = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

/**
 * Runs one reading statement with at most `limit` rows kept. Refused before it reaches the engine
 * if it could write; then run inside a READ ONLY transaction where the dialect has one (DuckDB
 * instead is opened READ_ONLY by the caller).
 */
export async function runReadOnlyQuery(warehouse: Warehouse, sql: string, limit: number): Promise<QueryResult> {
  const { sql: statement, keyword } = assertReadOnly(sql);
  const bounded = WRAPPABLE.has(keyword) ? `SELECT * FROM (\n${statement}\n) sparkify_query LIMIT ${limit + 1}` : statement;
  const readOnly = warehouse.dialect.readOnlyTransaction();
  const rows = readOnly === undefined
    ? await warehouse.query(bounded)
    : await warehouse.transaction(async () => {
      await warehouse.run(readOnly);
      return warehouse.query(bounded);
    });
  const truncated = rows.length > limit;
  return { rows: truncated ? rows.slice(0, limit) : rows, truncated };
}
