import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, dumpEverything, etlInto, openDuckDB, QUIRKS, tempDir } from './helpers.js';

function etl(warehouse: string, source: string, env: Record<string, string> = {}, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'etl', '--source', source, '--warehouse', warehouse, '-q', ...args], {
    encoding: 'utf8', env: { ...process.env, ...env },
  });
}

/** Two points while staging, two in the transform, and the last moment before COMMIT. */
const FAILPOINTS = ['after-stage-songs', 'after-stage-events', 'after-load-users', 'after-load-songplays', 'before-commit'];

describe('atomic publish on DuckDB', () => {
  const dir = tempDir();

  /** A warehouse holding day 1 and some songs, and a source that now also has day 2 and a new song. */
  async function halfLoaded(name: string): Promise<{ warehouse: string; source: string }> {
    const source = join(dir, `${name}-source`);
    cpSync(QUIRKS, source, { recursive: true });
    const day2 = 'log_data/2018/11/2018-11-02-events.json';
    const song = 'song_data/A/A/A/TRAAAAA128F0000001.json';
    rmSync(join(source, day2));
    rmSync(join(source, song));
    const w = await openDuckDB(dir, `${name}.duckdb`);
    await etlInto(w, source);
    await w.close();
    cpSync(join(QUIRKS, day2), join(source, day2));
    cpSync(join(QUIRKS, song), join(source, song));
    return { warehouse: join(dir, `${name}.duckdb`), source };
  }

  /** The same two runs, never interrupted: what every resumed warehouse must equal. */
  let reference: Promise<Record<string, string[]>> | undefined;
  const VOLATILE = ['etl_runs', 'load_manifest', 'rejects'];
  function uninterrupted() {
    reference ??= halfLoaded('reference').then(({ warehouse, source }) => {
      expect(etl(warehouse, source).status).toBe(0);
      return snapshot(warehouse, VOLATILE);
    });
    return reference;
  }

  async function snapshot(path: string, except: string[] = []) {
    const w = await openDuckDB(dir, path.slice(dir.length + 1));
    try {
      return await dumpEverything(w, except);
    } finally {
      await w.close();
    }
  }

  it.each(FAILPOINTS)('a run killed with SIGKILL at %s leaves the warehouse exactly as before; the next run completes it', async (point) => {
    const { warehouse, source } = await halfLoaded(`kill-${point}`);
    const before = await snapshot(warehouse);
    const killed = etl(warehouse, source, { SPARKIFY_FAILPOINT: point });
    expect(killed.signal).toBe('SIGKILL');
    expect(await snapshot(warehouse)).toEqual(before);

    const resumed = etl(warehouse, source);
    expect(resumed.status, resumed.stderr).toBe(0);
    // Run ids and times differ between the two histories; every data table must not.
    expect(await snapshot(warehouse, VOLATILE)).toEqual(await uninterrupted());
  });

  it('--max-errors: too many rejects fail the run and publish nothing', async () => {
    const warehouse = join(dir, 'max-errors.duckdb');
    const failed = etl(warehouse, QUIRKS, {}, '--max-errors', '1');
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/^sparkify: 2 records rejected, more than --max-errors 1; nothing was published$/m);
    expect(failed.stderr).toMatch(/^ {2}log_data\/2018\/11\/2018-11-01-events\.json:5: malformed JSON/m);
    const after = await snapshot(warehouse, ['etl_runs']);
    expect(Object.values(after).every((rows) => rows.length === 0)).toBe(true);
    const w = await openDuckDB(dir, 'max-errors.duckdb');
    try {
      expect(await w.query('SELECT status FROM etl_runs')).toEqual([{ status: 'failed' }]);
    } finally {
      await w.close();
    }
    expect(etl(warehouse, QUIRKS, {}, '--max-errors', '2').status).toBe(0);
  });

  it('a second run on the same DuckDB file fails at once with a clear message', async () => {
    const warehouse = join(dir, 'busy.duckdb');
    const holder = await openDuckDB(dir, 'busy.duckdb');
    try {
      const second = etl(warehouse, QUIRKS);
      expect(second.status).toBe(2);
      expect(second.stderr).toMatch(/^sparkify: warehouse .*busy\.duckdb is in use by another process \(DuckDB allows one writer\); try again when it has finished\n$/);
    } finally {
      await holder.close();
    }
  });
});
