import type { Reporter } from '../cli/progress.js';
import type { S3Options } from '../s3/s3-options.js';
import { stagingEvents, stagingSongs } from '../sql/tables.js';
import type { Source, SourceFile } from '../source/source.js';
import { compactToStaging, stagingLayout } from '../staging/compact.js';
import type { TableDef } from '../warehouse/table.js';
import type { S3LoadResult, Warehouse } from '../warehouse/warehouse.js';
import type { RejectLog } from './rejects.js';

/** Where a warehouse that loads only from S3 (Redshift) gets local or `--compact`ed input staged. */
export interface S3Staging {
  /** `s3://bucket/prefix/` (`[S3] STAGING`, `--staging`): each run writes under `<prefix><runId>/`. */
  url: string;
  /** Slices to size the parts for (`[WAREHOUSE] SLICES`); otherwise the warehouse's own count, else 1. */
  slices?: number;
  /** How to reach the staging bucket. */
  s3?: S3Options;
  /** Leave the parts on S3 after the load (`--keep-staging`). */
  keep?: boolean;
  /** A dry run: the objects are named in the plan, none is written. */
  planOnly?: boolean;
}

/** A run's input as compaction parts on S3, ready for one `COPY … MANIFEST` per table. */
export interface CompactedInput {
  runUrl: string;
  songs: { manifestUrl: string; records: number };
  events: { manifestUrl: string; records: number };
  /** Deletes the run's objects; resolves to how many. */
  cleanup(): Promise<number>;
}

/**
 * Compacts the files this run loads into gzip'd JSON-lines parts under the staging prefix, in a
 * multiple of the cluster's slices. Runs before the load's transaction: it takes minutes on a big
 * input and needs no lock, since every run writes under its own id.
 */
export async function compactForCopy(
  source: Source, files: { songs: readonly SourceFile[]; events: readonly SourceFile[] },
  staging: S3Staging, warehouse: Warehouse, rejects: RejectLog, reporter: Reporter,
): Promise<CompactedInput> {
  const slices = staging.slices ?? (await warehouse.sliceCount?.()) ?? 1;
  if (staging.planOnly) {
    // Records unknown: the plan shows both COPYs, as a real run with input of both kinds would run them.
    const layout = stagingLayout(staging.url, rejects.runId);
    return {
      runUrl: layout.runUrl,
      songs: { manifestUrl: layout.manifestUrl('songs'), records: files.songs.length },
      events: { manifestUrl: layout.manifestUrl('events'), records: files.events.length },
      cleanup: async () => 0,
    };
  }
  const progress = { songs: reporter.counter('compacting songs', 'files', files.songs.length), events: reporter.counter('compacting events', 'files', files.events.length) };
  const staged = await compactToStaging({
    source, files, staging: staging.url, slices, rejects, s3: staging.s3, runId: rejects.runId,
    onProgress: (table, done) => progress[table](done),
  });
  const parts = staged.songs.parts.length + staged.events.parts.length;
  reporter.log(`compacted ${fmt(staged.songs.records)} songs and ${fmt(staged.events.records)} events into ${fmt(parts)} parts under ${staged.runUrl} (${slices} slices)`);
  return staged;
}

/** One `COPY … MANIFEST` per table that has records: songs, then events. */
export async function copyCompacted(
  input: CompactedInput, copyFromS3: NonNullable<Warehouse['copyFromS3']>, runId: string,
): Promise<{ songs: S3LoadResult; events: S3LoadResult }> {
  const copy = async (table: TableDef, staged: { manifestUrl: string; records: number }): Promise<S3LoadResult> =>
    staged.records === 0 ? { rows: 0, files: 0, rejects: 0 } : copyFromS3({
      table, runId, prefix: staged.manifestUrl, manifest: true,
      // Parts are keyed by column name, source_file included.
      fields: table.columns.map((c) => ({ column: c.name, field: c.name })),
    });
  return { songs: await copy(stagingSongs, input.songs), events: await copy(stagingEvents, input.events) };
}

const fmt = (value: number) => value.toLocaleString('en-US');
