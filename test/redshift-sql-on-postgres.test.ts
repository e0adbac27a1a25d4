import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { STAR_TABLES, userLevels } from '../src/sql/tables.js';
import { LocalSource } from '../src/source/local-source.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import { RedshiftDialect } from '../src/warehouse/redshift/redshift-dialect.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { SAMPLE, sampleAvailable, tempDir } from './helpers.js';
import { dropSchema, postgresReachable, schemaUrl, tableRows, testSchema } from './helpers/postgres.js';

/**
 * Redshift's SQL runs on PostgreSQL: the Redshift dialect's transform, incremental steps and checks
 * are in the subset both share, except STRTOL, which this test defines in its own schema (base 16
 * only, as the dialect uses it). So the dedupe, hashing, merging and calendar logic Redshift will
 * run is checked on a real server. Staging is PostgreSQL's (COPY FROM STDIN; Redshift COPYs from S3)
 * and so is the DDL (Redshift's DISTSTYLE/SORTKEY clauses are checked on the generated plan).
 */
const hasSample = sampleAvailable();
const reachable = await postgresReachable();

const KEYS: Record<string, string> = {
  users: 'user_id', songs: 'song_id', artists: 'artist_id', time: 'start_time', songplays: 'songplay_id',
  user_levels: 'user_id, valid_from, level',
};

/** A PostgreSQL warehouse that speaks the Redshift dialect for everything but DDL and staging. */
function redshiftSqlOn(pg: Warehouse, schema: string): Warehouse {
  return {
    dialect: new RedshiftDialect(schema),
    label: `redshift SQL on ${pg.label}`,
    run: (sql, params) => (/^CREATE (TABLE|SCHEMA) IF NOT EXISTS/.test(sql) ? Promise.resolve() : pg.run(sql, params)),
    query: (sql, params) => pg.query(sql, params),
    transaction: (work) => pg.transaction(work),
    bulkInsert: (table, batches) => pg.bulkInsert(table, batches),
    close: () => Promise.resolve(),
  };
}

async function dumpStar(warehouse: Warehouse): Promise<Record<string, unknown[][]>> {
  const dump: Record<string, unknown[][]> = {};
  for (const t of [...STAR_TABLES, userLevels]) dump[t.name] = await tableRows(warehouse, t.name, KEYS[t.name]!);
  return dump;
}

describe.skipIf(!reachable || !hasSample)("the Redshift dialect's SQL, run on PostgreSQL", () => {
  const fullSchema = testSchema();
  const dailySchema = testSchema();
  const dir = tempDir();
  let full: Warehouse;
  let daily: Warehouse;

  beforeAll(async () => {
    full = await openWarehouse(schemaUrl(fullSchema));
    daily = await openWarehouse(schemaUrl(dailySchema));
    for (const [pg, schema] of [[full, fullSchema], [daily, dailySchema]] as const) {
      await pg.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await pg.run(`CREATE FUNCTION "${schema}".strtol(digits text, base integer) RETURNS bigint LANGUAGE sql IMMUTABLE
        AS $$ SELECT CASE WHEN base = 16 THEN ('x' || lpad(digits, 16, '0'))::bit(64)::bigint END $$`);
      await pg.run(`SET search_path TO "${schema}", public`);
    }
    await runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: full, reporter: silent });
  });
  afterAll(async () => {
    await full?.close();
    await daily?.close();
    await dropSchema(fullSchema);
    await dropSchema(dailySchema);
  });

  it('a full load builds exactly the tables the PostgreSQL dialect built', async () => {
    const expected = await dumpStar(full);
    await runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: redshiftSqlOn(full, fullSchema), reporter: silent, fullRefresh: true });
    expect(await dumpStar(full)).toEqual(expected);
    expect(expected.songplays).toHaveLength(6820);
  });

  it('incremental loads (days 1–10, 11–20, 21–30) give the same tables as one full load', async () => {
    const growing = join(dir, 'growing');
    cpSync(join(SAMPLE, 'song_data'), join(growing, 'song_data'), { recursive: true });
    const logs = join(SAMPLE, 'log_data/2018/11');
    mkdirSync(join(growing, 'log_data/2018/11'), { recursive: true });
    const days = readdirSync(logs).sort();
    const redshift = redshiftSqlOn(daily, dailySchema);
    const { ensureTables } = await import('../src/pipeline/schema.js');
    await ensureTables(daily);
    for (const chunk of [days.slice(0, 10), days.slice(10, 20), days.slice(20)]) {
      for (const day of chunk) cpSync(join(logs, day), join(growing, 'log_data/2018/11', day));
      const summary = await runEtl({ source: LocalSource.ofFolder(growing), warehouse: redshift, reporter: silent });
      expect(summary.files_loaded).toBe(chunk.length + (chunk[0] === days[0] ? 71 : 0));
    }
    expect(await dumpStar(daily)).toEqual(await dumpStar(full));
  });

  it('hashes like the PostgreSQL dialect, and its ISO weekday matches isodow on every day of a week', async () => {
    const redshift = new RedshiftDialect(fullSchema);
    const rows = await full.query<{ same: boolean; iso: number; ours: number }>(
      `SELECT ${redshift.hashToBigint('k')} = ${full.dialect.hashToBigint('k')} AS same,
              CAST(EXTRACT(isodow FROM d) AS INTEGER) AS iso, ${redshift.isoWeekday('d')} AS ours
       FROM (SELECT CAST(g AS VARCHAR) AS k, TIMESTAMP '2018-11-05 12:00' + g * INTERVAL '1 day' AS d
             FROM generate_series(0, 13) g) days`);
    expect(rows).toHaveLength(14);
    for (const row of rows) {
      expect(row.same).toBe(true);
      expect(row.ours).toBe(row.iso);
    }
  });
});
