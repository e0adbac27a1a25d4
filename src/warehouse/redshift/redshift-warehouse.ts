import type { SqlRecorder } from '../dry-run.js';
import { connect, PostgresWarehouse } from '../postgres/postgres-warehouse.js';
import type { PgSession } from '../postgres/pg-session.js';
import { RecordingSession } from '../postgres/recording-session.js';
import type { S3JsonLoad, S3LoadResult } from '../warehouse.js';
import type { RedshiftTarget } from './connection.js';
import { RedshiftDialect } from './redshift-dialect.js';

/**
 * The PostgreSQL warehouse with Redshift's dialect, plus what only Redshift has: COPY from S3
 * with its load errors read back into `rejects`. COPY FROM STDIN does not exist on Redshift, so
 * `bulkInsert` fails with a clear message (the dialect's `copyFromStdin`).
 */
export class RedshiftWarehouse extends PostgresWarehouse {
  declare readonly dialect: RedshiftDialect;

  constructor(private readonly target: RedshiftTarget, session: PgSession) {
    super(new RedshiftDialect(target.schema), session, target.label);
  }

  /** Redshift has no advisory locks: runs serialize on `LOCK etl_runs` inside their transaction. */
  override async lockForRun(): Promise<void> {}

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

export async function openRedshift(target: RedshiftTarget): Promise<RedshiftWarehouse> {
  return new RedshiftWarehouse(target, await connect(target)).prepared();
}

export function planRedshift(target: RedshiftTarget, recorder: SqlRecorder): Promise<RedshiftWarehouse> {
  return new RedshiftWarehouse(target, new RecordingSession(recorder)).prepared();
}
