import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { RejectLog } from '../src/pipeline/rejects.js';
import { LocalSource } from '../src/source/local-source.js';
import { S3Source } from '../src/source/s3-source.js';
import type { Source } from '../src/source/source.js';
import { compactToStaging, type CompactResult } from '../src/staging/compact.js';
import { partCount } from '../src/staging/manifest.js';
import { DuckDBWarehouse } from '../src/warehouse/duckdb/duckdb-warehouse.js';
import { removeDir, startS3, uploadFolder, writeFixture, type TestS3 } from './support/s3-server.js';

const SAMPLE = new URL('../../shared/data/sparkify-sample', import.meta.url).pathname;
let s3: TestS3;
let work: string;
let data: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'compact-'));
  data = join(work, 'data');
  if (existsSync(SAMPLE)) {
    await cp(join(SAMPLE, 'song_data'), join(data, 'song_data'), { recursive: true });
    await cp(join(SAMPLE, 'log_data'), join(data, 'log_data'), { recursive: true });
  } else {
    console.warn(`\n*** ${SAMPLE} is absent: compaction tests run on generated data only ***\n`);
  }
  await writeFixture(data, 2_100, 4);
  // A gzip'd copy of 400 song files and every log, on S3 (the plain copy stays on disk for comparison).
  const entries = (await readdir(data, { recursive: true, withFileTypes: true })).filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name)).sort();
  let songs = 0;
  for (const path of entries) {
    const rel = path.slice(data.length + 1);
    if (rel.startsWith('song_data') && ++songs > 400) continue;
    for (const [root, bytes, suffix] of [[join(work, 'gz'), gzipSync(await readFile(path)), '.gz'], [join(work, 'plain'), await readFile(path), '']] as const) {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel + suffix), bytes);
    }
  }
  s3 = await startS3(['staging-bucket', 'input']);
  await uploadFolder(s3.client, join(work, 'gz'), 'input', 'gz/');
});

afterAll(async () => {
  await s3?.close();
  await removeDir(work);
});

async function objectBytes(url: string): Promise<Buffer> {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(url)!;
  const response = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

async function keysUnder(bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Every line of every part of a table, parsed. Also checks the manifest against the objects. */
async function stagedRecords(staged: CompactResult, table: 'songs' | 'events'): Promise<Record<string, unknown>[]> {
  const result = staged[table];
  const manifest = JSON.parse((await objectBytes(result.manifestUrl)).toString('utf8')) as { entries: { url: string; mandatory: boolean; meta: { content_length: number } }[] };
  const [, bucket, runKey] = /^s3:\/\/([^/]+)\/(.*)$/.exec(staged.runUrl)!;
  const objects = await keysUnder(bucket!, `${runKey}${table}/`);
  expect(manifest.entries.map((e) => e.url).sort()).toEqual(objects.map((k) => `s3://${bucket}/${k}`));
  expect(manifest.entries.map((e) => e.url)).toEqual(result.parts.map((p) => p.url));
  const records: Record<string, unknown>[] = [];
  for (const entry of manifest.entries) {
    expect(entry.mandatory).toBe(true);
    const key = entry.url.slice(`s3://${bucket}/`.length);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = await objectBytes(entry.url);
    expect(entry.meta.content_length).toBe(head.ContentLength);
    expect(entry.meta.content_length).toBe(bytes.length);
    const text = gunzipSync(bytes).toString('utf8');
    for (const line of text.split('\n')) if (line !== '') records.push(JSON.parse(line) as Record<string, unknown>);
  }
  expect(records.length).toBe(result.records);
  return records;
}

/** The staging rows DuckDB holds after the JS/native pipeline loaded the same source, as objects. */
async function pipelineStaging(source: Source, name: string): Promise<Record<string, Record<string, unknown>[]>> {
  const warehouse = await DuckDBWarehouse.open(join(work, `${name}.duckdb`));
  try {
    await runEtl({ source, warehouse, reporter: silent });
    return {
      songs: await warehouse.query('SELECT * FROM staging_songs'),
      events: await warehouse.query('SELECT * FROM staging_events'),
    };
  } finally {
    await warehouse.close();
  }
}

const canonical = (records: Record<string, unknown>[]) => records.map((r) => JSON.stringify(r)).sort();

describe('partCount', () => {
  it('is enough parts for the target size, rounded up to a multiple of the slices', () => {
    expect(partCount(0, 64, 4)).toBe(4);
    expect(partCount(64, 64, 1)).toBe(1);
    expect(partCount(65, 64, 1)).toBe(2);
    expect(partCount(1000, 64, 4)).toBe(16);
    expect(partCount(1100, 64, 4)).toBe(20);
    expect(() => partCount(1, 64, 0)).toThrow(/slice/);
    expect(() => partCount(1, 0, 2)).toThrow(/target/);
  });
});

describe('compactToStaging', () => {
  it('compacts a local folder: every record exactly once, manifests exact, parts a multiple of the slices, cleanup', async () => {
    const rejects = new RejectLog('test-run');
    const started = performance.now();
    const staged = await compactToStaging({
      source: LocalSource.ofFolder(data), staging: 's3://staging-bucket/staging/', slices: 4, rejects,
      client: s3.client, targetPartBytes: 256 * 1024, runId: 'local-run',
    });
    const seconds = (performance.now() - started) / 1000;
    const bytes = [...staged.songs.parts, ...staged.events.parts].reduce((s, p) => s + p.uncompressedBytes, 0);
    console.log(`compacted ${staged.songs.files + staged.events.files} files into ${staged.songs.parts.length}+${staged.events.parts.length} parts (${(bytes / 1e6).toFixed(1)} MB of JSON lines) in ${seconds.toFixed(1)} s`);

    expect(staged.runUrl).toBe('s3://staging-bucket/staging/local-run/');
    expect(staged.songs.manifestUrl).toBe('s3://staging-bucket/staging/local-run/songs.manifest');
    expect(staged.events.manifestUrl).toBe('s3://staging-bucket/staging/local-run/events.manifest');
    for (const table of [staged.songs, staged.events]) {
      expect(table.parts.length % 4).toBe(0);
      expect(table.parts.length).toBeGreaterThan(1);
      for (const part of table.parts) expect(part.uncompressedBytes).toBeLessThan(2 * 256 * 1024);
    }
    expect(rejects.count).toBe(2);

    const expected = await pipelineStaging(LocalSource.ofFolder(data), 'local');
    const songs = await stagedRecords(staged, 'songs');
    const events = await stagedRecords(staged, 'events');
    expect(songs.length).toBeGreaterThanOrEqual(2_100); // 2,100 generated, plus the sample's 71 when ../shared is there
    expect(new Set(songs.map((s) => s.song_id)).size).toBe(songs.length);
    expect(canonical(songs)).toEqual(canonical(expected.songs!));
    expect(canonical(events)).toEqual(canonical(expected.events!));

    const objects = await keysUnder('staging-bucket', 'staging/local-run/');
    expect(await staged.cleanup()).toBe(objects.length);
    expect(objects.length).toBe(staged.songs.parts.length + staged.events.parts.length + 2);
    expect(await keysUnder('staging-bucket', 'staging/')).toEqual([]);
  });

  it('compacts gzip objects read from S3 into the same records as the plain local copy', async () => {
    const source = new S3Source('s3://input/gz/song_data', 's3://input/gz/log_data', 's3://input/gz', s3.options);
    const [fromS3, fromLocal] = await Promise.all([
      compactToStaging({ source, staging: 's3://staging-bucket/staging', slices: 3, rejects: new RejectLog('test-run'), client: s3.client, targetPartBytes: 512 * 1024 }),
      compactToStaging({ source: LocalSource.ofFolder(join(work, 'plain')), staging: 's3://staging-bucket/staging', slices: 3, rejects: new RejectLog('test-run'), client: s3.client, targetPartBytes: 512 * 1024 }),
    ]);
    try {
      expect(fromS3.runUrl).not.toBe(fromLocal.runUrl);
      for (const table of ['songs', 'events'] as const) {
        expect(fromS3[table].parts.length % 3).toBe(0);
        const unzipped = (await stagedRecords(fromS3, table)).map((r) => ({ ...r, source_file: String(r.source_file).replace(/\.gz$/, '') }));
        expect(canonical(unzipped)).toEqual(canonical(await stagedRecords(fromLocal, table)));
      }
    } finally {
      await fromS3.cleanup();
      await fromLocal.cleanup();
    }
  });

  it('streams a large event log from S3 into multipart-uploaded parts', async () => {
    // ~40 MB of JSON lines, written and uploaded as a stream.
    const lineCount = 120_000;
    const body = new PassThrough();
    const upload = new Upload({ client: s3.client, params: { Bucket: 'input', Key: 'big/log_data/big-events.json', Body: body } }).done();
    let written = 0;
    for (let i = 0; i < lineCount; i++) {
      const line = `${JSON.stringify({ artist: `Artist ${i % 977}`, auth: 'Logged In', firstName: 'Ann', gender: 'F', itemInSession: i % 50, lastName: 'Lee', length: 200.5 + (i % 13), level: 'paid', location: 'Somewhere, ST'.repeat(8), method: 'PUT', page: 'NextSong', registration: 1540000000000, sessionId: i % 1000, song: `Song ${i}`, status: 200, ts: 1541000000000 + i, userAgent: 'Mozilla/5.0'.repeat(10), userId: String(i % 100) })}\n`;
      written += line.length;
      if (!body.write(line)) await new Promise((resolve) => body.once('drain', resolve));
    }
    body.end();
    await upload;
    await s3.client.send(new (await import('@aws-sdk/client-s3')).PutObjectCommand({ Bucket: 'input', Key: 'big/song_data/one.json', Body: '{"song_id":"S1","num_songs":1}' }));

    const source = new S3Source('s3://input/big/song_data', 's3://input/big/log_data', 'big', s3.options);
    const [file] = await source.eventFiles();
    let started = performance.now();
    let streamed = 0;
    for await (const chunk of await file!.open()) streamed += (chunk as Buffer).length;
    const getSeconds = (performance.now() - started) / 1000;
    expect(streamed).toBe(written);

    const heapBefore = process.memoryUsage().heapUsed;
    started = performance.now();
    const staged = await compactToStaging({ source, staging: 's3://staging-bucket/big/', slices: 2, rejects: new RejectLog('test-run'), client: s3.client, targetPartBytes: 32 * 1024 * 1024 });
    const compactSeconds = (performance.now() - started) / 1000;
    const heapAfter = process.memoryUsage().heapUsed;
    console.log(`one ${(written / 1e6).toFixed(1)} MB object: GET streamed at ${(written / 1e6 / getSeconds).toFixed(0)} MB/s; compacted (parse, coerce, gzip, multipart upload) at ${(written / 1e6 / compactSeconds).toFixed(1)} MB/s into ${staged.events.parts.length} parts; heap ${(heapBefore / 1e6).toFixed(0)} → ${(heapAfter / 1e6).toFixed(0)} MB`);
    try {
      expect(staged.events.records).toBe(lineCount);
      expect(staged.events.parts.length).toBe(2);
      const records = await stagedRecords(staged, 'events');
      expect(new Set(records.map((r) => r.ts)).size).toBe(lineCount);
    } finally {
      await staged.cleanup();
    }
  });

  it('a missing staging bucket is a one-line UserError', async () => {
    const error = await compactToStaging({ source: LocalSource.ofFolder(join(work, 'plain')), staging: 's3://no-such-staging/x/', slices: 2, rejects: new RejectLog('test-run'), client: s3.client })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^S3 bucket "no-such-staging" does not exist/);
  });
});
