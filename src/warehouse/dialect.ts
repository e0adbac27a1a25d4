import { UserError } from '../cli/errors.js';
import type { Column, TableDef } from './table.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Identifiers that come from config (schema names, prefixes) must look like plain SQL names. */
export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new UserError(`${what} ${JSON.stringify(name)} is not a valid identifier (letters, digits, _; at most 63)`);
  }
  return name;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The SQL differences between engines, declared in one place per engine. The defaults are the
 * SQL that PostgreSQL and Redshift share; each engine overrides only what differs.
 */
export abstract class Dialect {
  abstract readonly engine: 'duckdb' | 'postgres' | 'redshift';
  /** Whether PRIMARY KEY constraints are enforced (Redshift only declares them). */
  readonly enforcesPrimaryKeys: boolean = true;

  constructor(readonly schema?: string) {
    if (schema !== undefined) assertIdentifier(schema, 'schema');
  }

  /** The schema tables live in when none is configured. */
  protected abstract readonly defaultSchema: string;

  /** The schema name as an SQL string literal, for information_schema look-ups. */
  currentSchema(): string {
    return `'${(this.schema ?? this.defaultSchema).replace(/'/g, "''")}'`;
  }

  /** A table name, qualified with the configured schema and quoted. */
  table(name: string): string {
    return this.schema ? `${quoteIdent(this.schema)}.${quoteIdent(name)}` : quoteIdent(name);
  }

  columnType(column: Column): string {
    switch (column.type) {
      case 'text': return 'TEXT';
      case 'integer': return 'INTEGER';
      case 'bigint': return 'BIGINT';
      case 'double': return 'DOUBLE PRECISION';
      case 'timestamp': return 'TIMESTAMP';
    }
  }

  /** Text after the column list of CREATE TABLE (distribution and sort keys on Redshift). */
  tableOptions(_table: TableDef): string {
    return '';
  }

  createTable(table: TableDef): string {
    const columns = table.columns.map((c) =>
      `  ${quoteIdent(c.name)} ${this.columnType(c)}${c.notNull ? ' NOT NULL' : ''}`);
    if (table.primaryKey) columns.push(`  PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')})`);
    return `CREATE TABLE IF NOT EXISTS ${this.table(table.name)} (\n${columns.join(',\n')}\n)${this.tableOptions(table)}`;
  }

  /** Empties a table inside the current transaction. */
  clearTable(name: string): string {
    return `DELETE FROM ${this.table(name)}`;
  }

  /** UTC timestamp from epoch milliseconds. */
  epochMillisToTimestamp(expr: string): string {
    return `(TIMESTAMP 'epoch' + ${expr} * INTERVAL '0.001 second')`;
  }

  /** A stable positive 60-bit integer from text: the first 15 hex digits of its MD5. */
  abstract hashToBigint(textExpr: string): string;

  /** ISO day of the week, 1 = Monday … 7 = Sunday. */
  isoWeekday(timestampExpr: string): string {
    return `CAST(EXTRACT(isodow FROM ${timestampExpr}) AS INTEGER)`;
  }

  /** ISO week of the year. */
  isoWeek(timestampExpr: string): string {
    return `CAST(EXTRACT(week FROM ${timestampExpr}) AS INTEGER)`;
  }

  /**
   * The first statement of a transaction that must not write (`sparkify query`), or undefined
   * where the engine enforces it another way (DuckDB opens the file read-only).
   */
  readOnlyTransaction(): string | undefined {
    return 'SET TRANSACTION READ ONLY';
  }

  /** A statement that serializes runs, first in each run's transaction (for engines with no advisory lock). */
  runLock(): string | undefined {
    return undefined;
  }

  /** Text compared byte by byte, so that MIN and ORDER BY choose the same value on every engine. */
  binaryText(expr: string): string {
    return expr;
  }
}
