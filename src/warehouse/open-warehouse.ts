import { UserError } from '../cli/errors.js';
import type { DwhConfig } from '../config/dwh-cfg.js';
import { RecordingWarehouse, SqlRecorder } from './dry-run.js';
import type { Warehouse } from './warehouse.js';

type Engine = 'duckdb' | 'postgres' | 'redshift';

export interface OpenOptions {
  /** Open for reading only where the engine can enforce it at open (DuckDB: READ_ONLY access mode). */
  readOnly?: boolean;
}

export function engineOf(spec: string): Engine {
  if (/^(postgres|postgresql):/i.test(spec)) return 'postgres';
  if (/^redshift:/i.test(spec)) return 'redshift';
  return 'duckdb';
}

/**
 * Opens the warehouse a setting names. Engines are imported lazily, so that a DuckDB user never
 * loads the PostgreSQL driver and `--help` stays instant.
 */
export function openWarehouse(spec: string, config: DwhConfig = {}, options: OpenOptions = {}): Promise<Warehouse> {
  return open(spec, config, options);
}

/**
 * The same warehouse for a dry run: it contacts nothing and records every statement it would
 * send, in order, with the setting's passwords and keys masked.
 */
export async function planWarehouse(spec: string, config: DwhConfig = {}): Promise<{ warehouse: Warehouse; recorder: SqlRecorder }> {
  const recorder = new SqlRecorder(await secretsOf(spec, config));
  return { warehouse: await open(spec, config, {}, recorder), recorder };
}

async function open(spec: string, config: DwhConfig, options: OpenOptions, recorder?: SqlRecorder): Promise<Warehouse> {
  switch (engineOf(spec)) {
    case 'postgres': {
      const { postgresTarget } = await import('./postgres/connection.js');
      const { PostgresWarehouse } = await import('./postgres/postgres-warehouse.js');
      const { PostgresDialect } = await import('./postgres/postgres-dialect.js');
      const target = postgresTarget(spec, config);
      const dialect = new PostgresDialect(target.schema);
      return recorder ? PostgresWarehouse.plan(target, dialect, recorder) : PostgresWarehouse.open(target, dialect);
    }
    case 'redshift': {
      const { redshiftTarget } = await import('./redshift/connection.js');
      const { openRedshift, planRedshift } = await import('./redshift/redshift-warehouse.js');
      const target = redshiftTarget(spec, config);
      return recorder ? planRedshift(target, recorder) : openRedshift(target);
    }
    case 'duckdb': {
      const path = spec.replace(/^duckdb:/i, '');
      if (path === '') throw new UserError('empty DuckDB warehouse path');
      const schema = config.WAREHOUSE?.SCHEMA;
      if (recorder) {
        const { DuckDBDialect } = await import('./duckdb/duckdb-dialect.js');
        return new RecordingWarehouse(new DuckDBDialect(schema), `duckdb:${path}`, recorder, true);
      }
      const { DuckDBWarehouse } = await import('./duckdb/duckdb-warehouse.js');
      return DuckDBWarehouse.open(path, { ...options, schema, memoryLimit: config.WAREHOUSE?.MEMORY_LIMIT });
    }
  }
}

/** Values a printed plan must not show for this setting (passwords, access keys). */
async function secretsOf(spec: string, config: DwhConfig = {}): Promise<string[]> {
  switch (engineOf(spec)) {
    case 'postgres': return (await import('./postgres/connection.js')).postgresTarget(spec, config).secrets;
    case 'redshift': return (await import('./redshift/connection.js')).redshiftTarget(spec, config).secrets;
    case 'duckdb': return [];
  }
}
