import { appendFileSync, cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dumpStar, etlInto, openDuckDB, QUIRKS, SAMPLE, sampleAvailable, tempDir } from './helpers.js';

/** The star schema plus user levels: everything an incremental run must get right. */
async function dumpAll(warehouse: Warehouse) {
  return {
    ...(await dumpStar(warehouse)),
    user_levels: (await warehouse.query('SELECT * FROM user_levels ORDER BY user_id, valid_from, level'))
      .map((r) => JSON.stringify(r)),
  };
}

describe.runIf(sampleAvailable())('incremental loads on DuckDB', () => {
  const dir = tempDir();

  it('loading the 30 days one at a time gives the same tables as one full load', async () => {
    const full = await openDuckDB(dir, 'full.duckdb');
    const daily = await openDuckDB(dir, 'daily.duckdb');
    try {
      await etlInto(full, SAMPLE);
      const growing = join(dir, 'growing');
      cpSync(join(SAMPLE, 'song_data'), join(growing, 'song_data'), { recursive: true });
      const logs = join(SAMPLE, 'log_data/2018/11');
      mkdirSync(join(growing, 'log_data/2018/11'), { recursive: true });
      const days = readdirSync(logs).sort();
      expect(days).toHaveLength(30);
      for (const [i, day] of days.entries()) {
        cpSync(join(logs, day), join(growing, 'log_data/2018/11', day));
        const summary = await etlInto(daily, growing);
        expect(summary.files_loaded).toBe(i === 0 ? 72 : 1);
        expect(summary.files_skipped).toBe(i === 0 ? 0 : 71 + i);
        expect(summary.full_rebuild).toBe(i === 0); // a first load builds everything at once
      }
      expect(await dumpAll(daily)).toEqual(await dumpAll(full));
      const [levels] = await daily.query<{ n: number; open: number }>(
        'SELECT COUNT(*) AS n, SUM(CASE WHEN valid_to IS NULL THEN 1 ELSE 0 END) AS open FROM user_levels');
      expect(levels!.open).toBe(97);
      expect(levels!.n).toBeGreaterThan(97 + 8 - 1); // 8 users changed level at least once
    } finally {
      await full.close();
      await daily.close();
    }
  });
});

describe('incremental loads of new songs and changed files', () => {
  const dir = tempDir();

  it('a song file that arrives later matches the plays already loaded', async () => {
    const partial = join(dir, 'partial');
    cpSync(QUIRKS, partial, { recursive: true });
    const late = join(partial, 'song_data/A/A/A/TRAAAAA128F0000001.json');
    rmSync(late);
    const warehouse = await openDuckDB(dir, 'late.duckdb');
    const reference = await openDuckDB(dir, 'reference.duckdb');
    try {
      expect((await etlInto(warehouse, partial)).songplays_matched).toBe(2);
      cpSync(join(QUIRKS, 'song_data/A/A/A/TRAAAAA128F0000001.json'), late);
      const second = await etlInto(warehouse, partial);
      expect(second).toMatchObject({ files_loaded: 1, songplays_matched: 4, full_rebuild: false });
      await etlInto(reference, QUIRKS);
      expect(await dumpAll(warehouse)).toEqual(await dumpAll(reference));
    } finally {
      await warehouse.close();
      await reference.close();
    }
  });

  it('a changed file replaces what it loaded before, and the star schema is rebuilt', async () => {
    const source = join(dir, 'changing');
    cpSync(QUIRKS, source, { recursive: true });
    const warehouse = await openDuckDB(dir, 'changing.duckdb');
    const reference = await openDuckDB(dir, 'changed-reference.duckdb');
    try {
      await etlInto(warehouse, source);
      appendFileSync(join(source, 'log_data/2018/11/2018-11-02-events.json'),
        '\n{"artist":"The Band","auth":"Logged In","firstName":"Dee","gender":"F","itemInSession":0,"lastName":"Dee","length":200.5,"level":"paid","location":"Bath, UK","method":"PUT","page":"NextSong","registration":1540000000000.0,"sessionId":9,"song":"First Song","status":200,"ts":1541119000000,"userAgent":"Mozilla\\/5.0","userId":"13"}\n');
      const second = await etlInto(warehouse, source);
      expect(second).toMatchObject({ files_loaded: 1, full_rebuild: true, events_staged: 5 });
      const [staged] = await warehouse.query<{ n: number }>('SELECT COUNT(*) AS n FROM staging_events');
      expect(staged!.n).toBe(12);
      await etlInto(reference, source);
      expect(await dumpAll(warehouse)).toEqual(await dumpAll(reference));
      expect((await dumpStar(warehouse)).users).toHaveLength(4);
    } finally {
      await warehouse.close();
      await reference.close();
    }
  });

  it('--full-refresh reloads everything and gives the same tables', async () => {
    const warehouse = await openDuckDB(dir, 'refresh.duckdb');
    try {
      await etlInto(warehouse, QUIRKS);
      const before = await dumpAll(warehouse);
      const { runEtl } = await import('../src/pipeline/etl.js');
      const { LocalSource } = await import('../src/source/local-source.js');
      const { silent } = await import('../src/cli/progress.js');
      const refreshed = await runEtl({ source: LocalSource.ofFolder(QUIRKS), warehouse, reporter: silent, fullRefresh: true });
      expect(refreshed).toMatchObject({ files_loaded: 7, files_skipped: 0, full_rebuild: true });
      expect(await dumpAll(warehouse)).toEqual(before);
      const runs = await warehouse.query<{ status: string; files_loaded: number }>('SELECT status, files_loaded FROM etl_runs ORDER BY started_at, run_id');
      expect(runs).toEqual([{ status: 'succeeded', files_loaded: 7 }, { status: 'succeeded', files_loaded: 7 }]);
      const manifest = await warehouse.query<{ n: number; rows: number }>('SELECT COUNT(*) AS n, SUM(rows) AS rows FROM load_manifest');
      expect(manifest[0]).toEqual({ n: 7, rows: 15 });
    } finally {
      await warehouse.close();
    }
  });
});
