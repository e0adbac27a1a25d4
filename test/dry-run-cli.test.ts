import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import { QUIRKS, runCli } from './helpers.js';
import { postgresReachable, schemaUrl, testSchema } from './helpers/postgres.js';

let dir: string;

const run = runCli;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sparkify-dry-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

describe('--dry-run', () => {
  it('create-tables on the seed dwh.cfg prints the Redshift DDL and no password', async () => {
    const cfg = join(dir, 'dwh.cfg');
    await writeFile(cfg, `[CLUSTER]\nHOST=dwhcluster.abc.us-west-2.redshift.amazonaws.com\nDB_NAME=dwh\nDB_USER=dwhuser\nDB_PASSWORD=NeverShowMe1\nDB_PORT=5439\n\n[IAM_ROLE]\nARN=arn:aws:iam::1:role/r\n\n[S3]\nLOG_DATA=s3://b/log_data\nLOG_JSONPATH=s3://b/log_json_path.json\nSONG_DATA=s3://b/song_data\n`);
    const { code, out, err } = await run(['create-tables', '--config', cfg, '--dry-run']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/^-- dry run for redshift:\/\/dwhuser@dwhcluster/);
    expect(out).toContain('DISTSTYLE ALL');
    expect(out).toContain('SORTKEY ("songplay_id");');
    expect(out).not.toContain('NeverShowMe1');

    const etl = await run(['etl', '--config', cfg, '--dry-run']);
    expect(etl.code).toBe(0);
    expect(etl.out).toContain("FORMAT AS JSON 's3://b/log_json_path.json'");
    expect(etl.out).toContain("IAM_ROLE 'arn:aws:iam::1:role/r'");
    expect(etl.out).not.toContain('NeverShowMe1');
  });

  it('etl on Redshift with a local folder plans compaction onto [S3] STAGING and COPY … MANIFEST, sized by [WAREHOUSE] SLICES', async () => {
    const cfg = join(dir, 'staging.cfg');
    await writeFile(cfg, `[CLUSTER]\nHOST=dwhcluster.abc.us-west-2.redshift.amazonaws.com\nDB_NAME=dwh\nDB_USER=dwhuser\nDB_PASSWORD=NeverShowMe1\n\n[IAM_ROLE]\nARN=arn:aws:iam::1:role/r\n\n[S3]\nSTAGING=s3://my-stage/sparkify\n\n[WAREHOUSE]\nSLICES=4\n`);
    const { code, out, err } = await run(['etl', '--config', cfg, '--source', QUIRKS, '--dry-run']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toMatch(/FROM 's3:\/\/my-stage\/sparkify\/[\w-]+\/songs\.manifest'\nIAM_ROLE 'arn:aws:iam::1:role\/r'\nREGION 'us-west-2'\nMANIFEST\nGZIP\n/);
    expect(out).toMatch(/FROM 's3:\/\/my-stage\/sparkify\/[\w-]+\/events\.manifest'/);
    expect(out).not.toContain('stv_slices');
    expect(out).not.toContain('NeverShowMe1');
    const bad = await run(['etl', '--config', cfg, '--source', QUIRKS, '--staging', '/tmp/not-s3', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('sparkify: the staging prefix must be an s3:// URL, not "/tmp/not-s3"\n');
  });

  it('on DuckDB creates no file', async () => {
    const path = join(dir, 'never.duckdb');
    const { code, out } = await run(['etl', '--warehouse', path, '--source', QUIRKS, '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain('CREATE TABLE IF NOT EXISTS "songplays"');
    expect(out).toContain('-- engine JSON reader into "staging_events": 2 files');
    expect(existsSync(path)).toBe(false);
  });
});

const reachable = await postgresReachable();

describe.skipIf(!reachable)('--dry-run on PostgreSQL', () => {
  it('prints COPY … FROM STDIN and the transform, and touches nothing on the server', async () => {
    const schema = testSchema();
    const { code, out } = await run(['etl', '--warehouse', `${schemaUrl(schema).replace('postgres://postgres@', 'postgres://postgres:pw%21@')}`, '--source', QUIRKS, '--dry-run']);
    expect(code).toBe(0);
    expect(out).toContain(`CREATE SCHEMA IF NOT EXISTS "${schema}";`);
    expect(out).toContain(`COPY "${schema}"."staging_events" ("artist", `);
    expect(out).toContain(`TRUNCATE "${schema}"."songplays";`);
    expect(out).toContain('COLLATE "C"');
    expect(out).not.toContain('pw!');
    const pg = await openWarehouse(schemaUrl('public'));
    try {
      const found = await pg.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
      expect(found).toEqual([]);
    } finally {
      await pg.close();
    }
  });
});
