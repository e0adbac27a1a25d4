import type { Dialect } from './dialect.js';
import type { Row, SqlValue, TableDef } from './table.js';
import type { NativeJsonLoad, Warehouse } from './warehouse.js';

/** Options whose value is a secret wherever they appear in SQL (Redshift COPY/UNLOAD, CREATE USER). */
const SECRET_OPTIONS = /\b(CREDENTIALS|ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PASSWORD|MASTER_SYMMETRIC_KEY)(\s+)'(?:[^']|'')*'/gi;

/** SQL with credentials replaced by `***`: the secret options above and any known secret value. */
export function maskSecrets(sql: string, secrets: readonly string[] = []): string {
  let masked = sql.replace(SECRET_OPTIONS, "$1$2'***'");
  for (const secret of secrets) if (secret.length > 0) masked = masked.split(secret).join('***');
  return masked;
}

/** The statements a dry run would have sent, in order, secrets masked. */
export class SqlRecorder {
  readonly statements: string[] = [];

  constructor(private readonly secrets: readonly string[] = []) {}

  record(sql: string, params: readonly SqlValue[] = []): void {
    const shown = params.length === 0 ? sql
      : `${sql}\n-- parameters: ${params.map((p, i) => `$${i + 1} = ${typeof p === 'string' ? `'${p.replace(/'/g, "''")}'` : String(p)}`).join(', ')}`;
    this.statements.push(maskSecrets(shown, this.secrets));
  }

  /** A note about what is not SQL (rows streamed by the driver), printed as a comment. */
  note(text: string): void {
    this.statements.push(`-- ${maskSecrets(text, this.secrets)}`);
  }

  /** The plan as a script: each statement ends with `;`, notes stay comments. */
  toString(): string {
    return this.statements.map((s) => (s.startsWith('-- ') && !s.includes('\n') ? s : `${s};`)).join('\n\n');
  }
}

/**
 * A warehouse that contacts nothing: every statement is recorded, queries return no rows and bulk
 * loads do not read their input. Engines whose SQL goes through a session (PostgreSQL, Redshift)
 * record with their own warehouse code instead; this one serves engines driven in-process (DuckDB).
 */
export class RecordingWarehouse implements Warehouse {
  constructor(readonly dialect: Dialect, readonly label: string, readonly recorder: SqlRecorder, nativeJson: boolean) {
    if (!nativeJson) this.loadJsonFiles = undefined;
  }

  async run(sql: string, params?: readonly SqlValue[]): Promise<void> {
    this.recorder.record(sql, params);
  }

  async query<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    this.recorder.record(sql, params);
    return [];
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.recorder.record('BEGIN TRANSACTION');
    const result = await work();
    this.recorder.record('COMMIT');
    return result;
  }

  async bulkInsert(table: TableDef, _batches: AsyncIterable<readonly Row[]>): Promise<number> {
    this.recorder.note(`bulk append into ${this.dialect.table(table.name)} (${table.columns.map((c) => c.name).join(', ')}): rows from the source files`);
    return 0;
  }

  loadJsonFiles?: (load: NativeJsonLoad) => Promise<number> = async (load) => {
    this.recorder.note(`engine JSON reader into ${this.dialect.table(load.table.name)}: ${load.files.length} files`);
    return 0;
  };

  async close(): Promise<void> {}
}
