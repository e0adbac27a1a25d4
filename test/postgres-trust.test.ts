import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { LocalSource } from '../src/source/local-source.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { CLI, dumpEverything, QUIRKS, SAMPLE, sampleAvailable, tempDir } from './helpers.js';
import { dropSchema, postgresReachable, schemaUrl, testSchema } from './helpers/postgres.js';

/** Issue 5 on PostgreSQL: incremental equals full, atomic under SIGKILL, one writer, no leaked password. */
const reachable = await postgresReachable();
const hasSample = sampleAvailable();

describe.skipIf(!reachable)('trustworthy loads on PostgreSQL', () => {
  const dir = tempDir();
  const schemas: string[] = [];
  const schema = () => {
    const name = testSchema();
    schemas.push(name);
    return name;
  };
  afterAll(async () => {
    for (const name of schemas) await dropSchema(name);
  });

  const etl = (warehouse: string, source: string, env: Record<string, string> = {}, ...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'etl', '--source', source, '--warehouse', warehouse, '-q', ...args], {
      encoding: 'utf8', env: { ...process.env, ...env },
    });

  async function withWarehouse<T>(url: string, work: (w: Warehouse) => Promise<T>): Promise<T> {
    const w = await openWarehouse(url);
    try {
      return await work(w);
    } finally {
      await w.close();
    }
  }

  it.skipIf(!hasSample)('loading the sample in six batches of days gives the same tables as one full load', async () => {
    const [fullUrl, dailyUrl] = [schemaUrl(schema()), schemaUrl(schema())];
    await withWarehouse(fullUrl, (w) => runEtl({ source: LocalSource.ofFolder(SAMPLE), warehouse: w, reporter: silent }));
    const growing = join(dir, 'growing');
    cpSync(join(SAMPLE, 'song_data'), join(growing, 'song_data'), { recursive: true });
    mkdirSync(join(growing, 'log_data/2018/11'), { recursive: true });
    const days = readdirSync(join(SAMPLE, 'log_data/2018/11')).sort();
    await withWarehouse(dailyUrl, async (w) => {
      for (let i = 0; i < days.length; i += 5) {
        for (const day of days.slice(i, i + 5)) cpSync(join(SAMPLE, 'log_data/2018/11', day), join(growing, 'log_data/2018/11', day));
        const summary = await runEtl({ source: LocalSource.ofFolder(growing), warehouse: w, reporter: silent });
        expect(summary.files_loaded).toBe(i === 0 ? 76 : 5);
      }
    });
    const volatile = ['etl_runs', 'load_manifest', 'rejects'];
    const daily = await withWarehouse(dailyUrl, (w) => dumpEverything(w, volatile));
    expect(daily).toEqual(await withWarehouse(fullUrl, (w) => dumpEverything(w, volatile)));
    expect(daily.songplays).toHaveLength(6820);
  });

  it.each(['after-stage-events', 'after-load-songplays', 'before-commit'])(
    'a run killed with SIGKILL at %s leaves the warehouse exactly as before; the next run completes it', async (point) => {
      const url = schemaUrl(schema());
      const source = join(dir, `kill-${point}`);
      cpSync(QUIRKS, source, { recursive: true });
      const day2 = 'log_data/2018/11/2018-11-02-events.json';
      rmSync(join(source, day2));
      expect(etl(url, source).status).toBe(0);
      cpSync(join(QUIRKS, day2), join(source, day2));
      const before = await withWarehouse(url, (w) => dumpEverything(w));
      const killed = etl(url, source, { SPARKIFY_FAILPOINT: point });
      expect(killed.signal).toBe('SIGKILL');
      expect(await withWarehouse(url, (w) => dumpEverything(w))).toEqual(before);
      const resumed = etl(url, source, {}, '--lock-wait', '10');
      expect(resumed.status, resumed.stderr).toBe(0);
      const reference = schemaUrl(schema());
      expect(etl(reference, QUIRKS).status).toBe(0);
      const volatile = ['etl_runs', 'load_manifest', 'rejects'];
      expect(await withWarehouse(url, (w) => dumpEverything(w, volatile)))
        .toEqual(await withWarehouse(reference, (w) => dumpEverything(w, volatile)));
    });

  it('a second run waits for the advisory lock, then fails with a clear message', async () => {
    const url = schemaUrl(schema());
    const holder = await openWarehouse(url);
    try {
      await holder.lockForRun!(0);
      const started = Date.now();
      const second = etl(url, QUIRKS, {}, '--lock-wait', '1');
      expect(second.status).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(second.stderr).toMatch(/^sparkify: another sparkify run is loading postgres:\/\/postgres@127\.0\.0\.1:5432\/test \(schema t_\w+\); waited 1 s \(--lock-wait\), try again when it has finished\n$/);
    } finally {
      await holder.close();
    }
    expect(etl(url, QUIRKS).status).toBe(0); // released with the holder's connection
  });

  it('never shows the password: not in logs, errors, the dry-run plan or the runs table', async () => {
    const secret = 'Sup3r-s3cret-pw';
    const url = schemaUrl(schema()).replace('postgres://postgres@', `postgres://postgres:${secret}@`);
    expect(url).toContain(secret);
    const run = spawnSync(process.execPath, [CLI, 'etl', '--source', QUIRKS, '--warehouse', url], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const plan = spawnSync(process.execPath, [CLI, 'etl', '--source', QUIRKS, '--warehouse', url, '--dry-run'], { encoding: 'utf8' });
    expect(plan.status, plan.stderr).toBe(0);
    const failing = spawnSync(process.execPath, [CLI, 'etl', '--source', QUIRKS, '--warehouse', url.replace('/test?', '/no_such_db?')], { encoding: 'utf8' });
    expect(failing.status).toBe(2);
    for (const output of [run.stdout, run.stderr, plan.stdout, plan.stderr, failing.stdout, failing.stderr]) {
      expect(output).not.toContain(secret);
    }
    const runs = await withWarehouse(url, (w) => w.query<{ options: string }>(`SELECT options FROM ${w.dialect.table('etl_runs')}`));
    expect(runs.length).toBeGreaterThan(0);
    expect(JSON.stringify(runs)).not.toContain(secret);
  });

  it('sparkify query reads the ?schema= tables unqualified, and refuses to write', async () => {
    const url = schemaUrl(schema());
    expect(etl(url, QUIRKS).status).toBe(0);
    const query = (sql: string) => spawnSync(process.execPath, [CLI, 'query', sql, '--warehouse', url, '--format', 'json'], { encoding: 'utf8' });
    const read = query('SELECT user_id, level FROM users ORDER BY user_id');
    expect(read.status, read.stderr).toBe(0);
    expect(JSON.parse(read.stdout)).toEqual([{ user_id: '10', level: 'paid' }, { user_id: '11', level: 'free' }, { user_id: '12', level: 'free' }]);
    const write = query('DELETE FROM users');
    expect(write.status).toBe(2);
    expect(write.stderr).toMatch(/query refused/);
    // A function with side effects slips past any parser; the read-only transaction stops it.
    await withWarehouse(url, (w) => w.run(`CREATE SEQUENCE ${w.dialect.table('tickets')}`));
    const sneaky = query(`SELECT nextval('tickets') AS n`);
    expect(sneaky.status).not.toBe(0);
    expect(sneaky.stderr).toMatch(/cannot execute nextval\(\) in a read-only transaction/);
    expect(JSON.parse(query('SELECT COUNT(*) AS n FROM users').stdout)).toEqual([{ n: 3 }]);
  });

  it('sparkify check fails on PostgreSQL when a dimension row goes missing', async () => {
    const url = schemaUrl(schema());
    expect(etl(url, QUIRKS).status).toBe(0);
    const ok = spawnSync(process.execPath, [CLI, 'check', '--warehouse', url], { encoding: 'utf8' });
    expect(ok.status, ok.stdout).toBe(0);
    await withWarehouse(url, (w) => w.run(`DELETE FROM ${w.dialect.table('artists')} WHERE artist_id = 'ARUNICODE04'`));
    const broken = spawnSync(process.execPath, [CLI, 'check', '--warehouse', url], { encoding: 'utf8' });
    expect(broken.status).toBe(3);
    expect(broken.stdout).toMatch(/^FAIL {2}every matched artist_id is in artists — 1 songplays with no row in artists$/m);
  });
});

