import { Dialect, quoteIdent } from '../dialect.js';
import type { TableDef } from '../table.js';

/** PostgreSQL: the base dialect is already its SQL; only hashing, emptying and byte-order text differ. */
export class PostgresDialect extends Dialect {
  readonly engine: 'postgres' | 'redshift' = 'postgres';
  protected readonly defaultSchema = 'public';

  /** TRUNCATE is transactional in PostgreSQL, and far cheaper than DELETE. */
  override clearTable(name: string): string {
    return `TRUNCATE ${this.table(name)}`;
  }

  hashToBigint(textExpr: string): string {
    return `('x' || SUBSTR(MD5(${textExpr}), 1, 15))::BIT(60)::BIGINT`;
  }

  /** The "C" collation compares bytes, as DuckDB does; the database default may be locale-aware. */
  override binaryText(expr: string): string {
    return `${expr} COLLATE "C"`;
  }

  /** The statement a bulk load streams rows into (text format: tab-separated, `\N` for NULL). */
  copyFromStdin(table: TableDef): string {
    return `COPY ${this.table(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) FROM STDIN`;
  }

  searchPath(): string | undefined {
    return this.schema === undefined ? undefined : `SET search_path TO ${quoteIdent(this.schema)}, public`;
  }

  createSchema(): string | undefined {
    return this.schema === undefined ? undefined : `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(this.schema)}`;
  }
}
