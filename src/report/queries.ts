import { runChecks, type CheckResult } from '../checks/checks.js';
import { ALL_TABLES, STAR_TABLES } from '../sql/tables.js';
import type { Dialect } from '../warehouse/dialect.js';
import type { SqlValue } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * Every query behind `sparkify report`, in the SQL subset DuckDB, PostgreSQL and Redshift share;
 * what differs goes through the Dialect. Numbers are counts (ratios are computed in JS, so that
 * no engine's NUMERIC formatting leaks in), days and timestamps are cast to text in SQL (so that
 * no driver's time-zone handling does).
 */

/** An inclusive range of UTC days, `YYYY-MM-DD`; either end may be open. */
export interface Period {
  from?: string;
  to?: string;
}

export interface Overview {
  plays: number;
  active_users: number;
  matched_plays: number;
  first_play: string | null;
  last_play: string | null;
}
export interface HourPlays { hour: number; plays: number }
export interface WeekdayPlays { weekday: number; plays: number }
export interface DailyActivity { day: string; plays: number; active_users: number }
export interface TopSong { song_id: string; title: string | null; artist: string | null; plays: number }
export interface TopArtist { artist_id: string; artist: string | null; plays: number }
export interface LevelShare { level: string; plays: number; users: number }
export interface LevelChanges { day: string; upgrades: number; downgrades: number }
export interface TopLocation { location: string; plays: number; users: number }
export interface ClientPlays { browser: string; os: string; plays: number }
export interface TableCount { table: string; rows: number | null }
export interface RejectReason { reason: string; rejects: number }
export interface LatestRow { table: string; row: Record<string, string | null> }

export interface ReportData {
  period: Period;
  overview: Overview;
  byHour: HourPlays[];
  byWeekday: WeekdayPlays[];
  daily: DailyActivity[];
  topSongs: TopSong[];
  topArtists: TopArtist[];
  levelShare: LevelShare[];
  levelChanges: LevelChanges[];
  users_changing_level: number;
  topLocations: TopLocation[];
  clients: ClientPlays[];
  health: {
    tables: TableCount[];
    rejects: RejectReason[];
    /** The warehouse's data-quality checks (`sparkify check`); empty when its tables are missing. */
    checks: CheckResult[];
    /** The latest row of the run log (`etl_runs`, or a `runs` table), when there is one. */
    lastRun: LatestRow | null;
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a `YYYY-MM-DD` day; returns it unchanged. */
export function parseDay(value: string, what: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    throw new RangeError(`${what} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A WHERE condition on a timestamp column and its parameters ($1, $2), or TRUE when unbounded. */
export function periodFilter(column: string, period: Period): { sql: string; params: SqlValue[] } {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (period.from) {
    params.push(`${parseDay(period.from, '--from')} 00:00:00`);
    conditions.push(`${column} >= CAST($${params.length} AS TIMESTAMP)`);
  }
  if (period.to) {
    params.push(`${nextDay(parseDay(period.to, '--to'))} 00:00:00`);
    conditions.push(`${column} < CAST($${params.length} AS TIMESTAMP)`);
  }
  return { sql: conditions.length ? conditions.join(' AND ') : '1 = 1', params };
}

/** Browser and OS family from a user agent, with LIKE so that every engine agrees. */
export function browserFamily(ua: string): string {
  return `CASE
    WHEN ${ua} IS NULL OR ${ua} = '' THEN 'Unknown'
    WHEN ${ua} LIKE '%Edge/%' OR ${ua} LIKE '%Edg/%' THEN 'Edge'
    WHEN ${ua} LIKE '%OPR/%' OR ${ua} LIKE '%Opera%' THEN 'Opera'
    WHEN ${ua} LIKE '%Chromium/%' THEN 'Chromium'
    WHEN ${ua} LIKE '%Chrome/%' OR ${ua} LIKE '%CriOS/%' THEN 'Chrome'
    WHEN ${ua} LIKE '%Firefox/%' THEN 'Firefox'
    WHEN ${ua} LIKE '%Trident/%' OR ${ua} LIKE '%MSIE %' THEN 'Internet Explorer'
    WHEN ${ua} LIKE '%Safari/%' THEN 'Safari'
    ELSE 'Other' END`;
}

export function osFamily(ua: string): string {
  return `CASE
    WHEN ${ua} IS NULL OR ${ua} = '' THEN 'Unknown'
    WHEN ${ua} LIKE '%iPhone%' OR ${ua} LIKE '%iPad%' THEN 'iOS'
    WHEN ${ua} LIKE '%Android%' THEN 'Android'
    WHEN ${ua} LIKE '%Windows%' THEN 'Windows'
    WHEN ${ua} LIKE '%Mac OS X%' OR ${ua} LIKE '%Macintosh%' THEN 'macOS'
    WHEN ${ua} LIKE '%Linux%' OR ${ua} LIKE '%X11%' THEN 'Linux'
    ELSE 'Other' END`;
}

/** The SQL of each report query, exported so that tests and docs can show what backs a chart. */
export function reportSql(d: Dialect, period: Period = {}) {
  const where = periodFilter('start_time', period).sql;
  const changeWhere = periodFilter('c.start_time', period).sql;
  const t = (name: string) => d.table(name);
  const day = (ts: string) => `CAST(CAST(${ts} AS DATE) AS VARCHAR)`;
  const bin = (expr: string) => d.binaryText(expr);
  const plays = `(SELECT * FROM ${t('songplays')} WHERE ${where}) sp`;
  return {
    overview: `SELECT COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS active_users, COUNT(sp.song_id) AS matched_plays,
       CAST(MIN(sp.start_time) AS VARCHAR) AS first_play, CAST(MAX(sp.start_time) AS VARCHAR) AS last_play
FROM ${plays}`,
    byHour: `SELECT CAST(EXTRACT(hour FROM sp.start_time) AS INTEGER) AS hour, COUNT(*) AS plays
FROM ${plays} GROUP BY CAST(EXTRACT(hour FROM sp.start_time) AS INTEGER) ORDER BY hour`,
    byWeekday: `SELECT ${d.isoWeekday('sp.start_time')} AS weekday, COUNT(*) AS plays
FROM ${plays} GROUP BY ${d.isoWeekday('sp.start_time')} ORDER BY weekday`,
    daily: `SELECT ${day('sp.start_time')} AS day, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS active_users
FROM ${plays} GROUP BY ${day('sp.start_time')} ORDER BY day`,
    topSongs: `SELECT sp.song_id, s.title, a.name AS artist, COUNT(*) AS plays
FROM ${plays}
LEFT JOIN ${t('songs')} s ON s.song_id = sp.song_id
LEFT JOIN ${t('artists')} a ON a.artist_id = sp.artist_id
WHERE sp.song_id IS NOT NULL
GROUP BY sp.song_id, s.title, a.name
ORDER BY plays DESC, ${bin('sp.song_id')}
LIMIT 10`,
    topArtists: `SELECT sp.artist_id, a.name AS artist, COUNT(*) AS plays
FROM ${plays}
LEFT JOIN ${t('artists')} a ON a.artist_id = sp.artist_id
WHERE sp.artist_id IS NOT NULL
GROUP BY sp.artist_id, a.name
ORDER BY plays DESC, ${bin('sp.artist_id')}
LIMIT 10`,
    // Users are counted by their level at their last play in the period, so each user counts once.
    levelShare: `SELECT COALESCE(p.level, 'unknown') AS level, p.plays, COALESCE(u.users, 0) AS users
FROM (SELECT sp.level, COUNT(*) AS plays FROM ${plays} GROUP BY sp.level) p
LEFT JOIN (
  SELECT level, COUNT(*) AS users FROM (
    SELECT sp.user_id, sp.level,
           ROW_NUMBER() OVER (PARTITION BY sp.user_id ORDER BY sp.start_time DESC, sp.songplay_id DESC) AS rn
    FROM ${plays} WHERE sp.user_id IS NOT NULL
  ) latest WHERE rn = 1 GROUP BY level
) u ON u.level = p.level OR (u.level IS NULL AND p.level IS NULL)
ORDER BY p.plays DESC, ${bin("COALESCE(p.level, 'unknown')")}`,
    // A change is a play whose level differs from the same user's previous play (all history).
    levelChanges: `SELECT ${day('c.start_time')} AS day,
       SUM(CASE WHEN c.previous_level = 'free' AND c.level = 'paid' THEN 1 ELSE 0 END) AS upgrades,
       SUM(CASE WHEN c.previous_level = 'paid' AND c.level = 'free' THEN 1 ELSE 0 END) AS downgrades
FROM (
  SELECT start_time, level,
         LAG(level) OVER (PARTITION BY user_id ORDER BY start_time, songplay_id) AS previous_level
  FROM ${t('songplays')} WHERE user_id IS NOT NULL
) c
WHERE c.previous_level <> c.level AND ${changeWhere}
GROUP BY ${day('c.start_time')} ORDER BY day`,
    usersChangingLevel: `SELECT COUNT(DISTINCT c.user_id) AS users FROM (
  SELECT user_id, start_time, level,
         LAG(level) OVER (PARTITION BY user_id ORDER BY start_time, songplay_id) AS previous_level
  FROM ${t('songplays')} WHERE user_id IS NOT NULL
) c
WHERE c.previous_level <> c.level AND ${changeWhere}`,
    topLocations: `SELECT COALESCE(sp.location, '(unknown)') AS location, COUNT(*) AS plays, COUNT(DISTINCT sp.user_id) AS users
FROM ${plays}
GROUP BY COALESCE(sp.location, '(unknown)')
ORDER BY plays DESC, ${bin("COALESCE(sp.location, '(unknown)')")}
LIMIT 10`,
    clients: `SELECT c.browser, c.os, COUNT(*) AS plays FROM (
  SELECT ${browserFamily('sp.user_agent')} AS browser, ${osFamily('sp.user_agent')} AS os FROM ${plays}
) c
GROUP BY c.browser, c.os
ORDER BY plays DESC, ${bin('c.browser')}, ${bin('c.os')}`,
  };
}

/** Tables of the configured schema that exist, lower-cased. */
export async function existingTables(warehouse: Warehouse): Promise<Set<string>> {
  const rows = await warehouse.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = ${warehouse.dialect.currentSchema()}`);
  return new Set(rows.map((r) => String(r.table_name).toLowerCase()));
}

async function columnsOf(warehouse: Warehouse, table: string): Promise<string[]> {
  const rows = await warehouse.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = ${warehouse.dialect.currentSchema()} AND table_name = $1
     ORDER BY ordinal_position`, [table]);
  return rows.map((r) => String(r.column_name));
}

/** The tables `runChecks` reads. */
const CHECKED_TABLES = [...STAR_TABLES.map((t) => t.name), 'user_levels', 'staging_events', 'etl_runs', 'rejects'];
/** Where the last run is recorded: the ETL's own log first. */
const RUN_LOGS = ['etl_runs', 'runs'];

/** Columns that order a run log, best first; the `runs` table is optional and its shape not fixed. */
const RUN_ORDER = ['finished_at', 'ended_at', 'completed_at', 'started_at', 'run_at', 'created_at', 'loaded_at', 'run_id', 'id'];

async function latestRow(warehouse: Warehouse, table: string): Promise<LatestRow | null> {
  const columns = await columnsOf(warehouse, table);
  const order = RUN_ORDER.find((c) => columns.includes(c));
  const rows = await warehouse.query(
    `SELECT * FROM ${warehouse.dialect.table(table)}${order ? ` ORDER BY ${order} DESC NULLS LAST` : ''} LIMIT 1`);
  const [first] = rows;
  if (!first) return null;
  const row: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(first)) row[key] = displayValue(value);
  return { table, row };
}

export function displayValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '');
  if (typeof value === 'object') return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return String(value);
}

const num = (value: unknown): number => Number(value ?? 0);
const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

/** Runs every report query; tables that do not exist yet read as empty. */
export async function collectReport(warehouse: Warehouse, period: Period = {}): Promise<ReportData> {
  const d = warehouse.dialect;
  const { params } = periodFilter('start_time', period);
  const sql = reportSql(d, period);
  const tables = await existingTables(warehouse);
  const star = ['songplays', 'users', 'songs', 'artists'].every((name) => tables.has(name));
  const q = async <T>(text: string, map: (row: Record<string, unknown>) => T): Promise<T[]> =>
    star ? (await warehouse.query(text, params)).map(map) : [];

  const [overviewRow] = await q(sql.overview, (r) => ({
    plays: num(r.plays), active_users: num(r.active_users), matched_plays: num(r.matched_plays),
    first_play: text(r.first_play), last_play: text(r.last_play),
  }));
  const [changing] = await q(sql.usersChangingLevel, (r) => num(r.users));

  const health: ReportData['health'] = { tables: [], rejects: [], checks: [], lastRun: null };
  for (const table of ALL_TABLES) {
    const rows = tables.has(table.name)
      ? num((await warehouse.query(`SELECT COUNT(*) AS n FROM ${d.table(table.name)}`))[0]?.n)
      : null;
    health.tables.push({ table: table.name, rows });
  }
  if (tables.has('rejects')) {
    health.rejects = (await warehouse.query(
      `SELECT reason, COUNT(*) AS rejects FROM ${d.table('rejects')} GROUP BY reason ORDER BY rejects DESC, ${d.binaryText('reason')} LIMIT 10`))
      .map((r) => ({ reason: String(r.reason), rejects: num(r.rejects) }));
  }
  if (CHECKED_TABLES.every((name) => tables.has(name))) health.checks = await runChecks(warehouse);
  for (const log of RUN_LOGS) {
    if (health.lastRun === null && tables.has(log)) health.lastRun = await latestRow(warehouse, log);
  }

  return {
    period,
    overview: overviewRow ?? { plays: 0, active_users: 0, matched_plays: 0, first_play: null, last_play: null },
    byHour: await q(sql.byHour, (r) => ({ hour: num(r.hour), plays: num(r.plays) })),
    byWeekday: await q(sql.byWeekday, (r) => ({ weekday: num(r.weekday), plays: num(r.plays) })),
    daily: await q(sql.daily, (r) => ({ day: String(r.day), plays: num(r.plays), active_users: num(r.active_users) })),
    topSongs: await q(sql.topSongs, (r) => ({ song_id: String(r.song_id), title: text(r.title), artist: text(r.artist), plays: num(r.plays) })),
    topArtists: await q(sql.topArtists, (r) => ({ artist_id: String(r.artist_id), artist: text(r.artist), plays: num(r.plays) })),
    levelShare: await q(sql.levelShare, (r) => ({ level: String(r.level), plays: num(r.plays), users: num(r.users) })),
    levelChanges: await q(sql.levelChanges, (r) => ({ day: String(r.day), upgrades: num(r.upgrades), downgrades: num(r.downgrades) })),
    users_changing_level: changing ?? 0,
    topLocations: await q(sql.topLocations, (r) => ({ location: String(r.location), plays: num(r.plays), users: num(r.users) })),
    clients: await q(sql.clients, (r) => ({ browser: String(r.browser), os: String(r.os), plays: num(r.plays) })),
    health,
  };
}
