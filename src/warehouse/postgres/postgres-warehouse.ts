import { UserError } from '../../cli/errors.js';
import type { SqlRecorder } from '../dry-run.js';
import type { Row, SqlValue, TableDef } from '../table.js';
import type { Warehouse } from '../warehouse.js';
import type { PgTarget } from './connection.js';
import { copyTextRows } from './copy-text.js';
import { ClientSession, type PgSession } from './pg-session.js';
import type { PostgresDialect } from './postgres-dialect.js';
import { RecordingSession } from './recording-session.js';

/** PostgreSQL over one connection: bulk loads stream into COPY, the transform runs in one transaction. */
export class PostgresWarehouse implements Warehouse {
  private inTransaction = false;

  constructor(readonly dialect: PostgresDialect, protected readonly session: PgSession, readonly label: string) {}

  static async open(target: PgTarget, dialect: PostgresDialect): Promise<PostgresWarehouse> {
    return new PostgresWarehouse(dialect, await connect(target), target.label).prepared();
  }

  /** The same warehouse over a session that only records its SQL. */
  static plan(target: PgTarget, dialect: PostgresDialect, recorder: SqlRecorder): Promise<PostgresWarehouse> {
    return new PostgresWarehouse(dialect, new RecordingSession(recorder), target.label).prepared();
  }

  /**
   * The configured schema is created when missing, so `?schema=` works on an empty database, and
   * searched first, so that `sparkify query "SELECT … FROM users"` finds its tables unqualified.
   */
  async prepared(): Promise<this> {
    const create = this.dialect.createSchema();
    if (create) await this.run(create);
    const search = this.dialect.searchPath();
    if (search) await this.run(search);
    return this;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    await this.session.query(sql, params);
  }

  async query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return (await this.session.query(sql, params)) as T[];
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error('nested warehouse transactions are not supported');
    this.inTransaction = true;
    try {
      await this.session.query('BEGIN');
      let result: T;
      try {
        result = await work();
      } catch (error) {
        await this.session.query('ROLLBACK');
        throw error;
      }
      await this.session.query('COMMIT');
      return result;
    } finally {
      this.inTransaction = false;
    }
  }

  /** Batches are encoded as COPY text one at a time and written as the server takes them. */
  async bulkInsert(table: TableDef, batches: AsyncIterable<readonly Row[]>): Promise<number> {
    let rows = 0;
    const width = table.columns.length;
    async function* text(): AsyncGenerator<string> {
      for await (const batch of batches) {
        if (batch.length === 0) continue;
        rows += batch.length;
        yield copyTextRows(batch, width);
      }
    }
    await this.session.copyIn(this.dialect.copyFromStdin(table), text());
    // Fresh statistics before the transform reads the table: with the estimates of an empty table
    // the planner picks nested loops, and the songplays step took 60 s instead of 3 on 100,000 events.
    await this.run(`ANALYZE ${this.dialect.table(table.name)}`);
    return rows;
  }

  /**
   * A session-level advisory lock named after the schema: held until this connection closes, so a
   * killed run releases it with its connection.
   */
  async lockForRun(waitMs: number): Promise<void> {
    const key = `sparkify:${this.dialect.schema ?? 'public'}`;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const [row] = await this.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
      if (row === undefined || row.locked) return; // no row: a dry run, which locks nothing
      if (Date.now() >= deadline) {
        throw new UserError(`another sparkify run is loading ${this.label}; waited ${Math.round(waitMs / 1000)} s (--lock-wait), try again when it has finished`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

export async function connect(target: PgTarget): Promise<PgSession> {
  try {
    return await ClientSession.connect(target.config);
  } catch (error) {
    throw new UserError(`cannot connect to ${target.label}: ${(error as Error).message || String(error)}`);
  }
}
