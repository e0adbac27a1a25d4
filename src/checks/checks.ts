import type { Warehouse } from '../warehouse/warehouse.js';
import { STAR_TABLES, userLevels } from '../sql/tables.js';

export interface CheckResult {
  name: string;
  passed: boolean;
  /** The numbers behind the verdict. */
  detail: string;
}

export interface CheckOptions {
  /** Fail when the run being checked rejected more records than this. */
  maxErrors?: number;
  /** Fail when fewer plays than this share (0–1) found their song. */
  minMatchRate?: number;
  /** The run whose rejects are counted; default the latest published run. */
  runId?: string;
}

const n = (value: number) => value.toLocaleString('en-US');

/**
 * The warehouse's data-quality checks. Each returns its numbers, so a pass is as visible as a
 * failure; the SQL is shared by every engine.
 */
export async function runChecks(warehouse: Warehouse, options: CheckOptions = {}): Promise<CheckResult[]> {
  const d = warehouse.dialect;
  const t = (name: string) => d.table(name);
  const scalar = async (sql: string, params?: readonly (string | number)[]) => {
    const [row] = await warehouse.query<{ n: number | null }>(sql, params);
    return Number(row?.n ?? 0);
  };
  const results: CheckResult[] = [];

  for (const table of [...STAR_TABLES, userLevels]) {
    const key = table.primaryKey!;
    const keys = key.join(', ');
    // One pass over the table: rows per key, then the three figures from those groups.
    const [figures] = await warehouse.query<{ row_count: unknown; duplicated: unknown; null_keys: unknown }>(`SELECT
  COALESCE(SUM(c), 0) AS row_count,
  COALESCE(SUM(CASE WHEN c > 1 THEN 1 ELSE 0 END), 0) AS duplicated,
  COALESCE(SUM(CASE WHEN ${key.map((k) => `${k} IS NULL`).join(' OR ')} THEN c ELSE 0 END), 0) AS null_keys
FROM (SELECT ${keys}, COUNT(*) AS c FROM ${t(table.name)} GROUP BY ${keys}) per_key`);
    const [rows, duplicates, nulls] = [figures?.row_count, figures?.duplicated, figures?.null_keys].map((v) => Number(v ?? 0)) as [number, number, number];
    results.push({
      name: `${table.name}.${keys.replace(/, /g, '+')} unique and not null`,
      passed: duplicates === 0 && nulls === 0,
      detail: `${n(rows)} rows, ${n(duplicates)} duplicated keys, ${n(nulls)} null keys`,
    });
  }

  const references: [string, string, string, string][] = [
    ['user_id', 'users', 'user_id', 'every songplay has a user'],
    ['song_id', 'songs', 'song_id', 'every matched song_id is in songs'],
    ['artist_id', 'artists', 'artist_id', 'every matched artist_id is in artists'],
    ['start_time', 'time', 'start_time', 'every start_time is in time'],
  ];
  for (const [column, table, key, name] of references) {
    const nullable = column === 'song_id' || column === 'artist_id';
    const orphans = await scalar(`SELECT COUNT(*) AS n FROM ${t('songplays')} p WHERE ${nullable ? `p.${column} IS NOT NULL AND ` : `p.${column} IS NULL OR `}NOT EXISTS (SELECT 1 FROM ${t(table)} x WHERE x.${key} = p.${column})`);
    results.push({ name, passed: orphans === 0, detail: `${n(orphans)} songplays with no row in ${table}` });
  }

  const plays = await scalar(`SELECT COUNT(*) AS n FROM ${t('songplays')}`);
  const staged = await scalar(`SELECT COUNT(*) AS n FROM (SELECT DISTINCT ts, userid, sessionid, iteminsession FROM ${t('staging_events')} WHERE page = 'NextSong' AND ts IS NOT NULL) e`);
  results.push({ name: 'songplays = staged NextSong events', passed: plays === staged, detail: `${n(plays)} songplays, ${n(staged)} distinct NextSong events staged` });

  const matched = await scalar(`SELECT COUNT(*) AS n FROM ${t('songplays')} WHERE song_id IS NOT NULL`);
  const rate = plays === 0 ? 0 : matched / plays;
  results.push({
    name: 'song match rate',
    passed: options.minMatchRate === undefined || rate >= options.minMatchRate,
    detail: `${n(matched)} of ${n(plays)} plays matched (${(rate * 100).toFixed(2)}%)${options.minMatchRate === undefined ? '' : `, minimum ${(options.minMatchRate * 100).toFixed(2)}%`}`,
  });

  const runId = options.runId ?? (await warehouse.query<{ run_id: string }>(
    `SELECT run_id FROM ${t('etl_runs')} WHERE status = 'succeeded' ORDER BY finished_at DESC, run_id DESC LIMIT 1`))[0]?.run_id;
  const rejects = runId === undefined ? 0 : await scalar(`SELECT COUNT(*) AS n FROM ${t('rejects')} WHERE run_id = $1`, [runId]);
  results.push({
    name: 'rejects within --max-errors',
    passed: options.maxErrors === undefined || rejects <= options.maxErrors,
    detail: `${n(rejects)} rejected records in ${runId === undefined ? 'no run yet' : `run ${runId}`}${options.maxErrors === undefined ? ' (no limit set)' : `, limit ${n(options.maxErrors)}`}`,
  });
  return results;
}

export function formatChecks(results: readonly CheckResult[]): string {
  return results.map((r) => `${r.passed ? 'PASS' : 'FAIL'}  ${r.name} — ${r.detail}`).join('\n');
}
