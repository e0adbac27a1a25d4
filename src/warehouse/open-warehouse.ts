import { UserError } from '../cli/errors.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import type { Warehouse } from './warehouse.js';

export interface OpenOptions {
  /** Open for reading only where the engine can enforce it (DuckDB: READ_ONLY access mode). */
  readOnly?: boolean;
}

/**
 * Opens the warehouse a setting names. Engines are imported lazily, so that a DuckDB user never
 * loads the PostgreSQL driver and `--help` stays instant.
 */
export async function openWarehouse(spec: string, config: DwhConfig = {}, options: OpenOptions = {}): Promise<Warehouse> {
  if (/^(postgres|postgresql|redshift):/i.test(spec)) {
    throw new UserError(`${spec.split(':')[0]} warehouses are not supported yet`);
  }
  const path = spec.replace(/^duckdb:/i, '');
  if (path === '') throw new UserError('empty DuckDB warehouse path');
  const { DuckDBWarehouse } = await import('./duckdb/duckdb-warehouse.js');
  return DuckDBWarehouse.open(path, { ...options, schema: config.WAREHOUSE?.SCHEMA });
}
