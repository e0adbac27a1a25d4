import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { main } from '../src/cli/main.js';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { resolveS3Options } from '../src/s3/s3-options.js';
import { LocalSource } from '../src/source/local-source.js';
import { openSource } from '../src/source/open-source.js';
import { S3Source } from '../src/source/s3-source.js';
import type { Source } from '../src/source/source.js';
import { DuckDBWarehouse } from '../src/warehouse/duckdb/duckdb-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { removeDir, startErrorServer, startFlakyProxy, startS3, uploadFolder, writeFixture, type TestS3 } from './support/s3-server.js';

const SAMPLE = new URL('../../shared/data/sparkify-sample', import.meta.url).pathname;
const GENERATED_SONGS = 2_100;
const TABLES = ['staging_songs', 'staging_events', 'rejects', 'songplays', 'users', 'songs', 'artists', 'time'];

let s3: TestS3;
let work: string;
let data: string;
let gzData: string;
let localSongs = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 's3-source-'));
  data = join(work, 'data');
  if (existsSync(SAMPLE)) {
    await cp(join(SAMPLE, 'song_data'), join(data, 'song_data'), { recursive: true });
    await cp(join(SAMPLE, 'log_data'), join(data, 'log_data'), { recursive: true });
  } else {
    console.warn(`\n*** ${SAMPLE} is absent: S3 tests run on generated data only ***\n`);
  }
  await writeFixture(data, GENERATED_SONGS, 4);
  localSongs = (await LocalSource.ofFolder(data).songFiles()).length;

  // A gzip'd copy of part of it: 300 song files and every event log.
  gzData = join(work, 'gz');
  const all = await readdir(data, { recursive: true, withFileTypes: true });
  let songs = 0;
  for (const entry of all.filter((e) => e.isFile()).sort((a, b) => (a.parentPath + a.name).localeCompare(b.parentPath + b.name))) {
    const path = join(entry.parentPath, entry.name);
    const rel = path.slice(data.length + 1);
    if (rel.startsWith('song_data') && ++songs > 300) continue;
    await mkdir(dirname(join(gzData, rel)), { recursive: true });
    await writeFile(join(gzData, `${rel}.gz`), gzipSync(await readFile(path)));
    await mkdir(dirname(join(work, 'plain', rel)), { recursive: true });
    await cp(path, join(work, 'plain', rel));
  }

  s3 = await startS3(['sparkify', 'empty-bucket']);
  const started = performance.now();
  const uploaded = await uploadFolder(s3.client, data, 'sparkify', 'data/');
  console.log(`uploaded ${uploaded} objects to s3rver in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await uploadFolder(s3.client, gzData, 'sparkify', 'gz/');
  // A smaller copy for the fault-injection test: hundreds of requests are enough to see every fault.
  await uploadFolder(s3.client, join(work, 'plain'), 'sparkify', 'small/');
});

afterAll(async () => {
  await s3?.close();
  await removeDir(work);
});

const s3Source = (prefix: string, options = s3.options) =>
  new S3Source(`s3://sparkify/${prefix}/song_data`, `s3://sparkify/${prefix}/log_data`, `s3://sparkify/${prefix}`, options);

async function loadInto(source: Source, name: string): Promise<DuckDBWarehouse> {
  const warehouse = await DuckDBWarehouse.open(join(work, `${name}.duckdb`));
  await runEtl({ source, warehouse, reporter: silent });
  return warehouse;
}

/** The warehouse loaded from the local folder: built once, by whichever test needs it first. */
let reference: Promise<void> | undefined;
async function openLocalReference(): Promise<DuckDBWarehouse> {
  reference ??= loadInto(LocalSource.ofFolder(data), 'local').then((w) => w.close());
  await reference;
  return DuckDBWarehouse.open(join(work, 'local.duckdb'));
}

/** Rows in a stable order; a reject's run id differs between any two loads, so it is left out. */
async function rows(warehouse: Warehouse, table: string, select = '*'): Promise<unknown[]> {
  const columns = table === 'rejects' ? select.replace(/^\*/, '* EXCLUDE (run_id)') : select;
  return warehouse.query(`SELECT ${columns} FROM ${table} ORDER BY ALL`);
}

async function expectSameWarehouse(actual: Warehouse, expected: Warehouse): Promise<void> {
  for (const table of TABLES) {
    const [a, e] = [await rows(actual, table), await rows(expected, table)];
    expect(a.length, table).toBe(e.length);
    expect(a, table).toEqual(e);
  }
}

describe('S3Source', () => {
  it('lists every object across ListObjectsV2 pages, named as the local folder names them', async () => {
    expect(localSongs).toBeGreaterThan(2_000);
    const started = performance.now();
    const [songs, events] = await Promise.all([s3Source('data').songFiles(), s3Source('data').eventFiles()]);
    const seconds = (performance.now() - started) / 1000;
    console.log(`listed ${songs.length + events.length} objects in ${seconds.toFixed(2)} s (${Math.round((songs.length + events.length) / seconds)}/s)`);
    const local = LocalSource.ofFolder(data);
    expect(songs.map((f) => f.name)).toEqual((await local.songFiles()).map((f) => f.name));
    expect(events.map((f) => f.name)).toEqual((await local.eventFiles()).map((f) => f.name));
    expect(songs.every((f) => /^"[0-9a-f]{32}"$/.test(f.version) && f.localPath === undefined)).toBe(true);
    expect(songs.find((f) => f.name === 'song_data/G/A/A/TRBROKEN.json')?.size).toBe(28);
  });

  it('streams an object body as it is read', async () => {
    const [first] = await s3Source('data').eventFiles();
    const stream = await first!.open();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const local = (await LocalSource.ofFolder(data).eventFiles())[0]!;
    expect(Buffer.concat(chunks).equals(await readFile(local.localPath!))).toBe(true);
  });

  it('loads a DuckDB warehouse equal, row by row, to the one loaded from the local folder', async () => {
    const fromLocal = await openLocalReference();
    const started = performance.now();
    const fromS3 = await loadInto(s3Source('data'), 's3');
    console.log(`etl from s3rver: ${localSongs} song files + event logs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    try {
      const [songs] = await fromS3.query<{ n: number }>('SELECT COUNT(*) AS n FROM staging_songs');
      expect(songs!.n).toBe(localSongs - 1); // one malformed song file
      const [rejected] = await fromS3.query<{ n: number }>('SELECT COUNT(*) AS n FROM rejects');
      expect(rejected!.n).toBe(2);
      await expectSameWarehouse(fromS3, fromLocal);
    } finally {
      await fromS3.close();
      await fromLocal.close();
    }
  }, 300_000);

  it('reads .json.gz objects transparently, on S3 and on disk (DuckDB reading local .gz logs itself)', async () => {
    const plain = await loadInto(LocalSource.ofFolder(join(work, 'plain')), 'plain');
    const gzLocal = await DuckDBWarehouse.open(join(work, 'gz-local.duckdb'));
    const native = vi.spyOn(gzLocal, 'loadJsonFiles');
    await runEtl({ source: LocalSource.ofFolder(gzData), warehouse: gzLocal, reporter: silent });
    const gzS3 = await loadInto(s3Source('gz'), 'gz-s3');
    try {
      expect(native).toHaveBeenCalled();
      const nativeFiles = native.mock.calls.flatMap(([load]) => load.files.map((f) => f.path));
      expect(nativeFiles.some((p) => p.endsWith('.json.gz'))).toBe(true);
      const [n] = await plain.query<{ n: number }>('SELECT COUNT(*) AS n FROM staging_events');
      expect(n!.n).toBeGreaterThan(1_000);
      for (const table of TABLES) {
        const select = table.startsWith('staging') || table === 'rejects' ? "* REPLACE (regexp_replace(source_file, '\\.gz$', '') AS source_file)" : '*';
        const expected = await rows(plain, table);
        expect(await rows(gzLocal, table, select), `local ${table}`).toEqual(expected);
        expect(await rows(gzS3, table, select), `s3 ${table}`).toEqual(expected);
      }
    } finally {
      await Promise.all([plain.close(), gzLocal.close(), gzS3.close()]);
    }
  });

  it('retries 503s and resumes bodies cut off mid-transfer: the data is complete', async () => {
    const proxy = await startFlakyProxy(s3.endpoint, 7, 5);
    try {
      const fromLocal = await loadInto(LocalSource.ofFolder(join(work, 'plain')), 'small-local');
      const flaky = await loadInto(s3Source('small', { ...s3.options, endpoint: proxy.endpoint }), 'flaky');
      try {
        console.log(`flaky proxy: ${proxy.stats.requests} requests, ${proxy.stats.failed} answered 503, ${proxy.stats.truncated} bodies cut off, ${proxy.stats.ranged} resumed with Range`);
        expect(proxy.stats.failed).toBeGreaterThan(20);
        expect(proxy.stats.truncated).toBeGreaterThan(20);
        expect(proxy.stats.ranged).toBeGreaterThan(10); // resumed with Range: bytes=N-
        await expectSameWarehouse(flaky, fromLocal);
      } finally {
        await flaky.close();
        await fromLocal.close();
      }
    } finally {
      await proxy.close();
    }
  }, 300_000);
});

describe('S3 errors are one-line UserErrors', () => {
  async function failure(work: () => Promise<unknown>): Promise<UserError> {
    const error = await work().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).not.toContain('\n');
    return error as UserError;
  }

  it('wrong credentials', async () => {
    const error = await failure(() => s3Source('data', { ...s3.options, credentials: { accessKeyId: 'WRONG', secretAccessKey: 'nope-secret' } }).songFiles());
    expect(error.message).toMatch(/^S3 denied access to s3:\/\/sparkify\/data\/song_data \(InvalidAccessKeyId\)/);
    expect(error.message).not.toContain('nope-secret');
  });

  it('wrong secret (s3rver does not check SigV4 signatures: a stub answers as AWS S3 does)', async () => {
    const stub = await startErrorServer(403, 'SignatureDoesNotMatch');
    try {
      const error = await failure(() => s3Source('data', { ...s3.options, endpoint: stub.endpoint }).songFiles());
      expect(error.message).toMatch(/^S3 denied access to s3:\/\/sparkify\/data\/song_data \(SignatureDoesNotMatch\)/);
    } finally {
      await stub.close();
    }
  });

  it('a store that keeps failing: the SDK retries, then the error surfaces', async () => {
    const stub = await startErrorServer(503, 'SlowDown');
    try {
      const error = await s3Source('data', { ...s3.options, endpoint: stub.endpoint, maxAttempts: 3 }).songFiles().catch((e: unknown) => e);
      expect((error as { name: string }).name).toBe('SlowDown');
      expect((error as { $metadata: { attempts: number } }).$metadata.attempts).toBe(3);
    } finally {
      await stub.close();
    }
  });

  it('missing bucket', async () => {
    const source = new S3Source('s3://no-such-bucket/song_data', 's3://no-such-bucket/log_data', 'x', s3.options);
    expect((await failure(() => source.songFiles())).message).toMatch(/^S3 bucket "no-such-bucket" does not exist/);
  });

  it('a prefix with no objects', async () => {
    const source = new S3Source('s3://empty-bucket/song_data', 's3://empty-bucket/log_data', 'x', s3.options);
    expect((await failure(() => source.songFiles())).message).toBe(`no objects under s3://empty-bucket/song_data/ on ${s3.endpoint}`);
    expect((await failure(() => s3Source('nothing-here').eventFiles())).message).toMatch(/^no objects under s3:\/\/sparkify\/nothing-here\/log_data\//);
  });

  it('an endpoint that does not answer', async () => {
    const source = s3Source('data', { ...s3.options, endpoint: 'http://127.0.0.1:9', maxAttempts: 2 });
    expect((await failure(() => source.songFiles())).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9 for s3:\/\/sparkify\/data\/song_data/);
  });

  it('an invalid URL or a mix of local and S3', async () => {
    await failure(() => openSource({ songData: 's3://Bad_Bucket/x', logData: 's3://Bad_Bucket/y', label: 'x' }));
    await failure(() => openSource({ songData: 's3://sparkify/x', logData: './log_data', label: 'x' }));
  });
});

describe('S3 options and the CLI', () => {
  it('resolves flags, then environment, then dwh.cfg', () => {
    expect(resolveS3Options({}, {}, {})).toEqual({ endpoint: undefined, pathStyle: false, region: undefined });
    expect(resolveS3Options({}, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' }, {}).pathStyle).toBe(true);
    expect(resolveS3Options({}, { AWS_ENDPOINT_URL_S3: 'https://s3.example.net' }, {}).pathStyle).toBe(false);
    expect(resolveS3Options({}, { AWS_ENDPOINT_URL_S3: 'https://s3.example.net', SPARKIFY_S3_PATH_STYLE: '1' }, {}).pathStyle).toBe(true);
    expect(resolveS3Options({ s3Endpoint: 'https://a.example', s3PathStyle: true }, { AWS_ENDPOINT_URL_S3: 'https://b.example' }, {}))
      .toMatchObject({ endpoint: 'https://a.example', pathStyle: true });
    expect(resolveS3Options({}, { AWS_REGION: 'eu-west-1' }, { S3: { REGION: 'us-west-2' } }).region).toBe('eu-west-1');
    expect(resolveS3Options({}, {}, { S3: { REGION: 'us-west-2' } }).region).toBe('us-west-2');
    const keys = { AWS: { KEY: 'AKIA', SECRET: 's' } };
    expect(resolveS3Options({}, {}, keys).credentials).toEqual({ accessKeyId: 'AKIA', secretAccessKey: 's' });
    expect(resolveS3Options({}, { AWS_PROFILE: 'dev' }, keys).credentials).toBeUndefined();
  });

  it('sparkify etl --source s3://… --s3-endpoint … loads the warehouse; dwh.cfg [S3] SONG_DATA/LOG_DATA too', async () => {
    const env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-west-2' };
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const code = await main(['etl', '--source', 's3://sparkify/gz', '--s3-endpoint', s3.endpoint,
        '--warehouse', join(work, 'cli.duckdb'), '--json', '-q']);
      expect(code).toBe(0);
      const summary = JSON.parse(String(out.mock.calls.at(-1)?.[0]));
      expect(summary).toMatchObject({ source: 's3://sparkify/gz', song_files: 300, rejects: 2 });
      expect(summary.events_staged).toBeGreaterThan(1_000);

      const config = join(work, 'dwh.cfg');
      await writeFile(config, "[S3]\nLOG_DATA='s3://sparkify/gz/log_data'\nLOG_JSONPATH='s3://sparkify/log_json_path.json'\nSONG_DATA='s3://sparkify/gz/song_data'\n");
      expect(await main(['etl', '--config', config, '--s3-endpoint', s3.endpoint, '--warehouse', join(work, 'cli2.duckdb'), '--json', '-q'])).toBe(0);
      expect(JSON.parse(String(out.mock.calls.at(-1)?.[0]))).toMatchObject({ song_files: 300, events_staged: summary.events_staged });
    } finally {
      out.mockRestore();
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  });
});
