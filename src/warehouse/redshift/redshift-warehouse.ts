import type { SqlRecorder } from '../dry-run.js';
import { connect, PostgresWarehouse } from '../postgres/postgres-warehouse.js';
import type { PgSession } from '../postgres/pg-session.js';
import { RecordingSession } from '../postgres/recording-session.js';
import type { Row, TableDef } from '../table.js';
import type { S3JsonLoad, S3LoadResult } from '../warehouse.js';
import type { RedshiftTarget } from './connection.js';
import { RedshiftDialect } from './redshift-dialect.js';

/**
 * The PostgreSQL warehouse with Redshift's dialect, plus what only Redshift has: COPY from S3
 * with its load errors read back into `rejects`. COPY FROM STDIN does not exist on Redshift:
 * staging data always arrives by COPY from S3 (the pipeline compacts local input onto S3 first),
 * and `bulkInsert` only appends the bookkeeping rows, with multi-row INSERTs.
 */
export class RedshiftWarehouse extends PostgresWarehouse {
  declare readonly dialect: RedshiftDialect;

  constructor(private readonly target: RedshiftTarget, session: PgSession) {
    super(new RedshiftDialect(target.schema), session, target.label);
  }

  /** Redshift has no advisory locks: runs serialize on `LOCK etl_runs` inside their transaction. */
  override async lockForRun(): Promise<void> {}

  /** Multi-row INSERTs of at most INSERT_ROWS rows and INSERT_PARAMETERS values each. */
  override async bulkInsert(table: TableDef, batches: AsyncIterable<readonly Row[]>): Promise<number> {
    const perStatement = Math.max(1, Math.min(INSERT_ROWS, Math.floor(INSERT_PARAMETERS / table.columns.length)));
    let rows = 0;
    for await (const batch of batches) {
      for (let i = 0; i < batch.length; i += perStatement) {
        const chunk = batch.slice(i, i + perStatement);
        await this.run(this.dialect.insertRows(table, chunk.length), chunk.flat());
        rows += chunk.length;
      }
    }
    return rows;
  }

  async sliceCount(): Promise<number | undefined> {
    // Serverless has no STV_SLICES; a dry run gets no row.
    if (this.target.serverless) return undefined;
    const [row] = await this.query<{ slices: unknown }>(this.dialect.sliceCount());
    const slices = Number(row?.slices);
    return Number.isInteger(slices) && slices > 0 ? slices : undefined;
  }

  async copyFromS3(load: S3JsonLoad): Promise<S3LoadResult> {
    const d = this.dialect;
    const serverless = this.target.serverless;
    await this.run(d.copyJsonFromS3(load, this.target.copy));
    const [last] = await this.query<{ query_id: unknown; row_count: unknown }>(d.lastCopy());
    // Only a dry run gets no row back; its plan then shows NULL for the COPY's id.
    const queryId = last === undefined ? null : Number(last.query_id);
    await this.run(d.loadErrorsToRejects(serverless), [queryId, load.runId]);
    const [figures] = await this.query<{ files: unknown; rejects: unknown }>(d.copyFigures(serverless), [queryId]);
    return { rows: Number(last?.row_count ?? 0), files: Number(figures?.files ?? 0), rejects: Number(figures?.rejects ?? 0) };
  }
}

const INSERT_ROWS = 1000;
/** Well under the protocol's 65,535 bind parameters. */
const INSERT_PARAMETERS = 30_000;

export async function openRedshift(target: RedshiftTarget): Promise<RedshiftWarehouse> {
  return new RedshiftWarehouse(target, await connect(target)).prepared();
}

export function planRedshift(target: RedshiftTarget, recorder: SqlRecorder): Promise<RedshiftWarehouse> {
  return new RedshiftWarehouse(target, new RecordingSession(recorder)).prepared();
}
