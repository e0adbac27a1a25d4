import type { Column, TableDef } from '../warehouse/table.js';

/**
 * A staging column and the JSON field it is read from. Staging keeps the seed's names, which
 * Redshift and PostgreSQL fold to lower case (`firstName` → `firstname`).
 */
export interface StagingColumn extends Column {
  field: string;
}

const text = (field: string, width = 256): StagingColumn => ({ field, name: field.toLowerCase(), type: 'text', width });
const integer = (field: string): StagingColumn => ({ field, name: field.toLowerCase(), type: 'integer' });
const bigint = (field: string): StagingColumn => ({ field, name: field.toLowerCase(), type: 'bigint' });
const double = (field: string): StagingColumn => ({ field, name: field.toLowerCase(), type: 'double' });

/** The 18 event fields, in the order of the JSONPaths file. */
export const EVENT_FIELDS: readonly StagingColumn[] = [
  text('artist', 512), text('auth', 32), text('firstName'), text('gender', 16), integer('itemInSession'),
  text('lastName'), double('length'), text('level', 16), text('location', 512), text('method', 16),
  text('page', 64), double('registration'), integer('sessionId'), text('song', 512), integer('status'),
  bigint('ts'), text('userAgent', 1024), text('userId', 64),
];

/** The 10 song fields, in the order of the song files. */
export const SONG_FIELDS: readonly StagingColumn[] = [
  integer('num_songs'), text('artist_id', 64), double('artist_latitude'), double('artist_longitude'),
  text('artist_location', 512), text('artist_name', 512), text('song_id', 64), text('title', 512),
  double('duration'), integer('year'),
];

/** Which file a staged row came from: what manifests and rejects refer to. */
const sourceFile: Column = { name: 'source_file', type: 'text', width: 1024 };

export const stagingEvents: TableDef = { name: 'staging_events', columns: [...EVENT_FIELDS, sourceFile] };
export const stagingSongs: TableDef = { name: 'staging_songs', columns: [...SONG_FIELDS, sourceFile] };

export const rejects: TableDef = {
  name: 'rejects',
  columns: [
    { name: 'run_id', type: 'text', width: 64, notNull: true },
    { name: 'source_file', type: 'text', width: 1024, notNull: true },
    { name: 'line', type: 'bigint' },
    { name: 'reason', type: 'text', width: 512, notNull: true },
    { name: 'excerpt', type: 'text', width: 512 },
  ],
};

export const songplays: TableDef = {
  name: 'songplays',
  columns: [
    { name: 'songplay_id', type: 'bigint', notNull: true },
    { name: 'start_time', type: 'timestamp', notNull: true },
    { name: 'user_id', type: 'text', width: 64 },
    { name: 'level', type: 'text', width: 16 },
    { name: 'song_id', type: 'text', width: 64 },
    { name: 'artist_id', type: 'text', width: 64 },
    { name: 'session_id', type: 'integer' },
    { name: 'location', type: 'text', width: 512 },
    { name: 'user_agent', type: 'text', width: 1024 },
  ],
  primaryKey: ['songplay_id'],
  distKey: 'songplay_id',
  sortKey: ['songplay_id'],
};

export const users: TableDef = {
  name: 'users',
  columns: [
    { name: 'user_id', type: 'text', width: 64, notNull: true },
    { name: 'first_name', type: 'text' },
    { name: 'last_name', type: 'text' },
    { name: 'gender', type: 'text', width: 16 },
    { name: 'level', type: 'text', width: 16 },
  ],
  primaryKey: ['user_id'],
  distStyleAll: true,
  sortKey: ['user_id'],
};

export const songs: TableDef = {
  name: 'songs',
  columns: [
    { name: 'song_id', type: 'text', width: 64, notNull: true },
    { name: 'title', type: 'text', width: 512 },
    { name: 'artist_id', type: 'text', width: 64 },
    { name: 'year', type: 'integer' },
    { name: 'duration', type: 'double' },
  ],
  primaryKey: ['song_id'],
  distStyleAll: true,
  sortKey: ['song_id'],
};

export const artists: TableDef = {
  name: 'artists',
  columns: [
    { name: 'artist_id', type: 'text', width: 64, notNull: true },
    { name: 'name', type: 'text', width: 512 },
    { name: 'location', type: 'text', width: 512 },
    { name: 'latitude', type: 'double' },
    { name: 'longitude', type: 'double' },
  ],
  primaryKey: ['artist_id'],
  distStyleAll: true,
  sortKey: ['artist_id'],
};

export const time: TableDef = {
  name: 'time',
  columns: [
    { name: 'start_time', type: 'timestamp', notNull: true },
    { name: 'hour', type: 'integer' },
    { name: 'day', type: 'integer' },
    { name: 'week', type: 'integer' },
    { name: 'month', type: 'integer' },
    { name: 'year', type: 'integer' },
    { name: 'weekday', type: 'integer' },
  ],
  primaryKey: ['start_time'],
  distStyleAll: true,
  sortKey: ['start_time'],
};

/** Each user's level over time (SCD type 2): the open row has `valid_to` NULL. */
export const userLevels: TableDef = {
  name: 'user_levels',
  columns: [
    { name: 'user_id', type: 'text', width: 64, notNull: true },
    { name: 'level', type: 'text', width: 16, notNull: true },
    { name: 'valid_from', type: 'timestamp', notNull: true },
    { name: 'valid_to', type: 'timestamp' },
  ],
  // Two levels at the same instant are possible in raw logs, hence level in the key.
  primaryKey: ['user_id', 'valid_from', 'level'],
  distStyleAll: true,
  sortKey: ['user_id', 'valid_from'],
};

/** Every file loaded: what an incremental run compares the source against. */
export const loadManifest: TableDef = {
  name: 'load_manifest',
  columns: [
    { name: 'source_file', type: 'text', width: 1024, notNull: true },
    { name: 'kind', type: 'text', width: 16, notNull: true },
    { name: 'size', type: 'bigint' },
    { name: 'version', type: 'text', width: 128 },
    { name: 'rows', type: 'bigint' },
    { name: 'rejects', type: 'bigint' },
    { name: 'run_id', type: 'text', width: 64, notNull: true },
    { name: 'loaded_at', type: 'timestamp' },
  ],
  primaryKey: ['source_file'],
  distStyleAll: true,
};

/** One row per published run; a failed run is recorded after its rollback. */
export const etlRuns: TableDef = {
  name: 'etl_runs',
  columns: [
    { name: 'run_id', type: 'text', width: 64, notNull: true },
    { name: 'started_at', type: 'timestamp', notNull: true },
    { name: 'finished_at', type: 'timestamp' },
    { name: 'status', type: 'text', width: 16, notNull: true },
    { name: 'files_loaded', type: 'bigint' },
    { name: 'files_skipped', type: 'bigint' },
    { name: 'events_staged', type: 'bigint' },
    { name: 'songs_staged', type: 'bigint' },
    { name: 'rejects', type: 'bigint' },
    { name: 'songplays', type: 'bigint' },
    { name: 'options', type: 'text', width: 2048 },
    { name: 'error', type: 'text', width: 2048 },
  ],
  primaryKey: ['run_id'],
  distStyleAll: true,
};

export const STAGING_TABLES = [stagingEvents, stagingSongs] as const;
/** Dimensions before the fact that joins them: the order tables are created and loaded in. */
export const STAR_TABLES = [users, songs, artists, time, songplays] as const;
export const BOOKKEEPING_TABLES = [rejects, loadManifest, etlRuns] as const;
export const ALL_TABLES: readonly TableDef[] = [...STAGING_TABLES, ...BOOKKEEPING_TABLES, ...STAR_TABLES, userLevels];
