import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, dumpEverything, etlInto, openDuckDB, QUIRKS, tempDir } from './helpers.js';

function check(warehouse: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'check', '--warehouse', warehouse, ...args], { encoding: 'utf8' });
}

describe('sparkify check', () => {
  const dir = tempDir();

  async function loaded(name: string, from = QUIRKS): Promise<string> {
    const path = join(dir, name);
    const warehouse = await openDuckDB(dir, name);
    await etlInto(warehouse, from);
    await warehouse.close();
    return path;
  }

  async function breakWith(name: string, ...statements: string[]): Promise<string> {
    return breakLoaded(name, QUIRKS, statements);
  }

  async function breakLoaded(name: string, from: string, statements: string[]): Promise<string> {
    const path = await loaded(name, from);
    const warehouse = await openDuckDB(dir, name);
    for (const sql of statements) await warehouse.run(sql);
    await warehouse.close();
    return path;
  }

  it('passes on a freshly loaded warehouse and shows the numbers', async () => {
    const result = check(await loaded('ok.duckdb'));
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^PASS {2}songplays\.songplay_id unique and not null — 8 rows, 0 duplicated keys, 0 null keys$/m);
    expect(result.stdout).toMatch(/^PASS {2}songplays = staged NextSong events — 8 songplays, 8 distinct NextSong events staged$/m);
    expect(result.stdout).toMatch(/^PASS {2}song match rate — 4 of 8 plays matched \(50\.00%\)$/m);
    expect(result.stdout).not.toMatch(/FAIL/);
  });

  // Redshift enforces no primary key: rebuild the table without one to see the check catch it.
  it('fails on a duplicated songplay', async () => {
    const path = await breakWith('dup.duckdb',
      'CREATE TABLE sp AS SELECT * FROM songplays', 'DROP TABLE songplays', 'ALTER TABLE sp RENAME TO songplays',
      'INSERT INTO songplays SELECT * FROM songplays LIMIT 1');
    const result = check(path);
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(/^FAIL {2}songplays\.songplay_id unique and not null — 9 rows, 1 duplicated keys/m);
    expect(result.stdout).toMatch(/^FAIL {2}songplays = staged NextSong events — 9 songplays, 8/m);
    expect(result.stderr).toMatch(/sparkify: 2 of \d+ checks failed/);
  });

  it.each([
    ['a user', `DELETE FROM users WHERE user_id = '10'`, /^FAIL {2}every songplay has a user — 3 songplays with no row in users$/m],
    ['a song', `DELETE FROM songs WHERE song_id = 'SONUMBERS03'`, /^FAIL {2}every matched song_id is in songs — 1 songplays/m],
    ['an artist', `DELETE FROM artists WHERE artist_id = 'ARCONFLICT1'`, /^FAIL {2}every matched artist_id is in artists — 2 songplays/m],
    ['a time row', 'DELETE FROM time WHERE hour = 0', /^FAIL {2}every start_time is in time — \d+ songplays with no row in time$/m],
    ['a songplay', 'DELETE FROM songplays WHERE song_id IS NULL', /^FAIL {2}songplays = staged NextSong events — 4 songplays, 8/m],
  ])('fails when %s is missing', async (what, sql, expected) => {
    const result = check(await breakWith(`missing-${what.replace(/\W/g, '')}.duckdb`, sql));
    expect(result.status).toBe(3);
    expect(result.stdout).toMatch(expected);
  });

  it('fails on a low match rate or too many rejects when limits are given', async () => {
    const path = await loaded('limits.duckdb');
    const rate = check(path, '--min-match-rate', '0.9');
    expect(rate.status).toBe(3);
    expect(rate.stdout).toMatch(/^FAIL {2}song match rate — 4 of 8 plays matched \(50\.00%\), minimum 90\.00%$/m);
    const rejects = check(path, '--max-errors', '1', '--json');
    expect(rejects.status).toBe(3);
    const failed = JSON.parse(rejects.stdout).filter((r: { passed: boolean }) => !r.passed);
    expect(failed).toEqual([{ name: 'rejects within --max-errors', passed: false, detail: expect.stringMatching(/^2 rejected records in run .*, limit 1$/) }]);
  });

  it('runs inside etl: a damaged warehouse fails the next run, which publishes nothing', async () => {
    const source = join(dir, 'damaged-source');
    cpSync(QUIRKS, source, { recursive: true });
    rmSync(join(source, 'log_data/2018/11/2018-11-02-events.json'));
    const path = await breakLoaded('damaged.duckdb', source, [`DELETE FROM users WHERE user_id = '12'`]);
    cpSync(join(QUIRKS, 'log_data/2018/11/2018-11-02-events.json'), join(source, 'log_data/2018/11/2018-11-02-events.json'));
    const before = await openDuckDB(dir, 'damaged.duckdb');
    const snapshot = await dumpEverything(before, ['etl_runs']);
    await before.close();

    const run = spawnSync(process.execPath, [CLI, 'etl', '--source', source, '--warehouse', path, '-q'], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/^sparkify: data-quality checks failed; nothing was published\nFAIL {2}every songplay has a user — 2 songplays with no row in users$/m);

    const after = await openDuckDB(dir, 'damaged.duckdb');
    try {
      expect(await dumpEverything(after, ['etl_runs'])).toEqual(snapshot);
      const runs = await after.query<{ status: string }>('SELECT status FROM etl_runs ORDER BY started_at, run_id');
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    } finally {
      await after.close();
    }
  });
});
