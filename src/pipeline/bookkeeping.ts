import { randomBytes } from 'node:crypto';
import { STAGING_TABLES, loadManifest } from '../sql/tables.js';
import type { SourceFile } from '../source/source.js';
import type { Row } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RejectLog } from './rejects.js';

/** What a run counts, for its row in `etl_runs`. */
export interface RunCounts {
  files_loaded: number;
  files_skipped: number;
  events_staged: number;
  songs_staged: number;
  rejects: number;
}

/** Removes what changed files staged before, so that their new content replaces it. */
export async function forgetFiles(warehouse: Warehouse, names: readonly string[]): Promise<void> {
  const d = warehouse.dialect;
  for (let i = 0; i < names.length; i += 500) {
    const chunk = names.slice(i, i + 500);
    const list = chunk.map((_, j) => `$${j + 1}`).join(', ');
    for (const table of [...STAGING_TABLES.map((t) => t.name), 'load_manifest']) {
      await warehouse.run(`DELETE FROM ${d.table(table)} WHERE source_file IN (${list})`, chunk);
    }
  }
}

export async function recordManifest(
  warehouse: Warehouse, runId: string, files: readonly (readonly ['songs' | 'events', SourceFile])[], rejects: RejectLog,
): Promise<void> {
  if (files.length === 0) return;
  const d = warehouse.dialect;
  const rows: Row[] = files.map(([kind, f]) => [f.name, kind, f.size, f.version, 0, rejects.byFile.get(f.name) ?? 0, runId, null]);
  await warehouse.bulkInsert(loadManifest, (async function* () {
    for (let i = 0; i < rows.length; i += 5000) yield rows.slice(i, i + 5000);
  })());
  for (const [kind, staging] of [['songs', 'staging_songs'], ['events', 'staging_events']] as const) {
    await warehouse.run(`UPDATE ${d.table('load_manifest')} SET rows = counted.n
FROM (SELECT source_file, COUNT(*) AS n FROM ${d.table(staging)}
      WHERE source_file IN (SELECT source_file FROM ${d.table('load_manifest')} WHERE run_id = $1 AND kind = $2)
      GROUP BY source_file) counted
WHERE ${d.table('load_manifest')}.source_file = counted.source_file`, [runId, kind]);
  }
  await warehouse.run(`UPDATE ${d.table('load_manifest')} SET loaded_at = CAST($2 AS TIMESTAMP) WHERE run_id = $1`, [runId, sqlTimestamp(new Date())]);
}

export async function recordRun(
  warehouse: Warehouse, runId: string, startedAt: Date, status: 'succeeded' | 'failed',
  summary: RunCounts | undefined,
  options: string, error: string | null,
): Promise<void> {
  const d = warehouse.dialect;
  const songplays = status === 'succeeded'
    ? Number((await warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${d.table('songplays')}`))[0]?.n ?? 0) : null;
  await warehouse.run(`INSERT INTO ${d.table('etl_runs')} (run_id, started_at, finished_at, status, files_loaded, files_skipped, events_staged, songs_staged, rejects, songplays, options, error)
VALUES ($1, CAST($2 AS TIMESTAMP), CAST($3 AS TIMESTAMP), $4, $5, $6, $7, $8, $9, $10, $11, $12)`, [
    runId, sqlTimestamp(startedAt), sqlTimestamp(new Date()), status,
    summary?.files_loaded ?? null, summary?.files_skipped ?? null, summary?.events_staged ?? null,
    summary?.songs_staged ?? null, summary?.rejects ?? null, songplays, options, error?.slice(0, 2000) ?? null,
  ]);
}

/** Sortable and unique: the UTC start time, then random bits. */
export function newRunId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

function sqlTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

