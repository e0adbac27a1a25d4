import { Dialect } from '../dialect.js';
import type { Column } from '../table.js';

export class DuckDBDialect extends Dialect {
  readonly engine = 'duckdb';
  protected readonly defaultSchema = 'main';

  override columnType(column: Column): string {
    return column.type === 'text' ? 'VARCHAR' : column.type === 'double' ? 'DOUBLE' : super.columnType(column);
  }

  override epochMillisToTimestamp(expr: string): string {
    return `epoch_ms(${expr})`;
  }

  /** DuckDB has no read-only transactions; `sparkify query` opens the file READ_ONLY instead. */
  override readOnlyTransaction(): undefined {
    return undefined;
  }

  hashToBigint(textExpr: string): string {
    return `CAST('0x' || SUBSTR(MD5(${textExpr}), 1, 15) AS BIGINT)`;
  }
}
