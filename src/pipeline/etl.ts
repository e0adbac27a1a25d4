import { UserError } from '../cli/errors.js';
import type { Reporter } from '../cli/progress.js';
import { formatChecks, runChecks } from '../checks/checks.js';
import { STAR_TABLES, STAGING_TABLES, loadManifest, userLevels } from '../sql/tables.js';
import { transformSteps, type MatchMode, type TransformScope } from '../sql/transform.js';
import type { Source } from '../source/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { failpoint } from './failpoint.js';
import { forgetFiles, newRunId, recordManifest, recordRun } from './bookkeeping.js';
import { RejectLog } from './rejects.js';
import { planRun } from './run-plan.js';
import { ensureTables } from './schema.js';
import { findMalformedFiles, MalformedInputError, stageEvents } from './stage-events.js';
import { stageFromS3 } from './stage-s3.js';
import { compactForCopy, copyCompacted, type CompactedInput, type S3Staging } from './stage-via-s3.js';
import { stageSongs } from './stage-songs.js';

export interface EtlOptions {
  source: Source;
  warehouse: Warehouse;
  reporter: Reporter;
  match?: MatchMode;
  /** Reload every file and rebuild every table, ignoring the manifest. */
  fullRefresh?: boolean;
  /** Fail the run, publishing nothing, when more records than this are rejected. */
  maxErrors?: number;
  /** How long to wait for another run on the same warehouse to finish (engines with a run lock). */
  lockWaitMs?: number;
  /**
   * Where a warehouse that loads only from S3 (Redshift) gets a local source compacted to, and an
   * S3 source too with `compact`. Without it such a warehouse accepts only an S3 source.
   */
  staging?: S3Staging;
  /** Compact an S3 source through `staging` instead of letting the warehouse COPY its many small objects. */
  compact?: boolean;
}

export const DEFAULT_LOCK_WAIT_MS = 30_000;

/** What a run did; `--json` prints exactly this. */
export interface EtlSummary {
  run_id: string;
  warehouse: string;
  source: string;
  files_loaded: number;
  files_skipped: number;
  song_files: number;
  event_files: number;
  events_staged: number;
  songs_staged: number;
  rejects: number;
  tables: Record<string, number>;
  songplays_matched: number;
  match_rate: number;
  match_mode: MatchMode;
  full_rebuild: boolean;
  seconds: Record<string, number>;
}

/**
 * One run: load the files that are new or changed since the manifest says, then bring the star
 * schema up to date. Everything from the first staged row to the run record is one transaction,
 * so a failure, a failed check or a `kill -9` leaves the warehouse exactly as it was.
 */
export async function runEtl(options: EtlOptions): Promise<EtlSummary> {
  const { source, warehouse, reporter, match = 'exact', fullRefresh = false, maxErrors, lockWaitMs = DEFAULT_LOCK_WAIT_MS } = options;
  const runId = newRunId();
  const startedAt = new Date();
  const seconds: Record<string, number> = {};
  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      seconds[step] = round((performance.now() - started) / 1000);
    }
  };
  const d = warehouse.dialect;
  const rejects = new RejectLog(runId);
  const optionsRecord = JSON.stringify({ source: source.label, warehouse: warehouse.label, match, full_refresh: fullRefresh, max_errors: maxErrors ?? null });

  // A warehouse that reads S3 itself (Redshift COPY) loads whole prefixes without a listing here:
  // every such run is a full refresh. Other input it loads from compaction parts on S3, and those
  // runs are incremental like any other.
  const copyFromS3 = warehouse.copyFromS3?.bind(warehouse);
  const copy = source.s3 && copyFromS3 && !options.compact ? { location: source.s3, run: copyFromS3 } : undefined;
  const viaS3 = copyFromS3 && !copy ? { staging: requireStaging(options.staging, source, options.compact === true), run: copyFromS3 } : undefined;

  await warehouse.lockForRun?.(lockWaitMs);
  await ensureTables(warehouse);
  const refresh = fullRefresh || copy !== undefined;
  const [songFiles, eventFiles] = copy ? [[], []]
    : await timed('list', () => Promise.all([source.songFiles(), source.eventFiles()]));
  const plan = await planRun(warehouse, songFiles, eventFiles, refresh);
  // A changed file or loose matching can move rows any key depends on: rebuild from all of staging.
  // So does a first load, where every key is touched anyway.
  const fullRebuild = refresh || plan.firstLoad || plan.changed.length > 0 || match === 'loose';
  if (copy) reporter.log(`source ${source.label}: copied by the warehouse from S3 (a full refresh)`);
  else {
    reporter.log(`source ${source.label}: ${fmt(songFiles.length)} song files, ${fmt(eventFiles.length)} event files; `
      + `${fmt(plan.songs.length + plan.events.length)} to load, ${fmt(plan.skipped)} already loaded`
      + (plan.changed.length ? `, ${fmt(plan.changed.length)} changed since loaded` : ''));
  }

  // Compaction runs before the transaction: it is the long part, and every run writes under its own id.
  const compacted: CompactedInput | undefined = viaS3 && plan.songs.length + plan.events.length > 0
    ? await timed('compact', () => compactForCopy(source, plan, viaS3.staging, warehouse, rejects, reporter))
    : undefined;

  let summary: Omit<EtlSummary, 'tables' | 'songplays_matched' | 'match_rate' | 'seconds'> | undefined;
  let malformed: Set<string> | undefined;
  /** Stages this run's input into the staging tables; returns rows and files staged. */
  const stage = async (): Promise<{ songs: number; events: number; songFiles: number; eventFiles: number }> => {
    if (copy) {
      const staged = await timed('stage_s3', () => stageFromS3(copy.location, copy.run, runId));
      rejects.count += staged.songs.rejects + staged.events.rejects; // the engine wrote them to rejects
      reporter.log(`copied ${fmt(staged.songs.rows)} songs and ${fmt(staged.events.rows)} events from ${source.label} in ${seconds.stage_s3} s`);
      return { songs: staged.songs.rows, events: staged.events.rows, songFiles: staged.songs.files, eventFiles: staged.events.files };
    }
    if (viaS3) {
      const staged = compacted ? await timed('stage_s3', () => copyCompacted(compacted, viaS3.run, runId)) : undefined;
      rejects.count += (staged?.songs.rejects ?? 0) + (staged?.events.rejects ?? 0);
      if (staged) reporter.log(`copied ${fmt(staged.songs.rows)} songs and ${fmt(staged.events.rows)} events from ${compacted!.runUrl} in ${seconds.stage_s3} s`);
      return { songs: staged?.songs.rows ?? 0, events: staged?.events.rows ?? 0, songFiles: plan.songs.length, eventFiles: plan.events.length };
    }
    const songs = await timed('stage_songs', () =>
      stageSongs(plan.songs, warehouse, rejects, reporter.counter('staging songs', 'files', plan.songs.length)));
    reporter.log(`staged ${fmt(songs)} songs from ${fmt(plan.songs.length)} files in ${seconds.stage_songs} s`);
    failpoint('after-stage-songs');
    const events = await timed('stage_events', () =>
      stageEvents(plan.events, warehouse, rejects, reporter.counter('staging events', 'events'), malformed));
    reporter.log(`staged ${fmt(events)} events from ${fmt(plan.events.length)} files in ${seconds.stage_events} s`);
    failpoint('after-stage-events');
    return { songs, events, songFiles: plan.songs.length, eventFiles: plan.events.length };
  };

  const publish = () => warehouse.transaction(async () => {
    const lock = d.runLock();
    if (lock) await warehouse.run(lock);
    if (refresh) {
      for (const table of [...STAGING_TABLES, loadManifest]) await warehouse.run(d.clearTable(table.name));
    } else if (plan.changed.length > 0) {
      await forgetFiles(warehouse, plan.changed);
    }
    const staged = await stage();
    if (maxErrors !== undefined && rejects.count > maxErrors) {
      const examples = rejects.sample(5).map((r) => `\n  ${r.sourceFile}${r.line === null ? '' : `:${r.line}`}: ${r.reason}`).join('');
      throw new UserError(`${fmt(rejects.count)} records rejected, more than --max-errors ${fmt(maxErrors)}; nothing was published${examples}`);
    }
    await rejects.flush(warehouse);
    if (rejects.count > 0) reporter.log(`${fmt(rejects.count)} malformed records rejected (see the rejects table)`);
    await recordManifest(warehouse, runId, [...plan.songs.map((f) => ['songs', f] as const), ...plan.events.map((f) => ['events', f] as const)], rejects);

    const scope: TransformScope = fullRebuild ? { kind: 'full' } : { kind: 'run', runId };
    await timed('transform', async () => {
      if (fullRebuild) for (const table of [...STAR_TABLES, userLevels].reverse()) await warehouse.run(d.clearTable(table.name));
      for (const step of transformSteps(d, match, scope)) {
        await timed(`load_${step.table}`, () => warehouse.run(step.sql, step.params));
        failpoint(`after-load-${step.table}`);
      }
    });
    reporter.log(`${fullRebuild ? 'rebuilt' : 'updated'} the star schema in ${seconds.transform} s`);

    const checks = await timed('checks', () => runChecks(warehouse, { maxErrors, runId }));
    if (checks.some((c) => !c.passed)) {
      throw new UserError(`data-quality checks failed; nothing was published\n${formatChecks(checks.filter((c) => !c.passed))}`, 3);
    }
    summary = {
      run_id: runId, warehouse: warehouse.label, source: source.label,
      files_loaded: staged.songFiles + staged.eventFiles, files_skipped: plan.skipped,
      song_files: staged.songFiles, event_files: staged.eventFiles,
      events_staged: staged.events, songs_staged: staged.songs, rejects: rejects.count,
      match_mode: match, full_rebuild: fullRebuild,
    };
    await recordRun(warehouse, runId, startedAt, 'succeeded', summary, optionsRecord, null);
    failpoint('before-commit');
  });
  try {
    try {
      await publish();
    } catch (error) {
      if (!(error instanceof MalformedInputError) || malformed) throw error;
      // Only on dirty input: find the files with bad lines and run again, staging those line by line.
      malformed = await findMalformedFiles(plan.events);
      reporter.log(`malformed lines in ${fmt(malformed.size)} event files; staging those line by line`);
      rejects.reset();
      await publish();
    }
  } catch (error) {
    await recordRun(warehouse, runId, startedAt, 'failed', undefined, optionsRecord, (error as Error).message).catch(() => {});
    throw error;
  } finally {
    // The parts are worth nothing once loaded, or once their run failed (the next run compacts anew).
    if (compacted && !viaS3?.staging.keep) {
      const removed = await compacted.cleanup().catch((error: Error) => {
        reporter.log(`could not remove the staging objects under ${compacted.runUrl}: ${error.message}`);
        return 0;
      });
      if (removed > 0) reporter.log(`removed ${fmt(removed)} staging objects under ${compacted.runUrl}`);
    } else if (compacted && !viaS3?.staging.planOnly) {
      reporter.log(`kept the staging objects under ${compacted.runUrl} (--keep-staging)`);
    }
  }

  const tables: Record<string, number> = {};
  for (const table of STAR_TABLES) tables[table.name] = await count(warehouse, d.table(table.name));
  const matched = await count(warehouse, d.table('songplays'), 'song_id IS NOT NULL');
  return {
    ...summary!,
    tables,
    songplays_matched: matched,
    match_rate: tables.songplays ? round(matched / tables.songplays, 4) : 0,
    seconds: { ...seconds, total: round((Date.now() - startedAt.getTime()) / 1000) },
  };
}

function requireStaging(staging: S3Staging | undefined, source: Source, compact: boolean): S3Staging {
  if (staging) return staging;
  throw new UserError(compact
    ? `--compact needs a staging prefix: [S3] STAGING in dwh.cfg or --staging s3://bucket/prefix/`
    : `this warehouse loads only from S3: a local source (${source.label}) is compacted onto S3 first, `
      + 'which needs a staging prefix the cluster can read: [S3] STAGING in dwh.cfg or --staging s3://bucket/prefix/');
}

async function count(warehouse: Warehouse, table: string, where?: string): Promise<number> {
  const [row] = await warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`);
  return Number(row?.n ?? 0);
}

const fmt = (value: number) => value.toLocaleString('en-US');

function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
