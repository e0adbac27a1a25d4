import { DuckDBInstance, listValue, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { UserError } from '../../cli/errors.js';
import type { NativeJsonLoad, Warehouse } from '../warehouse.js';
import type { Column, Row, SqlValue, TableDef } from '../table.js';
import { DuckDBDialect } from './duckdb-dialect.js';

/** The embedded default: one DuckDB file, locked by DuckDB itself against a second writer. */
export class DuckDBWarehouse implements Warehouse {
  private constructor(
    readonly dialect: DuckDBDialect,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly label: string,
  ) {}

  /**
   * `readOnly` opens an existing file for reading only: no writes, and no file is created.
   * `memoryLimit` (`[WAREHOUSE] MEMORY_LIMIT`) caps DuckDB's buffer pool, which otherwise may take
   * 80 % of the machine's memory; past it DuckDB spills to `<file>.tmp/`.
   */
  static async open(path: string, { readOnly = false, schema, memoryLimit }: { readOnly?: boolean; schema?: string; memoryLimit?: string } = {}): Promise<DuckDBWarehouse> {
    const dialect = new DuckDBDialect(schema);
    const config: Record<string, string> = {};
    if (readOnly) config.access_mode = 'READ_ONLY';
    if (memoryLimit) config.memory_limit = memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (error) {
      const message = (error as Error).message;
      if (/lock/i.test(message)) {
        throw new UserError(`warehouse ${path} is in use by another process (DuckDB allows one writer); try again when it has finished`);
      }
      throw new UserError(`cannot open DuckDB warehouse ${path}: ${message.split('\n')[0]}`);
    }
    const connection = await instance.connect();
    return new DuckDBWarehouse(dialect, instance, connection, `duckdb:${path}${schema ? ` (schema ${schema})` : ''}`);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, toDuckValues(params));
  }

  async query<T = Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, toDuckValues(params));
    return reader.getRowObjectsJS().map((row) => {
      const plain: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) plain[key] = fromDuckValue(value);
      return plain as T;
    });
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.connection.run('COMMIT');
      return result;
    } catch (error) {
      await this.connection.run('ROLLBACK');
      throw error;
    }
  }

  async bulkInsert(table: TableDef, batches: AsyncIterable<readonly Row[]>): Promise<number> {
    const appender = await this.connection.createAppender(table.name, this.dialect.schema ?? null);
    const writers = table.columns.map(valueWriter);
    let rows = 0;
    try {
      for await (const batch of batches) {
        for (const row of batch) {
          for (let i = 0; i < writers.length; i++) writers[i]!(appender, row[i] ?? null);
          appender.endRow();
        }
        rows += batch.length;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return rows;
  }

  async loadJsonFiles(load: NativeJsonLoad): Promise<number> {
    if (load.files.length === 0) return 0;
    const byColumn = new Map(load.table.columns.map((c) => [c.name, c]));
    const jsonColumns = load.fields.map(({ column, field }) =>
      `${sqlString(field)}: ${sqlString(this.dialect.columnType(byColumn.get(column)!))}`);
    const select = load.table.columns.map((c) => {
      const mapped = load.fields.find((f) => f.column === c.name);
      return mapped ? `json."${mapped.field.replace(/"/g, '""')}"` : c.name === 'source_file' ? 'names.name' : 'NULL';
    });
    const sql = `INSERT INTO ${this.dialect.table(load.table.name)}
SELECT ${select.join(', ')}
FROM read_ndjson($paths, columns = {${jsonColumns.join(', ')}}, filename = true) json
JOIN (SELECT UNNEST($paths) AS path, UNNEST($names) AS name) names ON names.path = json.filename`;
    const result = await this.connection.run(sql, {
      paths: listValue(load.files.map((f) => f.path)),
      names: listValue(load.files.map((f) => f.name)),
    });
    return Number(result.rowsChanged);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

type ValueWriter = (appender: DuckDBAppender, value: SqlValue) => void;

function valueWriter(column: Column): ValueWriter {
  const write = (append: (appender: DuckDBAppender, value: never) => void): ValueWriter =>
    (appender, value) => (value === null ? appender.appendNull() : append(appender, value as never));
  switch (column.type) {
    case 'text': return write((a, v: string) => a.appendVarchar(String(v)));
    case 'integer': return write((a, v: number) => a.appendInteger(Number(v)));
    case 'bigint': return write((a, v: number | bigint) => a.appendBigInt(BigInt(v)));
    case 'double': return write((a, v: number) => a.appendDouble(Number(v)));
    // Timestamps are computed in SQL; bulk rows only ever carry NULL for them.
    case 'timestamp': return write(() => { throw new Error(`bulk insert into timestamp column ${column.name} takes only NULL`); });
  }
}

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function toDuckValues(params: readonly SqlValue[]): DuckDBValue[] {
  return params.map((p) => p as DuckDBValue);
}

function fromDuckValue(value: unknown): unknown {
  if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return Number(value);
  }
  return value;
}
