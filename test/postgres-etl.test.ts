import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { runEtl, type EtlSummary } from '../src/pipeline/etl.js';
import { STAR_TABLES } from '../src/sql/tables.js';
import { LocalSource } from '../src/source/local-source.js';
import type { Source } from '../src/source/source.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dropSchema, postgresReachable, schemaUrl, tableRows, testSchema } from './helpers/postgres.js';

const SAMPLE = new URL('../../shared/data/sparkify-sample', import.meta.url).pathname;
const hasSample = existsSync(SAMPLE);
if (!hasSample) console.warn(`!!! ${SAMPLE} is absent: PostgreSQL ETL tests on the public sample are SKIPPED`);
const reachable = await postgresReachable();

const KEYS: Record<string, string> = {
  users: 'user_id', songs: 'song_id', artists: 'artist_id', time: 'start_time', songplays: 'songplay_id',
};

async function starTables(warehouse: Warehouse): Promise<Record<string, unknown[][]>> {
  const tables: Record<string, unknown[][]> = {};
  for (const table of STAR_TABLES) tables[table.name] = await tableRows(warehouse, table.name, KEYS[table.name]!);
  return tables;
}

describe.skipIf(!reachable || !hasSample)('PostgreSQL on the public sample', () => {
  const schema = testSchema();
  let pg: Warehouse;
  let first: EtlSummary;

  beforeAll(async () => {
    pg = await openWarehouse(schemaUrl(schema));
    first = await runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: pg, reporter: silent });
  });
  afterAll(async () => {
    await pg?.close();
    await dropSchema(schema);
  });

  it('produces the contract figures', async () => {
    expect(first.events_staged).toBe(8056);
    expect(first.songs_staged).toBe(71);
    expect(first.rejects).toBe(0);
    expect(first.tables).toEqual({ users: 97, songs: 71, artists: 69, time: 6813, songplays: 6820 });
    expect(first.songplays_matched).toBe(1);
    const [match] = await pg.query<{ title: string; name: string; user_id: string; duration: number }>(
      `SELECT s.title, a.name, p.user_id, s.duration FROM ${pg.dialect.table('songplays')} p
       JOIN ${pg.dialect.table('songs')} s ON s.song_id = p.song_id JOIN ${pg.dialect.table('artists')} a ON a.artist_id = p.artist_id`);
    expect(match).toEqual({ title: 'Setanta matins', name: 'Elena', user_id: '15', duration: 269.58322 });
    const [levels] = await pg.query<{ paid: number }>(`SELECT COUNT(*) AS paid FROM ${pg.dialect.table('users')} WHERE level = 'paid'`);
    expect(levels!.paid).toBeGreaterThan(0);
  });

  it('declares the primary keys, and PostgreSQL enforces them', async () => {
    const [user] = await pg.query<{ user_id: string }>(`SELECT user_id FROM ${pg.dialect.table('users')} LIMIT 1`);
    await expect(pg.run(`INSERT INTO ${pg.dialect.table('users')} (user_id) VALUES ($1)`, [user!.user_id]))
      .rejects.toThrow(/duplicate key/);
  });

  it('builds the same tables as DuckDB, row by row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sparkify-pg-'));
    const duck = await openWarehouse(join(dir, 'compare.duckdb'));
    try {
      const summary = await runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: duck, reporter: silent });
      expect(summary.tables).toEqual(first.tables);
      const [expected, actual] = [await starTables(duck), await starTables(pg)];
      for (const table of STAR_TABLES) {
        expect(actual[table.name]!.length, table.name).toBe(expected[table.name]!.length);
        expect(actual[table.name], table.name).toEqual(expected[table.name]);
      }
    } finally {
      await duck.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is idempotent: a second run leaves identical tables', async () => {
    const before = await starTables(pg);
    const again = await runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: pg, reporter: silent });
    expect(again.tables).toEqual(first.tables);
    expect(await starTables(pg)).toEqual(before);
  });

  it('leaves the previous star schema intact when a transform step fails', async () => {
    const before = await starTables(pg);
    expect(before.songplays!.length).toBe(6820);
    // Different input (5 of the 30 logs), so a partial commit would show; the last step fails.
    const full = LocalSource.ofFolder(SAMPLE);
    const fewer: Source = { label: 'five logs', songFiles: () => full.songFiles(), eventFiles: async () => (await full.eventFiles()).slice(0, 5) };
    const failing: Warehouse = Object.assign(Object.create(pg) as Warehouse, {
      run: async (sql: string, params?: readonly (string | number | null)[]) => {
        if (/^INSERT INTO \S*"songplays"/.test(sql)) throw new Error('injected failure in the songplays step');
        return pg.run(sql, params);
      },
    });
    await expect(runEtl({ source: fewer, warehouse: failing, reporter: silent, fullRefresh: true })).rejects.toThrow(/injected failure/);
    const [staged] = await pg.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${pg.dialect.table('staging_events')}`);
    expect(staged!.n).toBe(8056); // the smaller input was staged inside the run's transaction: rolled back …
    expect(await starTables(pg)).toEqual(before); // … and not one star table changed
    const [ok] = await pg.query<{ one: number }>('SELECT 1 AS one'); // and the connection is usable
    expect(ok!.one).toBe(1);
  });
});
