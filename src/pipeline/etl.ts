import type { Reporter } from '../cli/progress.js';
import { STAR_TABLES, STAGING_TABLES, rejects as rejectsTable } from '../sql/tables.js';
import { transformSteps, type MatchMode } from '../sql/transform.js';
import type { Source } from '../source/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { RejectLog } from './rejects.js';
import { ensureTables } from './schema.js';
import { stageEvents } from './stage-events.js';
import { stageFromS3 } from './stage-s3.js';
import { stageSongs } from './stage-songs.js';

export interface EtlOptions {
  source: Source;
  warehouse: Warehouse;
  reporter: Reporter;
  match?: MatchMode;
}

/** What a run did; `--json` prints exactly this. */
export interface EtlSummary {
  warehouse: string;
  source: string;
  files_loaded: number;
  song_files: number;
  event_files: number;
  events_staged: number;
  songs_staged: number;
  rejects: number;
  tables: Record<string, number>;
  songplays_matched: number;
  match_rate: number;
  match_mode: MatchMode;
  seconds: Record<string, number>;
}

/** Stage the song files and event logs, then build the star schema from them in one transaction. */
export async function runEtl({ source, warehouse, reporter, match = 'exact' }: EtlOptions): Promise<EtlSummary> {
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      seconds[step] = round((performance.now() - started) / 1000);
    }
  };
  const started = performance.now();
  const d = warehouse.dialect;
  const rejects = new RejectLog();

  await ensureTables(warehouse);
  // A warehouse that reads S3 itself (Redshift COPY) stages an S3 source without listing it here.
  const copyFromS3 = warehouse.copyFromS3?.bind(warehouse);
  const s3 = source.s3 && copyFromS3 ? { location: source.s3, copy: copyFromS3 } : undefined;
  const [songFiles, eventFiles] = s3 ? [[], []]
    : await timed('list', () => Promise.all([source.songFiles(), source.eventFiles()]));
  if (!s3) reporter.log(`source ${source.label}: ${songFiles.length.toLocaleString('en-US')} song files, ${eventFiles.length.toLocaleString('en-US')} event files`);

  // Staging holds this run's input only; the star schema is rebuilt from it below.
  for (const table of [...STAGING_TABLES, rejectsTable]) await warehouse.run(d.clearTable(table.name));

  let songsStaged: number;
  let eventsStaged: number;
  let fileCounts = { songs: songFiles.length, events: eventFiles.length };
  if (s3) {
    const staged = await timed('stage_s3', () => stageFromS3(s3.location, s3.copy));
    [songsStaged, eventsStaged] = [staged.songs.rows, staged.events.rows];
    fileCounts = { songs: staged.songs.files, events: staged.events.files };
    rejects.count += staged.songs.rejects + staged.events.rejects; // already in the rejects table
    reporter.log(`copied ${songsStaged.toLocaleString('en-US')} songs and ${eventsStaged.toLocaleString('en-US')} events from ${source.label} in ${seconds.stage_s3} s`);
  } else {
    songsStaged = await timed('stage_songs', () =>
      stageSongs(songFiles, warehouse, rejects, reporter.counter('staging songs', 'files', songFiles.length)));
    reporter.log(`staged ${songsStaged.toLocaleString('en-US')} songs in ${seconds.stage_songs} s`);
    eventsStaged = await timed('stage_events', () =>
      stageEvents(eventFiles, warehouse, rejects, reporter.counter('staging events', 'events')));
    reporter.log(`staged ${eventsStaged.toLocaleString('en-US')} events in ${seconds.stage_events} s`);
  }
  await rejects.flush(warehouse);
  if (rejects.count > 0) reporter.log(`${rejects.count.toLocaleString('en-US')} malformed records rejected (see the rejects table)`);

  await timed('transform', () => warehouse.transaction(async () => {
    for (const table of [...STAR_TABLES].reverse()) await warehouse.run(d.clearTable(table.name));
    for (const step of transformSteps(d, match)) {
      await timed(`load_${step.table}`, () => warehouse.run(step.sql));
    }
  }));
  reporter.log(`built the star schema in ${seconds.transform} s`);

  const tables: Record<string, number> = {};
  for (const table of STAR_TABLES) tables[table.name] = await count(warehouse, d.table(table.name));
  const matched = await count(warehouse, d.table('songplays'), 'song_id IS NOT NULL');
  seconds.total = round((performance.now() - started) / 1000);

  return {
    warehouse: warehouse.label,
    source: source.label,
    files_loaded: fileCounts.songs + fileCounts.events,
    song_files: fileCounts.songs,
    event_files: fileCounts.events,
    events_staged: eventsStaged,
    songs_staged: songsStaged,
    rejects: rejects.count,
    tables,
    songplays_matched: matched,
    match_rate: tables.songplays ? round(matched / tables.songplays, 4) : 0,
    match_mode: match,
    seconds,
  };
}

async function count(warehouse: Warehouse, table: string, where?: string): Promise<number> {
  const [row] = await warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`);
  return Number(row?.n ?? 0);
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
