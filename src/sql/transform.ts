import type { Dialect } from '../warehouse/dialect.js';

/** How events find their song: exact (the contract's rule) or loose (an option, always reported). */
export type MatchMode = 'exact' | 'loose';

export interface SqlStep {
  /** The table this statement loads, for progress and timings. */
  table: string;
  sql: string;
}

/**
 * The star schema from staging, in the SQL subset DuckDB, PostgreSQL and Redshift share. Each
 * dimension is deduplicated here with window functions, because Redshift enforces no UNIQUE: the
 * ETL, not the engine, guarantees one row per key. Every ORDER BY ends in a total order with
 * explicit NULLS placement, so every engine picks the same row whatever the file order.
 */
export function transformSteps(d: Dialect, match: MatchMode = 'exact'): SqlStep[] {
  const t = (name: string) => d.table(name);
  const bin = (expr: string) => d.binaryText(expr);
  const startTime = d.epochMillisToTimestamp('ts');

  /** The value of `column` from each user's latest event that has one. */
  const latestPerUser = (columns: string[], notNullColumn: string) => `
    SELECT userid, ${columns.join(', ')} FROM (
      SELECT userid, ${columns.join(', ')},
             ROW_NUMBER() OVER (PARTITION BY userid
               ORDER BY ts DESC NULLS LAST, sessionid DESC NULLS LAST, iteminsession DESC NULLS LAST,
                        ${columns.map((c) => `${bin(c)} DESC NULLS LAST`).join(', ')}) AS rn
      FROM ${t('staging_events')}
      WHERE userid IS NOT NULL AND userid <> '' AND ${notNullColumn} IS NOT NULL AND ${notNullColumn} <> ''
    ) ranked WHERE rn = 1`;

  const users: SqlStep = {
    table: 'users',
    sql: `INSERT INTO ${t('users')} (user_id, first_name, last_name, gender, level)
SELECT ids.userid, names.firstname, names.lastname, genders.gender, levels.level
FROM (SELECT DISTINCT userid FROM ${t('staging_events')} WHERE userid IS NOT NULL AND userid <> '') ids
LEFT JOIN (${latestPerUser(['firstname', 'lastname'], 'firstname')}) names ON names.userid = ids.userid
LEFT JOIN (${latestPerUser(['gender'], 'gender')}) genders ON genders.userid = ids.userid
LEFT JOIN (${latestPerUser(['level'], 'level')}) levels ON levels.userid = ids.userid`,
  };

  const songs: SqlStep = {
    table: 'songs',
    sql: `INSERT INTO ${t('songs')} (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, CASE WHEN year = 0 THEN NULL ELSE year END, duration FROM (
  SELECT song_id, title, artist_id, year, duration,
         ROW_NUMBER() OVER (PARTITION BY song_id
           ORDER BY ${bin('title')} NULLS LAST, ${bin('artist_id')} NULLS LAST, duration NULLS LAST,
                    year NULLS LAST) AS rn
  FROM ${t('staging_songs')} WHERE song_id IS NOT NULL AND song_id <> ''
) ranked WHERE rn = 1`,
  };

  // Conflicting song files for one artist: the smallest non-empty name and location (byte order)
  // and the smallest non-null coordinate pair. Order-free, so incremental loads can apply it too.
  const artists: SqlStep = {
    table: 'artists',
    sql: `INSERT INTO ${t('artists')} (artist_id, name, location, latitude, longitude)
SELECT ids.artist_id, names.name, locations.location, coordinates.artist_latitude, coordinates.artist_longitude
FROM (SELECT DISTINCT artist_id FROM ${t('staging_songs')} WHERE artist_id IS NOT NULL AND artist_id <> '') ids
LEFT JOIN (SELECT artist_id, MIN(${bin('artist_name')}) AS name FROM ${t('staging_songs')}
           WHERE artist_name <> '' GROUP BY artist_id) names ON names.artist_id = ids.artist_id
LEFT JOIN (SELECT artist_id, MIN(${bin('artist_location')}) AS location FROM ${t('staging_songs')}
           WHERE artist_location <> '' GROUP BY artist_id) locations ON locations.artist_id = ids.artist_id
LEFT JOIN (SELECT artist_id, artist_latitude, artist_longitude FROM (
             SELECT artist_id, artist_latitude, artist_longitude,
                    ROW_NUMBER() OVER (PARTITION BY artist_id ORDER BY artist_latitude, artist_longitude) AS rn
             FROM ${t('staging_songs')} WHERE artist_latitude IS NOT NULL AND artist_longitude IS NOT NULL
           ) ranked WHERE rn = 1) coordinates ON coordinates.artist_id = ids.artist_id`,
  };

  // One row per NextSong event; a duplicated line (same time, user, session and item) is one play.
  const plays = `
    SELECT * FROM (
      SELECT ts, userid, level, song, artist, length, sessionid, iteminsession, location, useragent,
             ROW_NUMBER() OVER (PARTITION BY ts, userid, sessionid, iteminsession
               ORDER BY ${['song', 'artist', 'level', 'location', 'useragent'].map((c) => `${bin(c)} NULLS LAST`).join(', ')},
                        length NULLS LAST) AS rn
      FROM ${t('staging_events')} WHERE page = 'NextSong' AND ts IS NOT NULL
    ) ranked WHERE rn = 1`;

  const time: SqlStep = {
    table: 'time',
    sql: `INSERT INTO ${t('time')} (start_time, hour, day, week, month, year, weekday)
SELECT start_time, CAST(EXTRACT(hour FROM start_time) AS INTEGER), CAST(EXTRACT(day FROM start_time) AS INTEGER),
       ${d.isoWeek('start_time')}, CAST(EXTRACT(month FROM start_time) AS INTEGER),
       CAST(EXTRACT(year FROM start_time) AS INTEGER), ${d.isoWeekday('start_time')}
FROM (SELECT DISTINCT ${startTime} AS start_time FROM ${t('staging_events')} WHERE page = 'NextSong' AND ts IS NOT NULL) starts`,
  };

  const eventKey = `CAST(e.ts AS VARCHAR) || '|' || COALESCE(e.userid, '') || '|' || COALESCE(CAST(e.sessionid AS VARCHAR), '') || '|' || COALESCE(CAST(e.iteminsession AS VARCHAR), '')`;

  const songplays: SqlStep = {
    table: 'songplays',
    sql: `INSERT INTO ${t('songplays')} (songplay_id, start_time, user_id, level, song_id, artist_id, session_id, location, user_agent)
SELECT ${d.hashToBigint(eventKey)}, ${d.epochMillisToTimestamp('e.ts')}, NULLIF(e.userid, ''), e.level,
       m.song_id, m.artist_id, e.sessionid, e.location, e.useragent
FROM (${plays}) e
${match === 'exact' ? exactMatch(d) : looseMatch(d, eventKey)}`,
  };

  return [users, songs, artists, time, songplays];
}

/** The contract's rule: same title, same song-record artist name, same duration. */
function exactMatch(d: Dialect): string {
  return `LEFT JOIN (
  SELECT title, artist_name, duration, song_id, artist_id FROM (
    SELECT title, artist_name, duration, song_id, artist_id,
           ROW_NUMBER() OVER (PARTITION BY title, artist_name, duration ORDER BY ${d.binaryText('song_id')}) AS rn
    FROM ${d.table('staging_songs')} WHERE song_id IS NOT NULL AND song_id <> ''
  ) ranked WHERE rn = 1
) m ON m.title = e.song AND m.artist_name = e.artist AND m.duration = e.length`;
}

/** Trimmed, case-folded names and durations within one second; the closest duration wins. */
function looseMatch(d: Dialect, eventKey: string): string {
  return `LEFT JOIN (
  SELECT event_key, song_id, artist_id FROM (
    SELECT ${eventKey} AS event_key, s.song_id, s.artist_id,
           ROW_NUMBER() OVER (PARTITION BY ${eventKey}
             ORDER BY ABS(s.duration - e.length), ${d.binaryText('s.song_id')}) AS rn
    FROM ${d.table('staging_events')} e
    JOIN ${d.table('staging_songs')} s
      ON LOWER(TRIM(s.title)) = LOWER(TRIM(e.song)) AND LOWER(TRIM(s.artist_name)) = LOWER(TRIM(e.artist))
     AND ABS(s.duration - e.length) <= 1
    WHERE e.page = 'NextSong' AND e.ts IS NOT NULL AND s.song_id IS NOT NULL AND s.song_id <> ''
  ) ranked WHERE rn = 1
) m ON m.event_key = ${eventKey}`;
}
