import type { SqlRecorder } from '../dry-run.js';
import type { SqlValue } from '../table.js';
import type { PgSession } from './pg-session.js';

/** A session that contacts no server (the "driver that does nothing"): dry runs and SQL tests. */
export class RecordingSession implements PgSession {
  constructor(readonly recorder: SqlRecorder) {}

  async query(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]> {
    this.recorder.record(sql, params);
    return [];
  }

  /** Records the statement; the rows are not read, so a dry run never touches the input. */
  async copyIn(sql: string, _data: AsyncIterable<string>): Promise<void> {
    this.recorder.record(sql);
    this.recorder.note('rows from the source files are streamed here in COPY text format');
  }

  async close(): Promise<void> {}
}
