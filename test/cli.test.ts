import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUIRKS, runCli, tempDir } from './helpers.js';

const cli = (...argv: string[]) => runCli(argv);

describe('the sparkify command', () => {
  const dir = tempDir();
  const cwd = process.cwd();
  beforeEach(() => process.chdir(dir)); // no stray ./dwh.cfg or ./sparkify.duckdb from the repo
  afterEach(() => process.chdir(cwd));

  it('runs etl with --json: one JSON object on stdout, logs on stderr', async () => {
    const warehouse = join(dir, 'json.duckdb');
    const { code, out, err } = await cli('etl', '--source', QUIRKS, '--warehouse', warehouse, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(out);
    expect(summary).toMatchObject({ files_loaded: 7, rejects: 2, songplays_matched: 4, tables: { songplays: 8, users: 3 } });
    expect(summary.seconds.total).toBeGreaterThan(0);
    expect(err).toMatch(/staged 11 events/);
  });

  it('prints a readable summary without --json, nothing on stderr with --quiet', async () => {
    const { code, out, err } = await cli('etl', '--source', QUIRKS, '--warehouse', join(dir, 'text.duckdb'), '--quiet');
    expect(code).toBe(0);
    expect(out).toMatch(/songplays\s+8/);
    expect(out).toMatch(/rejects {2}2 \(details in the rejects table\)/);
    expect(err).toBe('');
  });

  it('create-tables refuses to drop data unless --drop', async () => {
    const warehouse = join(dir, 'drop.duckdb');
    expect((await cli('etl', '--source', QUIRKS, '--warehouse', warehouse, '-q')).code).toBe(0);
    const refused = await cli('create-tables', '--warehouse', warehouse);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/^sparkify: tables already hold data: .*songplays \(8 rows\).*pass --drop/m);
    expect((await cli('create-tables', '--warehouse', warehouse, '--drop', '-q')).code).toBe(0);
    const again = await cli('create-tables', '--warehouse', warehouse);
    expect(again).toMatchObject({ code: 0, err: expect.stringMatching(/tables ready/) });
  });

  it('gives one clear line and exit 2 for a missing source, bad config or bad option', async () => {
    const noSource = await cli('etl', '--warehouse', join(dir, 'x.duckdb'));
    expect(noSource.code).toBe(2);
    expect(noSource.err).toMatch(/^sparkify: no source: pass --source DIR/);
    const missing = await cli('etl', '--source', join(dir, 'nowhere'), '--warehouse', join(dir, 'x.duckdb'));
    expect(missing.err).toMatch(/^sparkify: source folder .*nowhere\/song_data does not exist$/m);
    writeFileSync(join(dir, 'bad.cfg'), '[CLUSTER]\nPORT=1\n');
    const badConfig = await cli('etl', '--config', join(dir, 'bad.cfg'));
    expect(badConfig).toMatchObject({ code: 2, err: expect.stringMatching(/unknown key PORT in \[CLUSTER\]/) });
    const badOption = await cli('etl', '--match', 'fuzzy');
    expect(badOption.code).not.toBe(0);
  });

  it('works as the installed binary, with --help', () => {
    const bin = new URL('../dist/cli/main.js', import.meta.url).pathname;
    const help = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(help).toMatch(/create-tables/);
    expect(help).toMatch(/etl/);
    const failed = spawnSync(process.execPath, [bin, 'etl', '--source', join(dir, 'nowhere'), '--warehouse', join(dir, 'b.duckdb')], { encoding: 'utf8', cwd: dir });
    expect(failed.status).toBe(2);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
  });
});
