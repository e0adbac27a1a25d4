import { cp, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { generateSample } from '../src/generate/generate.js';
import { runEtl } from '../src/pipeline/etl.js';
import type { S3Staging } from '../src/pipeline/stage-via-s3.js';
import { LocalSource } from '../src/source/local-source.js';
import { S3Source } from '../src/source/s3-source.js';
import { copyTextRows } from '../src/warehouse/postgres/copy-text.js';
import { ClientSession, type PgSession } from '../src/warehouse/postgres/pg-session.js';
import { redshiftTarget } from '../src/warehouse/redshift/connection.js';
import { RedshiftWarehouse } from '../src/warehouse/redshift/redshift-warehouse.js';
import type { SqlValue } from '../src/warehouse/table.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dumpEverything, dumpStar, openDuckDB, QUIRKS, tempDir } from './helpers.js';
import { dropSchema, PG_URL, postgresReachable, testSchema } from './helpers/postgres.js';
import { startS3, uploadFolder, type TestS3 } from './support/s3-server.js';

/**
 * Redshift with a local source, end to end: the pipeline compacts the files onto a real
 * S3-compatible server (s3rver), then RedshiftWarehouse runs its own SQL — DDL, COPY … MANIFEST,
 * load-error read-back, multi-row INSERTs, LOCK, the transform — on the real PostgreSQL server.
 * Only what PostgreSQL lacks is played by the session below, and played literally: the
 * distribution clauses are dropped from the DDL, and COPY … MANIFEST reads the manifest and the
 * gzip'd parts it names from s3rver, as Redshift would, into the column list it names.
 */
class RedshiftOnPostgres implements PgSession {
  private last = { id: 0, rows: 0, files: 0 };
  readonly copies: string[] = [];

  constructor(private readonly pg: ClientSession, private readonly s3: TestS3) {}

  async query(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]> {
    if (/^CREATE TABLE/.test(sql)) return this.pg.query(sql.replace(/\n(DISTSTYLE|DISTKEY|SORTKEY) .*/g, ''), params);
    if (/^COPY /.test(sql)) return this.copy(sql);
    if (/pg_last_copy_id\(\)/.test(sql)) return [{ query_id: this.last.id, row_count: this.last.rows }];
    if (/FROM stl_load_errors/.test(sql) && /^INSERT/.test(sql)) return []; // every line of our parts loads
    if (/FROM stl_load_commits/.test(sql)) return [{ files: this.last.files, rejects: 0 }];
    if (/FROM stv_slices/.test(sql)) return [{ slices: 2 }];
    return this.pg.query(sql, params);
  }

  /** COPY t (columns) FROM 's3://…manifest' … MANIFEST GZIP FORMAT AS JSON 'auto'. */
  private async copy(sql: string): Promise<Record<string, unknown>[]> {
    this.copies.push(sql);
    const [, table, columnList, manifestUrl] = /^COPY (\S+) \(([^)]*)\)\nFROM '([^']+)'/.exec(sql)!;
    expect(sql).toMatch(/\nMANIFEST\nGZIP\nFORMAT AS JSON 'auto'\n/);
    const columns = columnList!.split(', ').map((c) => JSON.parse(c) as string);
    const manifest = JSON.parse((await this.object(manifestUrl!)).toString('utf8')) as { entries: { url: string; mandatory: boolean }[] };
    const rows: SqlValue[][] = [];
    for (const entry of manifest.entries) {
      for (const line of gunzipSync(await this.object(entry.url)).toString('utf8').split('\n')) {
        if (line === '') continue;
        const record = JSON.parse(line) as Record<string, SqlValue>;
        rows.push(columns.map((c) => record[c] ?? null));
      }
    }
    await this.pg.copyIn(`COPY ${table} (${columnList}) FROM STDIN`, (async function* () { yield copyTextRows(rows, columns.length); })());
    // Redshift keeps statistics itself (COPY into an empty table, automatic analyze); PostgreSQL needs telling.
    await this.pg.query(`ANALYZE ${table}`);
    this.last = { id: this.last.id + 1, rows: rows.length, files: manifest.entries.length };
    return [];
  }

  /** Redshift has none: the warehouse must never try it. */
  async copyIn(sql: string): Promise<void> {
    throw new Error(`COPY FROM STDIN on Redshift: ${sql}`);
  }

  private async object(url: string): Promise<Buffer> {
    const [, bucket, key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(url)!;
    const response = await this.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  }

  close(): Promise<void> {
    return this.pg.close();
  }
}

const reachable = await postgresReachable();

describe.skipIf(!reachable)('Redshift with a local source: compacted onto S3, then COPY … MANIFEST', () => {
  const dir = tempDir('redshift-staging-');
  const schemas: string[] = [];
  let s3: TestS3;
  let generated: string;

  beforeAll(async () => {
    s3 = await startS3(['stage', 'input']);
    await uploadFolder(s3.client, QUIRKS, 'input', 'quirks/');
    generated = join(dir, 'generated');
    await generateSample(generated, { songs: 400, events: 6_000, users: 40, days: 6, seed: 7, malformedLines: 3 });
  });
  afterAll(async () => {
    await s3?.close();
    for (const schema of schemas) await dropSchema(schema);
  });

  async function redshift(): Promise<{ warehouse: Warehouse; session: RedshiftOnPostgres }> {
    const schema = testSchema();
    schemas.push(schema);
    const url = new URL(PG_URL);
    const target = redshiftTarget(`redshift://${url.username}@${url.host}${url.pathname}?schema=${schema}`, { IAM_ROLE: { ARN: 'arn:aws:iam::123456789012:role/sparkify' } });
    const pg = await ClientSession.connect({ connectionString: PG_URL });
    await pg.query(`CREATE SCHEMA "${schema}"`);
    // Redshift's STRTOL, base 16 only, as the dialect uses it.
    await pg.query(`CREATE FUNCTION "${schema}".strtol(digits text, base integer) RETURNS bigint LANGUAGE sql IMMUTABLE
      AS $$ SELECT CASE WHEN base = 16 THEN ('x' || lpad(digits, 16, '0'))::bit(64)::bigint END $$`);
    const session = new RedshiftOnPostgres(pg, s3);
    return { warehouse: await new RedshiftWarehouse(target, session).prepared(), session };
  }

  async function duckdb(folder: string, name: string): Promise<Warehouse> {
    const warehouse = await openDuckDB(dir, name);
    await runEtl({ source: LocalSource.ofFolder(folder), warehouse, reporter: silent });
    return warehouse;
  }

  async function keys(prefix: string): Promise<string[]> {
    const page = await s3.client.send(new ListObjectsV2Command({ Bucket: 'stage', Prefix: prefix }));
    return (page.Contents ?? []).map((o) => o.Key!).sort();
  }

  /** Every table but etl_runs, without run ids, load times and file versions (mtime or ETag), rows sorted: equal across engines. */
  async function comparable(warehouse: Warehouse): Promise<Record<string, string[]>> {
    const dump = await dumpEverything(warehouse, ['etl_runs']);
    return Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.map((row) => {
      const { run_id: _run, loaded_at: _at, version: _version, ...rest } = JSON.parse(row) as Record<string, unknown>;
      return JSON.stringify(rest);
    }).sort()]));
  }

  const staging = (prefix: string, extra: Partial<S3Staging> = {}): S3Staging => ({ url: `s3://stage/${prefix}/`, s3: s3.options, ...extra });

  it('loads the quirks fixture into the same tables and rejects as DuckDB, and removes its staging objects', async () => {
    const { warehouse, session } = await redshift();
    const local = await duckdb(QUIRKS, 'quirks.duckdb');
    try {
      const summary = await runEtl({ source: LocalSource.ofFolder(QUIRKS), warehouse, reporter: silent, staging: staging('quirks') });
      expect(session.copies.map((sql) => sql.split('\n')[0])).toEqual([
        expect.stringMatching(/^COPY "t_\w+"\."staging_songs" \("num_songs", .*"source_file"\)$/),
        expect.stringMatching(/^COPY "t_\w+"\."staging_events" \("artist", .*"source_file"\)$/),
      ]);
      expect(session.copies[0]).toContain(`FROM 's3://stage/quirks/${summary.run_id}/songs.manifest'`);
      expect(summary.rejects).toBe(2);
      expect(summary.files_loaded).toBe(7);
      const ours = await comparable(warehouse);
      expect(ours).toEqual(await comparable(local));
      expect(ours.rejects).toHaveLength(2);
      expect(ours.staging_events!.length).toBeGreaterThan(10);
      expect(await keys('quirks/')).toEqual([]);
    } finally {
      await warehouse.close();
      await local.close();
    }
  });

  it('an S3 source with --compact is listed, compacted and loaded exactly like the same files on disk', async () => {
    const { warehouse, session } = await redshift();
    const local = await duckdb(QUIRKS, 'quirks-s3.duckdb');
    try {
      const source = new S3Source('s3://input/quirks/song_data', 's3://input/quirks/log_data', 's3://input/quirks', s3.options);
      const summary = await runEtl({ source, warehouse, reporter: silent, compact: true, staging: staging('from-s3') });
      expect(summary.files_loaded).toBe(7);
      expect(session.copies.every((sql) => sql.includes(`FROM 's3://stage/from-s3/${summary.run_id}/`))).toBe(true);
      expect(await comparable(warehouse)).toEqual(await comparable(local));
    } finally {
      await warehouse.close();
      await local.close();
    }
  });

  it('runs incrementally: two days at a time give the tables of one full DuckDB load; --keep-staging keeps the parts', async () => {
    const { warehouse, session } = await redshift();
    const local = await duckdb(generated, 'generated.duckdb');
    const daily = join(dir, 'daily');
    await cp(join(generated, 'song_data'), join(daily, 'song_data'), { recursive: true });
    const logs = (await readdir(join(generated, 'log_data'), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    expect(logs).toHaveLength(6);
    try {
      const runs = [];
      for (let day = 0; day < logs.length; day += 2) {
        for (const log of logs.slice(day, day + 2)) {
          const target = join(daily, log.slice(generated.length + 1));
          await mkdir(join(target, '..'), { recursive: true });
          await cp(log, target);
        }
        const last = day + 2 >= logs.length;
        runs.push(await runEtl({ source: LocalSource.ofFolder(daily), warehouse, reporter: silent, staging: staging('daily', { keep: last }) }));
      }
      expect(runs.map((r) => [r.song_files, r.event_files, r.files_skipped])).toEqual([[400, 2, 0], [0, 2, 402], [0, 2, 404]]);
      // A run with no new song files copies only events.
      expect(session.copies.filter((sql) => sql.includes('staging_songs'))).toHaveLength(1);
      expect(session.copies).toHaveLength(4);
      expect(await dumpStar(warehouse)).toEqual(await dumpStar(local));

      // Only the last run's objects remain: two manifests and parts in a multiple of STV_SLICES (2).
      const lastRun = runs.at(-1)!.run_id;
      const kept = await keys('daily/');
      expect(kept.every((k) => k.startsWith(`daily/${lastRun}/`))).toBe(true);
      expect(kept.filter((k) => k.endsWith('.manifest'))).toEqual([`daily/${lastRun}/events.manifest`, `daily/${lastRun}/songs.manifest`]);
      expect(kept.filter((k) => k.includes('/events/part-')).length % 2).toBe(0);
    } finally {
      await warehouse.close();
      await local.close();
    }
  });

  it('a run that fails its checks publishes nothing and still removes its staging objects', async () => {
    const { warehouse } = await redshift();
    try {
      await runEtl({ source: LocalSource.ofFolder(generated), warehouse, reporter: silent, staging: staging('failing') });
      const before = await dumpEverything(warehouse, ['etl_runs']);
      await expect(runEtl({ source: LocalSource.ofFolder(generated), warehouse, reporter: silent, fullRefresh: true, maxErrors: 0, staging: staging('failing') }))
        .rejects.toThrow(/records rejected, more than --max-errors 0; nothing was published/);
      expect(await dumpEverything(warehouse, ['etl_runs'])).toEqual(before);
      expect(await keys('failing/')).toEqual([]);
    } finally {
      await warehouse.close();
    }
  });
});
