/**
 * Compaction for Redshift staging. `COPY` of ~15,000 tiny song files takes minutes; AWS advises
 * files of 1–125 MB, as many as a multiple of the cluster's slices. This turns a Source (local or
 * S3) into a few gzip'd JSON-lines parts per table under `[S3] STAGING`, plus a manifest each.
 *
 * API (all a caller needs):
 *   const staged = await compactToStaging({ source, staging: 's3://bucket/staging/', slices, rejects, s3 });
 *   staged.songs.manifestUrl, staged.events.manifestUrl   // s3://bucket/staging/<runId>/songs.manifest …
 *   staged.songs.records, staged.songs.parts              // counts and StagedPart[] (url, contentLength, records)
 *   await staged.cleanup()                                // deletes s3://bucket/staging/<runId>/ (after a load)
 *
 * Layout: `<staging>/<runId>/{songs,events}/part-NNNNN.json.gz` and `<staging>/<runId>/{songs,events}.manifest`
 * (`{"entries":[{"url","mandatory":true,"meta":{"content_length"}}]}`).
 *
 * Each line is one record as the other engines stage it: keys are the staging column names
 * (`num_songs`…, `firstname`…, lower case), values already coerced by the shared rules
 * (`recordToRow`), plus `source_file` (the SourceFile name). So the Redshift COPY is simply
 * `COPY staging_songs FROM '<manifestUrl>' IAM_ROLE '…' REGION '…' MANIFEST GZIP FORMAT AS JSON 'auto'`
 * (no JSONPaths file needed) and loads exactly the rows DuckDB and PostgreSQL would stage.
 * Malformed files and lines go to the RejectLog (the caller flushes it), never into a part.
 */
import { randomBytes } from 'node:crypto';
import { Transform, pipeline, type Readable } from 'node:stream';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parsedLines } from '../pipeline/stage-events.js';
import { parseSongFile, readSongFile } from '../pipeline/stage-songs.js';
import type { RejectLog } from '../pipeline/rejects.js';
import { createS3Client } from '../s3/s3-client.js';
import { userFacingS3Error } from '../s3/s3-errors.js';
import { describeEndpoint, type S3Options } from '../s3/s3-options.js';
import { folderPrefix, parseS3Url, s3Url } from '../s3/s3-url.js';
import { stagingEvents, stagingSongs } from '../sql/tables.js';
import type { Source, SourceFile } from '../source/source.js';
import type { Row, TableDef } from '../warehouse/table.js';
import { manifestFor, partCount } from './manifest.js';
import { PartWriter, type StagedPart } from './part-writer.js';

export type { StagedPart } from './part-writer.js';

/** ~64 MB of JSON lines before gzip: a part of roughly 8–15 MB as stored. */
export const DEFAULT_TARGET_PART_BYTES = 64 * 1024 * 1024;
/** What gzip'd input is assumed to expand to, for sizing parts only. */
const GZIP_RATIO = 5;
const SONG_READ_CONCURRENCY = 64;

export interface CompactOptions {
  source: Source;
  /** The files to compact when the caller has listed (and planned) them already; otherwise all of `source`. */
  files?: { songs: readonly SourceFile[]; events: readonly SourceFile[] };
  /** `s3://bucket/prefix/` ([S3] STAGING); this run writes under `<prefix><runId>/`. */
  staging: string;
  /** The cluster's slice count (STV_SLICES or [WAREHOUSE] SLICES); parts come in multiples of it. */
  slices: number;
  rejects: RejectLog;
  /** How to reach the staging bucket; or pass `client`. */
  s3?: S3Options;
  client?: S3Client;
  /** Uncompressed bytes per part to aim for (default 64 MiB). */
  targetPartBytes?: number;
  /** Defaults to `run-<UTC time>-<random>`, so concurrent runs never share objects. */
  runId?: string;
  onProgress?: (table: 'songs' | 'events', filesDone: number, files: number) => void;
}

export interface StagedTable {
  manifestUrl: string;
  parts: StagedPart[];
  /** Lines written: records that passed the staging rules. */
  records: number;
  files: number;
}

export interface CompactResult {
  /** `s3://bucket/prefix/<runId>/`: everything this run wrote. */
  runUrl: string;
  songs: StagedTable;
  events: StagedTable;
  /** Deletes every object under runUrl; resolves to how many. */
  cleanup(): Promise<number>;
}

interface StagedLine {
  line: string;
  /** Input bytes read before this record: where it falls in the plan of parts. */
  position: number;
}

/** Where a run's objects go: `<staging>/<runId>/`, its manifests `songs.manifest` and `events.manifest` there. */
export function stagingLayout(staging: string, runId: string): { bucket: string; runPrefix: string; runUrl: string; manifestUrl(table: 'songs' | 'events'): string } {
  const { bucket, key } = parseS3Url(staging);
  const runPrefix = `${folderPrefix(key)}${runId}/`;
  return { bucket, runPrefix, runUrl: s3Url({ bucket, key: runPrefix }), manifestUrl: (table) => s3Url({ bucket, key: `${runPrefix}${table}.manifest` }) };
}

export async function compactToStaging(options: CompactOptions): Promise<CompactResult> {
  const { bucket, runPrefix, runUrl } = stagingLayout(options.staging, options.runId ?? newRunId());
  const client = options.client ?? createS3Client(options.s3);
  const target = options.targetPartBytes ?? DEFAULT_TARGET_PART_BYTES;
  partCount(0, target, options.slices); // validates before any work
  const cleanup = () => deletePrefix(client, bucket, runPrefix);

  const [songFiles, eventFiles] = options.files ? [options.files.songs, options.files.events]
    : await Promise.all([options.source.songFiles(), options.source.eventFiles()]);
  const progress = (table: 'songs' | 'events', total: number) => (done: number) => options.onProgress?.(table, done, total);
  try {
    const write = (table: 'songs' | 'events', files: readonly SourceFile[], lines: AsyncIterable<StagedLine>) =>
      writeTable(client, bucket, `${runPrefix}${table}`, files, lines, partCount(estimatedBytes(files), target, options.slices));
    const songs = await write('songs', songFiles, songLines(songFiles, options.rejects, progress('songs', songFiles.length)));
    const events = await write('events', eventFiles, eventLines(eventFiles, options.rejects, progress('events', eventFiles.length)));
    return { runUrl, songs, events, cleanup };
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw userFacingS3Error(error, runUrl, describeEndpoint(options.s3 ?? {}));
  }
}

/** Writes the lines into `count` parts in order, part i taking the i-th share of the input bytes. */
async function writeTable(
  client: S3Client, bucket: string, prefix: string, files: readonly SourceFile[], lines: AsyncIterable<StagedLine>, count: number,
): Promise<StagedTable> {
  const total = files.reduce((sum, f) => sum + f.size, 0);
  const parts: StagedPart[] = [];
  let current: PartWriter | undefined;
  let index = -1;
  // The previous part finishes uploading while the next one fills: at most two open at once.
  let finishing: Promise<StagedPart> | undefined;
  const advanceTo = async (wanted: number) => {
    while (index < wanted) {
      if (current) {
        if (finishing) parts.push(await finishing);
        finishing = current.finish();
        finishing.catch(() => undefined);
      }
      index++;
      current = new PartWriter(client, bucket, `${prefix}/part-${String(index).padStart(5, '0')}.json.gz`);
    }
  };
  let records = 0;
  for await (const { line, position } of lines) {
    await advanceTo(total === 0 ? 0 : Math.min(count - 1, Math.floor((position * count) / total)));
    await current!.write(line);
    records++;
  }
  await advanceTo(count - 1);
  if (finishing) parts.push(await finishing);
  parts.push(await current!.finish());

  const manifestKey = `${prefix}.manifest`;
  await client.send(new PutObjectCommand({
    Bucket: bucket, Key: manifestKey, Body: JSON.stringify(manifestFor(parts)), ContentType: 'application/json',
  }));
  return { manifestUrl: s3Url({ bucket, key: manifestKey }), parts, records, files: files.length };
}

async function* songLines(files: readonly SourceFile[], rejects: RejectLog, onProgress: (done: number) => void): AsyncGenerator<StagedLine> {
  let position = 0;
  for (let start = 0; start < files.length; start += SONG_READ_CONCURRENCY) {
    const slice = files.slice(start, start + SONG_READ_CONCURRENCY);
    const texts = await Promise.all(slice.map(readSongFile));
    for (const [i, file] of slice.entries()) {
      const result = parseSongFile(texts[i]!, file.name);
      if ('row' in result) yield { line: lineOf(stagingSongs, result.row), position };
      else rejects.add(file.name, result.line, result.reason, result.raw);
      position += file.size;
    }
    onProgress(start + slice.length);
  }
}

async function* eventLines(files: readonly SourceFile[], rejects: RejectLog, onProgress: (done: number) => void): AsyncGenerator<StagedLine> {
  let before = 0;
  for (const [i, file] of files.entries()) {
    let read = 0;
    // Bytes as stored (compressed or not) read so far: a position that needs no decompressed size.
    const counted: SourceFile = {
      ...file,
      open: async () => {
        const counter = new Transform({ transform(chunk: Buffer, _e, callback) { read += chunk.length; callback(null, chunk); } });
        return pipeline(await file.open(), counter, () => undefined) as Readable;
      },
    };
    for await (const result of parsedLines(counted)) {
      if ('row' in result) yield { line: lineOf(stagingEvents, result.row), position: before + Math.min(read, file.size) };
      else rejects.add(file.name, result.line, result.reason, result.raw);
    }
    before += file.size;
    onProgress(i + 1);
  }
}

/** One staged row as a JSON line keyed by column name (what COPY … JSON 'auto' maps). */
export function lineOf(table: TableDef, row: Row): string {
  const record: Record<string, unknown> = {};
  table.columns.forEach((column, i) => {
    const value = row[i] ?? null;
    record[column.name] = typeof value === 'bigint' ? (Number.isSafeInteger(Number(value)) ? Number(value) : String(value)) : value;
  });
  return JSON.stringify(record);
}

function estimatedBytes(files: readonly SourceFile[]): number {
  return files.reduce((sum, f) => sum + (f.name.endsWith('.gz') ? f.size * GZIP_RATIO : f.size), 0);
}

async function deletePrefix(client: S3Client, bucket: string, prefix: string): Promise<number> {
  let deleted = 0;
  let token: string | undefined;
  do {
    // Each page is deleted before the next is listed, so continuation never skips a key.
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    const keys = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
    if (keys.length > 0) {
      const result = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
      if (result.Errors?.length) throw new Error(`could not delete ${result.Errors.length} staging objects, e.g. ${result.Errors[0]?.Key}: ${result.Errors[0]?.Code}`);
      deleted += keys.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return deleted;
}

function newRunId(): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}
