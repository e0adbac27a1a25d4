import { describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { validateDwhConfig } from '../src/config/dwh-cfg.js';
import { parseIni } from '../src/config/ini.js';
import { runEtl } from '../src/pipeline/etl.js';
import { createTables } from '../src/pipeline/schema.js';
import { LocalSource } from '../src/source/local-source.js';
import { s3PrefixSource } from '../src/source/s3-location.js';
import { maskSecrets } from '../src/warehouse/dry-run.js';
import { planWarehouse } from '../src/warehouse/open-warehouse.js';
import { QUIRKS } from './helpers.js';

const cfg = (text: string) => validateDwhConfig(parseIni(text, 'dwh.cfg'), 'dwh.cfg');

const CLUSTER = `[CLUSTER]
HOST=dwhcluster.abc.us-west-2.redshift.amazonaws.com
DB_NAME=dwh
DB_USER=dwhuser
DB_PASSWORD=Pl3aseDontPrint
DB_PORT=5439
`;
const SEED = `${CLUSTER}
[IAM_ROLE]
ARN=arn:aws:iam::123456789012:role/dwhRole

[S3]
LOG_DATA=s3://udacity-dend/log_data
LOG_JSONPATH=s3://udacity-dend/log_json_path.json
SONG_DATA=s3://udacity-dend/song_data
`;

const s3Source = (logJsonPath?: string) => s3PrefixSource({
  songData: 's3://udacity-dend/song_data', logData: 's3://udacity-dend/log_data', logJsonPath, label: 's3://udacity-dend',
});

async function etlPlan(configText: string, logJsonPath?: string): Promise<string[]> {
  const { warehouse, recorder } = await planWarehouse('redshift:dwh.cfg', cfg(configText));
  const summary = await runEtl({ source: s3Source(logJsonPath), warehouse, reporter: silent });
  expect(summary.warehouse).toBe('redshift://dwhuser@dwhcluster.abc.us-west-2.redshift.amazonaws.com:5439/dwh');
  return recorder.statements;
}

const indexOf = (plan: string[], pattern: RegExp) => {
  const i = plan.findIndex((s) => pattern.test(s));
  expect(i, String(pattern)).toBeGreaterThanOrEqual(0);
  return i;
};

describe('Redshift plan (generated SQL, no cluster)', () => {
  it('creates the seed layout: fact DISTKEY+SORTKEY on songplay_id, dimensions DISTSTYLE ALL sorted by their key', async () => {
    const { warehouse, recorder } = await planWarehouse('redshift:dwh.cfg', cfg(SEED));
    await createTables(warehouse, false);
    const ddl = (name: string) => recorder.statements.find((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS "${name}"`))!;
    expect(ddl('songplays')).toMatch(/"songplay_id" BIGINT NOT NULL,[\s\S]*"start_time" TIMESTAMP NOT NULL,[\s\S]*"user_agent" VARCHAR\(1024\),\n  PRIMARY KEY \("songplay_id"\)\n\)\nDISTSTYLE KEY\nDISTKEY \("songplay_id"\)\nSORTKEY \("songplay_id"\)$/);
    for (const [table, key] of [['users', 'user_id'], ['songs', 'song_id'], ['artists', 'artist_id'], ['time', 'start_time']]) {
      expect(ddl(table!)).toMatch(new RegExp(`\\)\\nDISTSTYLE ALL\\nSORTKEY \\("${key}"\\)$`));
      expect(ddl(table!)).not.toMatch(/DISTKEY/);
    }
    expect(ddl('artists')).toContain('"latitude" DOUBLE PRECISION');
    expect(ddl('staging_events')).toContain('"ts" BIGINT');
    expect(ddl('staging_events')).toContain('"firstname" VARCHAR(256)');
    expect(recorder.statements.join('\n')).not.toMatch(/\bTEXT\b/);
  });

  it('stages with COPY … FORMAT AS JSON, then dimensions, then the fact, in one transaction', async () => {
    const plan = await etlPlan(SEED, 's3://udacity-dend/log_json_path.json');
    const events = plan[indexOf(plan, /^COPY "staging_events"/)]!;
    expect(events).toBe(`COPY "staging_events" ("artist", "auth", "firstname", "gender", "iteminsession", "lastname", "length", "level", "location", "method", "page", "registration", "sessionid", "song", "status", "ts", "useragent", "userid")
FROM 's3://udacity-dend/log_data'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
REGION 'us-west-2'
FORMAT AS JSON 's3://udacity-dend/log_json_path.json'
TIMEFORMAT 'epochmillisecs'
TRUNCATECOLUMNS
BLANKSASNULL
EMPTYASNULL
MAXERROR 100000`);
    const songs = plan[indexOf(plan, /^COPY "staging_songs"/)]!;
    expect(songs).toMatch(/^COPY "staging_songs" \("num_songs", .*"year"\)\nFROM 's3:\/\/udacity-dend\/song_data'\n/);
    expect(songs).toContain("FORMAT AS JSON 'auto'\n");
    expect(songs).not.toContain('source_file'); // COPY cannot fill it; it stays NULL

    // One transaction from the first COPY to the run record: a failure anywhere publishes nothing.
    const order = [
      /^BEGIN$/, /^DELETE FROM "staging_songs"$/, /^COPY "staging_songs"/, /FROM stl_load_errors WHERE query = \$1/,
      /^COPY "staging_events"/, /^DELETE FROM "songplays"$/, /^INSERT INTO "users"/, /^INSERT INTO "user_levels"/,
      /^INSERT INTO "songs"/, /^INSERT INTO "artists"/, /^INSERT INTO "time"/, /^INSERT INTO "songplays"/,
      /^INSERT INTO "etl_runs"/, /^COMMIT$/,
    ].map((p) => indexOf(plan, p));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Inside the transaction nothing commits early: DELETE, never TRUNCATE.
    expect(plan.some((s) => /^TRUNCATE\b/.test(s))).toBe(false);
    expect(plan.filter((s) => /^DELETE FROM "(songplays|time|artists|songs|user_levels|users)"$/.test(s))).toHaveLength(6);
    expect(plan.filter((s) => /^(BEGIN|COMMIT)$/.test(s))).toEqual(['BEGIN', 'COMMIT']);
  });

  it('reads the load errors of each COPY back into rejects', async () => {
    const plan = await etlPlan(SEED, 's3://udacity-dend/log_json_path.json');
    const copies = plan.map((s, i) => (s.startsWith('COPY ') ? i : -1)).filter((i) => i >= 0);
    expect(copies).toHaveLength(2);
    for (const i of copies) {
      expect(plan[i + 1]).toBe('SELECT pg_last_copy_id() AS query_id, pg_last_copy_count() AS row_count');
      expect(plan[i + 2]).toMatch(/^INSERT INTO "rejects" \(run_id, source_file, line, reason, excerpt\)\nSELECT \$2, TRIM\(filename\), line_number, .*err_reason.*raw_line.*\nFROM stl_load_errors WHERE query = \$1/);
    }
  });

  it("uses 'auto ignorecase' without a JSONPaths file: event keys are camelCase, staging columns lower case", async () => {
    const plan = await etlPlan(SEED.replace(/LOG_JSONPATH=.*\n/, ''));
    expect(plan[indexOf(plan, /^COPY "staging_events"/)]).toContain("FORMAT AS JSON 'auto ignorecase'");
    expect(plan[indexOf(plan, /^COPY "staging_songs"/)]).toContain("FORMAT AS JSON 'auto'\n");
  });

  it('Serverless reads SYS_LOAD_ERROR_DETAIL; MAX_ERRORS and the region come from dwh.cfg', async () => {
    const { warehouse, recorder } = await planWarehouse('redshift://admin:pw@wg.1.eu-west-1.redshift-serverless.amazonaws.com/dev',
      cfg(`${SEED}REGION=eu-west-1\n[WAREHOUSE]\nMAX_ERRORS=10\n`));
    await runEtl({ source: s3Source(), warehouse, reporter: silent });
    const plan = recorder.statements.join('\n');
    expect(plan).toContain("REGION 'eu-west-1'\n");
    expect(plan).toMatch(/^MAXERROR 10$/m);
    expect(plan).toContain('FROM sys_load_error_detail WHERE query_id = $1');
    expect(plan).not.toContain('stl_load_errors');
  });

  it('masks credentials: CREDENTIALS, passwords and key values never appear', async () => {
    const keys = `${CLUSTER}[AWS]\nKEY=AKIAEXAMPLEKEYID1234\nSECRET=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz\n`;
    const { warehouse, recorder } = await planWarehouse('redshift:dwh.cfg', cfg(keys));
    await runEtl({ source: s3Source('s3://udacity-dend/log_json_path.json'), warehouse, reporter: silent });
    const plan = recorder.toString();
    expect(plan).toContain("CREDENTIALS '***'");
    expect(plan).not.toContain('wJalrXUtnFEMI');
    expect(plan).not.toContain('AKIAEXAMPLEKEYID1234');
    expect(plan).not.toContain('Pl3aseDontPrint');
    expect(maskSecrets("CREATE USER u PASSWORD 'x''y' ; ACCESS_KEY_ID 'A' SECRET_ACCESS_KEY 'B' SESSION_TOKEN 'C'"))
      .toBe("CREATE USER u PASSWORD '***' ; ACCESS_KEY_ID '***' SECRET_ACCESS_KEY '***' SESSION_TOKEN '***'");
  });

  it('says clearly that COPY from S3 needs an IAM role or keys', async () => {
    const { warehouse } = await planWarehouse('redshift:dwh.cfg', cfg(CLUSTER));
    await expect(runEtl({ source: s3Source(), warehouse, reporter: silent })).rejects.toThrow(/needs \[IAM_ROLE\] ARN/);
  });

  it('a local source without a staging prefix is a clear UserError naming [S3] STAGING', async () => {
    const { warehouse, recorder } = await planWarehouse('redshift:dwh.cfg', cfg(SEED));
    await expect(runEtl({ source: LocalSource.ofFolder(QUIRKS), warehouse, reporter: silent }))
      .rejects.toThrow(/a local source \(.*quirks\) is compacted onto S3 first, which needs a staging prefix .*\[S3\] STAGING/);
    expect(recorder.statements).toEqual([]); // refused before anything was sent
  });

  it('a local source is compacted onto the staging prefix, then loaded with one COPY … MANIFEST GZIP per table', async () => {
    const { warehouse, recorder } = await planWarehouse('redshift:dwh.cfg', cfg(SEED));
    const summary = await runEtl({
      source: LocalSource.ofFolder(QUIRKS), warehouse, reporter: silent,
      staging: { url: 's3://my-staging/sparkify/', planOnly: true },
    });
    const plan = recorder.statements;
    const run = `s3://my-staging/sparkify/${summary.run_id}`;
    const songs = indexOf(plan, /^COPY "staging_songs" \("num_songs", "artist_id", .*"year", "source_file"\)\n/);
    const events = indexOf(plan, /^COPY "staging_events" \("artist", "auth", .*"userid", "source_file"\)\n/);
    expect(plan[songs]).toBe(`COPY "staging_songs" ("num_songs", "artist_id", "artist_latitude", "artist_longitude", "artist_location", "artist_name", "song_id", "title", "duration", "year", "source_file")
FROM '${run}/songs.manifest'
IAM_ROLE 'arn:aws:iam::123456789012:role/dwhRole'
REGION 'us-west-2'
MANIFEST
GZIP
FORMAT AS JSON 'auto'
TRUNCATECOLUMNS
MAXERROR 100000`);
    expect(plan[events]).toContain(`FROM '${run}/events.manifest'`);
    // Parts hold values staged as DuckDB and PostgreSQL stage them: no blanking to NULL, no time format.
    expect(plan[events]).not.toMatch(/BLANKSASNULL|EMPTYASNULL|TIMEFORMAT|JSONPaths/);
    // Parts are sized for the cluster's slices, asked before the load's transaction.
    expect(indexOf(plan, /FROM stv_slices/)).toBeLessThan(indexOf(plan, /^BEGIN/));
    // Staging, then the bookkeeping of this run's files, then dimensions, then the fact.
    const manifest = indexOf(plan, /^INSERT INTO "load_manifest" \("source_file", .*\) VALUES\n\(CAST\(\$1 AS VARCHAR\(1024\)\)/);
    expect(songs).toBeLessThan(events);
    expect(events).toBeLessThan(manifest);
    expect(manifest).toBeLessThan(indexOf(plan, /^INSERT INTO "users"/));
    expect(indexOf(plan, /^INSERT INTO "artists"/)).toBeLessThan(indexOf(plan, /^INSERT INTO "songplays"/));
    // Seven files, one multi-row INSERT with eight parameters a file.
    expect(plan[manifest]).toMatch(/\$56 AS [A-Z]+\)\)\n-- parameters: /);
    expect(plan[manifest]).not.toContain('$57');
    expect(summary.files_loaded).toBe(7);
  });

  it('a configured slice count ([WAREHOUSE] SLICES) saves asking the cluster; Serverless, which has no STV_SLICES, is never asked', async () => {
    for (const [text, spec] of [[`${SEED}\n[WAREHOUSE]\nSLICES=8\n`, 'redshift:dwh.cfg'], [SEED, 'redshift://u@wg.123456789012.us-west-2.redshift-serverless.amazonaws.com/dev']] as const) {
      const { warehouse, recorder } = await planWarehouse(spec, cfg(text));
      await runEtl({ source: LocalSource.ofFolder(QUIRKS), warehouse, reporter: silent, staging: { url: 's3://bkt/p/', planOnly: true, slices: text === SEED ? undefined : 8 } });
      expect(recorder.statements.some((s) => /stv_slices/.test(s))).toBe(false);
    }
  });

  it('--compact without a staging prefix is a clear UserError', async () => {
    const { warehouse } = await planWarehouse('redshift:dwh.cfg', cfg(SEED));
    await expect(runEtl({ source: LocalSource.ofFolder(QUIRKS), warehouse, reporter: silent, compact: true }))
      .rejects.toThrow(/^--compact needs a staging prefix: \[S3\] STAGING in dwh.cfg or --staging/);
  });
});
