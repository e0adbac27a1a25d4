import type { SqlValue } from '../warehouse/table.js';
import type { Dialect } from '../warehouse/dialect.js';

/** How events find their song: exact (the contract's rule) or loose (an option, always reported). */
export type MatchMode = 'exact' | 'loose';

export interface SqlStep {
  /** The table this statement loads, for progress and timings. */
  table: string;
  sql: string;
  params?: readonly SqlValue[];
}

/**
 * `full` rebuilds every star table from all of staging. `run` recomputes only the keys that the
 * files of one run touch — from all of staging, so the result equals a full rebuild.
 */
export type TransformScope = { kind: 'full' } | { kind: 'run'; runId: string };

/**
 * The star schema from staging, in the SQL subset DuckDB, PostgreSQL and Redshift share. Each
 * dimension is deduplicated here with window functions, because Redshift enforces no UNIQUE: the
 * ETL, not the engine, guarantees one row per key. Every ORDER BY ends in a total order with
 * explicit NULLS placement, so every engine picks the same row whatever the file order.
 */
export function transformSteps(d: Dialect, match: MatchMode, scope: TransformScope): SqlStep[] {
  const t = (name: string) => d.table(name);
  const bin = (expr: string) => d.binaryText(expr);
  const incremental = scope.kind === 'run';
  const params = incremental ? [scope.runId] : undefined;
  const step = (table: string, sql: string): SqlStep => ({ table, sql, ...(params && sql.includes('$1') ? { params } : {}) });

  // What a run touches: the rows staged from the files its manifest entries name.
  const runFiles = `SELECT source_file FROM ${t('load_manifest')} WHERE run_id = $1`;
  const newEvents = `(SELECT * FROM ${t('staging_events')} WHERE source_file IN (${runFiles}))`;
  const newSongs = `(SELECT * FROM ${t('staging_songs')} WHERE source_file IN (${runFiles}))`;
  const touchedUsers = `SELECT DISTINCT userid FROM ${newEvents} n WHERE userid <> ''`;
  const touchedSongs = `SELECT DISTINCT song_id FROM ${newSongs} n WHERE song_id <> ''`;
  const touchedArtists = `SELECT DISTINCT artist_id FROM ${newSongs} n WHERE artist_id <> ''`;
  const onlyTouched = (column: string, touched: string) => (incremental ? ` AND ${column} IN (${touched})` : '');
  const replace = (table: string, key: string, touched: string): SqlStep[] =>
    incremental ? [step(table, `DELETE FROM ${t(table)} WHERE ${key} IN (${touched})`)] : [];

  /** The values of `columns` from each user's latest event that has `notNullColumn`. */
  const latestPerUser = (columns: string[], notNullColumn: string) => `
    SELECT userid, ${columns.join(', ')} FROM (
      SELECT userid, ${columns.join(', ')},
             ROW_NUMBER() OVER (PARTITION BY userid
               ORDER BY ts DESC NULLS LAST, sessionid DESC NULLS LAST, iteminsession DESC NULLS LAST,
                        ${columns.map((c) => `${bin(c)} DESC NULLS LAST`).join(', ')}) AS rn
      FROM ${t('staging_events')}
      WHERE userid <> '' AND ${notNullColumn} <> ''${onlyTouched('userid', touchedUsers)}
    ) ranked WHERE rn = 1`;

  const users = step('users', `INSERT INTO ${t('users')} (user_id, first_name, last_name, gender, level)
SELECT ids.userid, names.firstname, names.lastname, genders.gender, levels.level
FROM (${incremental ? touchedUsers : `SELECT DISTINCT userid FROM ${t('staging_events')} WHERE userid <> ''`}) ids
LEFT JOIN (${latestPerUser(['firstname', 'lastname'], 'firstname')}) names ON names.userid = ids.userid
LEFT JOIN (${latestPerUser(['gender'], 'gender')}) genders ON genders.userid = ids.userid
LEFT JOIN (${latestPerUser(['level'], 'level')}) levels ON levels.userid = ids.userid`);

  // A new streak starts wherever a user's level differs from that of their previous event.
  const userLevels = step('user_levels', `INSERT INTO ${t('user_levels')} (user_id, level, valid_from, valid_to)
SELECT userid, level, valid_from,
       LEAD(valid_from) OVER (PARTITION BY userid ORDER BY valid_from, ${bin('level')}) AS valid_to
FROM (
  SELECT userid, level, ${d.epochMillisToTimestamp('ts')} AS valid_from FROM (
    SELECT userid, level, ts,
           LAG(level) OVER (PARTITION BY userid
             ORDER BY ts, sessionid NULLS FIRST, iteminsession NULLS FIRST, ${bin('level')}) AS previous
    FROM ${t('staging_events')}
    WHERE userid <> '' AND level <> '' AND ts IS NOT NULL${onlyTouched('userid', touchedUsers)}
  ) e WHERE previous IS NULL OR previous <> level
) streaks`);

  const songs = step('songs', `INSERT INTO ${t('songs')} (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, CASE WHEN year = 0 THEN NULL ELSE year END, duration FROM (
  SELECT song_id, title, artist_id, year, duration,
         ROW_NUMBER() OVER (PARTITION BY song_id
           ORDER BY ${bin('title')} NULLS LAST, ${bin('artist_id')} NULLS LAST, duration NULLS LAST,
                    year NULLS LAST) AS rn
  FROM ${t('staging_songs')} WHERE song_id <> ''${onlyTouched('song_id', touchedSongs)}
) ranked WHERE rn = 1`);

  // Conflicting song files for one artist: the smallest non-empty name and location (byte order)
  // and the smallest coordinate pair. Order-free, so the file order never changes the row.
  const artistRows = `${t('staging_songs')} WHERE artist_id <> ''${onlyTouched('artist_id', touchedArtists)}`;
  const artists = step('artists', `INSERT INTO ${t('artists')} (artist_id, name, location, latitude, longitude)
SELECT ids.artist_id, names.name, locations.location, coordinates.artist_latitude, coordinates.artist_longitude
FROM (SELECT DISTINCT artist_id FROM ${artistRows}) ids
LEFT JOIN (SELECT artist_id, MIN(${bin('artist_name')}) AS name FROM ${artistRows}
           AND artist_name <> '' GROUP BY artist_id) names ON names.artist_id = ids.artist_id
LEFT JOIN (SELECT artist_id, MIN(${bin('artist_location')}) AS location FROM ${artistRows}
           AND artist_location <> '' GROUP BY artist_id) locations ON locations.artist_id = ids.artist_id
LEFT JOIN (SELECT artist_id, artist_latitude, artist_longitude FROM (
             SELECT artist_id, artist_latitude, artist_longitude,
                    ROW_NUMBER() OVER (PARTITION BY artist_id ORDER BY artist_latitude, artist_longitude) AS rn
             FROM ${artistRows} AND artist_latitude IS NOT NULL AND artist_longitude IS NOT NULL
           ) ranked WHERE rn = 1) coordinates ON coordinates.artist_id = ids.artist_id`);

  // time rows are a pure function of start_time: a run only adds the instants that are new.
  const time = step('time', `INSERT INTO ${t('time')} (start_time, hour, day, week, month, year, weekday)
SELECT start_time, CAST(EXTRACT(hour FROM start_time) AS INTEGER), CAST(EXTRACT(day FROM start_time) AS INTEGER),
       ${d.isoWeek('start_time')}, CAST(EXTRACT(month FROM start_time) AS INTEGER),
       CAST(EXTRACT(year FROM start_time) AS INTEGER), ${d.isoWeekday('start_time')}
FROM (SELECT DISTINCT ${d.epochMillisToTimestamp('ts')} AS start_time
      FROM ${incremental ? newEvents : t('staging_events')} n WHERE page = 'NextSong' AND ts IS NOT NULL) starts
${incremental ? `WHERE NOT EXISTS (SELECT 1 FROM ${t('time')} existing WHERE existing.start_time = starts.start_time)` : ''}`);

  // The plays a run touches: its own events, and older events that its new songs may now match.
  const keyColumns = 'ts, userid, sessionid, iteminsession';
  const touchedPlays = `SELECT ${keyColumns} FROM ${newEvents} n WHERE page = 'NextSong' AND ts IS NOT NULL
    UNION SELECT e.ts, e.userid, e.sessionid, e.iteminsession FROM ${t('staging_events')} e
    JOIN ${newSongs} s ON s.title = e.song AND s.artist_name = e.artist AND s.duration = e.length
    WHERE e.page = 'NextSong' AND e.ts IS NOT NULL`;
  const sameEvent = (a: string, b: string) => `${a}.ts = ${b}.ts AND COALESCE(${a}.userid, '') = COALESCE(${b}.userid, '')
      AND COALESCE(${a}.sessionid, -1) = COALESCE(${b}.sessionid, -1) AND COALESCE(${a}.iteminsession, -1) = COALESCE(${b}.iteminsession, -1)`;

  // One row per NextSong event; a duplicated line (same time, user, session and item) is one play.
  const plays = `
    SELECT * FROM (
      SELECT ts, userid, level, song, artist, length, sessionid, iteminsession, location, useragent,
             ROW_NUMBER() OVER (PARTITION BY ${keyColumns}
               ORDER BY ${['song', 'artist', 'level', 'location', 'useragent'].map((c) => `${bin(c)} NULLS LAST`).join(', ')},
                        length NULLS LAST) AS rn
      FROM ${t('staging_events')} p WHERE page = 'NextSong' AND ts IS NOT NULL
      ${incremental ? `AND EXISTS (SELECT 1 FROM (${touchedPlays}) k WHERE ${sameEvent('k', 'p')})` : ''}
    ) ranked WHERE rn = 1`;

  const songplayId = (alias: string) => d.hashToBigint(
    `CAST(${alias}.ts AS VARCHAR) || '|' || COALESCE(${alias}.userid, '') || '|' || COALESCE(CAST(${alias}.sessionid AS VARCHAR), '') || '|' || COALESCE(CAST(${alias}.iteminsession AS VARCHAR), '')`);

  const songplays = step('songplays', `INSERT INTO ${t('songplays')} (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
SELECT ${songplayId('e')}, ${d.epochMillisToTimestamp('e.ts')}, NULLIF(e.userid, ''), e.level,
       m.song_id, m.artist_id, e.sessionid, e.location, e.useragent
FROM (${plays}) e
${match === 'exact' ? exactMatch(d) : looseMatch(d, songplayId)}`);

  return [
    ...replace('users', 'user_id', touchedUsers), users,
    ...replace('user_levels', 'user_id', touchedUsers), userLevels,
    ...replace('songs', 'song_id', touchedSongs), songs,
    ...replace('artists', 'artist_id', touchedArtists), artists,
    time,
    ...replace('songplays', 'songplay_id', `SELECT ${songplayId('k')} FROM (${touchedPlays}) k`), songplays,
  ];
}

/** The contract's rule: same title, same song-record artist name, same duration. */
function exactMatch(d: Dialect): string {
  return `LEFT JOIN (
  SELECT title, artist_name, duration, song_id, artist_id FROM (
    SELECT title, artist_name, duration, song_id, artist_id,
           ROW_NUMBER() OVER (PARTITION BY title, artist_name, duration ORDER BY ${d.binaryText('song_id')}) AS rn
    FROM ${d.table('staging_songs')} WHERE song_id <> ''
  ) ranked WHERE rn = 1
) m ON m.title = e.song AND m.artist_name = e.artist AND m.duration = e.length`;
}

/** Trimmed, case-folded names and durations within one second; the closest duration wins. */
function looseMatch(d: Dialect, songplayId: (alias: string) => string): string {
  return `LEFT JOIN (
  SELECT play_id, song_id, artist_id FROM (
    SELECT ${songplayId('c')} AS play_id, s.song_id, s.artist_id,
           ROW_NUMBER() OVER (PARTITION BY c.ts, c.userid, c.sessionid, c.iteminsession
             ORDER BY ABS(s.duration - c.length), ${d.binaryText('s.song_id')}) AS rn
    FROM ${d.table('staging_events')} c
    JOIN ${d.table('staging_songs')} s
      ON LOWER(TRIM(s.title)) = LOWER(TRIM(c.song)) AND LOWER(TRIM(s.artist_name)) = LOWER(TRIM(c.artist))
     AND ABS(s.duration - c.length) <= 1
    WHERE c.page = 'NextSong' AND c.ts IS NOT NULL AND s.song_id <> ''
  ) ranked WHERE rn = 1
) m ON m.play_id = ${songplayId('e')}`;
}
