import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { STAR_TABLES } from '../src/sql/tables.js';
import { transformSteps } from '../src/sql/transform.js';
import { LocalSource } from '../src/source/local-source.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import { RedshiftDialect } from '../src/warehouse/redshift/redshift-dialect.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dropSchema, postgresReachable, schemaUrl, tableRows, testSchema } from './helpers/postgres.js';

/**
 * Redshift's transform runs on PostgreSQL: the Redshift dialect's SQL is in the subset both share,
 * except STRTOL, which this test defines in its own schema (base 16 only, as the dialect uses it).
 * So the dedupe, hashing and calendar logic Redshift will run is checked on a real server.
 */
const SAMPLE = '/work/shared/data/sparkify-sample';
const hasSample = existsSync(SAMPLE);
if (!hasSample) console.warn(`!!! ${SAMPLE} is absent: Redshift-SQL-on-PostgreSQL tests are SKIPPED`);
const reachable = await postgresReachable();

const KEYS: Record<string, string> = {
  users: 'user_id', songs: 'song_id', artists: 'artist_id', time: 'start_time', songplays: 'songplay_id',
};

describe.skipIf(!reachable || !hasSample)("the Redshift dialect's transform, run on PostgreSQL", () => {
  const schema = testSchema();
  let pg: Warehouse;

  beforeAll(async () => {
    pg = await openWarehouse(schemaUrl(schema));
    await pg.run(`CREATE FUNCTION "${schema}".strtol(digits text, base integer) RETURNS bigint LANGUAGE sql IMMUTABLE
      AS $$ SELECT CASE WHEN base = 16 THEN ('x' || lpad(digits, 16, '0'))::bit(64)::bigint END $$`);
    await pg.run(`SET search_path TO "${schema}", public`);
    await runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: pg, reporter: silent });
  });
  afterAll(async () => {
    await pg?.close();
    await dropSchema(schema);
  });

  it('builds exactly the tables the PostgreSQL dialect built', async () => {
    const expected: Record<string, unknown[][]> = {};
    for (const t of STAR_TABLES) expected[t.name] = await tableRows(pg, t.name, KEYS[t.name]!);
    const redshift = new RedshiftDialect(schema);
    await pg.transaction(async () => {
      for (const t of [...STAR_TABLES].reverse()) await pg.run(redshift.clearTable(t.name));
      for (const step of transformSteps(redshift)) await pg.run(step.sql);
    });
    for (const t of STAR_TABLES) {
      expect(await tableRows(pg, t.name, KEYS[t.name]!), t.name).toEqual(expected[t.name]);
    }
    expect(expected.songplays).toHaveLength(6820);
  });

  it('hashes like the PostgreSQL dialect, and its ISO weekday matches isodow on every day of a week', async () => {
    const redshift = new RedshiftDialect(schema);
    const rows = await pg.query<{ same: boolean; iso: number; ours: number }>(
      `SELECT ${redshift.hashToBigint('k')} = ${pg.dialect.hashToBigint('k')} AS same,
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
