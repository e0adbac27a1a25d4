// Benchmark: `sparkify etl` on PostgreSQL against a baseline of `psql \copy` (the same events and
// songs pre-converted to CSV) plus the same SQL transform; optionally the classic Python ETL.
//
//   npm run build
//   node bench/postgres.mjs DATA_DIR [--pg URL] [--runs N] [--classic DATA_DIR_SMALL]
//
// DATA_DIR holds song_data/ and log_data/ (`sparkify generate DATA_DIR --songs 15000 --events 1000000
// --users 1000`, as bench/run.mjs makes it). Ratios are what to record; absolute seconds depend on the machine.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => join(root, 'dist', p);
if (!existsSync(dist('cli/main.js'))) throw new Error('run `npm run build` first');
const { EVENT_FIELDS, SONG_FIELDS, ALL_TABLES, STAR_TABLES, userLevels } = await import(dist('sql/tables.js'));
const { transformSteps } = await import(dist('sql/transform.js'));
const { recordToRow } = await import(dist('records/coerce.js'));
const { PostgresDialect } = await import(dist('warehouse/postgres/postgres-dialect.js'));
const { LocalSource } = await import(dist('source/local-source.js'));
const { numberedLines } = await import(dist('records/lines.js'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const pgUrl = option('--pg', 'postgres://postgres@127.0.0.1:5432/test');
const runs = Number(option('--runs', '1'));
const classicDir = option('--classic', undefined);
const data = args[0];
if (!data) throw new Error('usage: node bench/postgres.mjs DATA_DIR [--pg URL] [--runs N] [--classic SMALL_DATA_DIR]');

function timed(label, command, argv, env = {}) {
  const started = performance.now();
  const result = spawnSync(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${label} failed: ${result.stderr}`);
  return { seconds, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

const psql = (sqlFile) => ['psql', [pgUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', sqlFile]];

async function sparkify(dir, schema) {
  const url = `${pgUrl}?schema=${schema}`;
  timed('create-tables', 'node', [dist('cli/main.js'), 'create-tables', '--drop', '--quiet', '--warehouse', url]);
  const run = timed('sparkify etl', 'node', [dist('cli/main.js'), 'etl', '--quiet', '--json', '--warehouse', url, '--source', dir]);
  return { seconds: run.seconds, summary: JSON.parse(run.stdout) };
}

/** CSV of the staging rows (same coercion as the ETL), written once, untimed. */
async function toCsv(dir, work) {
  const source = LocalSource.ofFolder(dir);
  const csv = (v) => (v === null ? '' : typeof v === 'string' ? `"${v.replace(/"/g, '""')}"` : String(v));
  const write = async (path, files, fields, perFile) => {
    const out = createWriteStream(path);
    let rows = 0;
    for (const file of files) {
      for await (const record of perFile(file)) {
        const parsed = recordToRow(record, fields, file.name);
        if (!('row' in parsed)) continue;
        rows++;
        if (!out.write(`${parsed.row.map(csv).join(',')}\n`)) await once(out, 'drain');
      }
    }
    out.end();
    await once(out, 'finish');
    return rows;
  };
  const songs = await write(join(work, 'songs.csv'), await source.songFiles(), SONG_FIELDS,
    async function* (file) { yield JSON.parse(await readFile(file.localPath, 'utf8')); });
  const events = await write(join(work, 'events.csv'), await source.eventFiles(), EVENT_FIELDS,
    async function* (file) { for await (const { text } of numberedLines(await file.open())) yield JSON.parse(text); });
  return { songs, events };
}

async function baseline(work, schema) {
  const d = new PostgresDialect(schema);
  const cols = (t) => t.columns.map((c) => `"${c.name}"`).join(', ');
  const [events, songs] = ['staging_events', 'staging_songs'].map((n) => ALL_TABLES.find((t) => t.name === n));
  await writeFile(join(work, 'setup.sql'), [`DROP SCHEMA IF EXISTS "${schema}" CASCADE;`, `${d.createSchema()};`,
    ...ALL_TABLES.map((t) => `${d.createTable(t)};`)].join('\n'));
  await writeFile(join(work, 'load.sql'), [
    '\\timing on',
    `TRUNCATE ${d.table('staging_events')}, ${d.table('staging_songs')};`,
    `\\copy ${d.table('staging_songs')} (${cols(songs)}) FROM '${join(work, 'songs.csv')}' WITH (FORMAT csv)`,
    `\\copy ${d.table('staging_events')} (${cols(events)}) FROM '${join(work, 'events.csv')}' WITH (FORMAT csv)`,
    `ANALYZE ${d.table('staging_events')}, ${d.table('staging_songs')};`, // as sparkify does after COPY
    'BEGIN;', ...[...STAR_TABLES, userLevels].reverse().map((t) => `${d.clearTable(t.name)};`),
    ...transformSteps(d, 'exact', { kind: 'full' }).map((s) => `${s.sql};`), 'COMMIT;',
  ].join('\n'));
  timed('baseline setup', ...psql(join(work, 'setup.sql')));
  const run = timed('psql baseline', ...psql(join(work, 'load.sql')));
  if (process.env.BENCH_VERBOSE) console.log(run.stdout.split('\n').filter((l) => l.startsWith('Time:')).map((l) => l.replace(/^Time: [\d.]+ ms \((.*)\)$/, '$1')).join(' | '));
  return run.seconds;
}

const work = await mkdtemp(join(tmpdir(), 'sparkify-bench-'));
// Schemas of this run only, so that two benchmarks on one server never drop each other's tables.
const schemaOf = (name) => `bench_${process.pid}_${name}`;
try {
  const converted = await toCsv(data, work);
  console.log(`input ${data}: ${converted.songs} songs, ${converted.events} events (CSV pre-converted, untimed)`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which side goes first, so that neither always runs on a warmer (or busier) machine.
    let base, ours;
    if (i % 2 === 0) { base = await baseline(work, schemaOf('baseline')); ours = await sparkify(data, schemaOf('sparkify')); }
    else { ours = await sparkify(data, schemaOf('sparkify')); base = await baseline(work, schemaOf('baseline')); }
    results.push({ base, ours: ours.seconds });
    console.log(`run ${i + 1}: psql \\copy + transform ${base.toFixed(1)} s, sparkify etl ${ours.seconds.toFixed(1)} s, ratio ${(ours.seconds / base).toFixed(2)}  (songplays ${ours.summary.tables.songplays}, steps ${JSON.stringify(ours.summary.seconds)})`);
  }
  const best = (k) => Math.min(...results.map((r) => r[k]));
  const ratios = results.map((r) => r.ours / r.base).sort((a, b) => a - b);
  const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
  console.log(`median of ${runs} paired runs: sparkify / baseline = ${median.toFixed(2)}; best of each side: ${(best('ours') / best('base')).toFixed(2)} (target <= 1.5)`);

  if (classicDir) {
    const ours = await sparkify(classicDir, schemaOf('sparkify_small'));
    const classic = timed('classic python', '/usr/bin/python3', [join(root, 'bench/classic_etl.py'), pgUrl, schemaOf('classic'), classicDir], {});
    console.log(`classic pandas+psycopg2 (one INSERT per row) on ${classicDir}: ${classic.seconds.toFixed(1)} s; sparkify ${ours.seconds.toFixed(1)} s; classic / sparkify = ${(classic.seconds / ours.seconds).toFixed(1)}x  ${classic.stderr.trim()}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
  const cleanup = join(work, '..', `cleanup-${Date.now()}.sql`);
  await writeFile(cleanup, ['baseline', 'sparkify', 'sparkify_small', 'classic'].map(schemaOf).map((s) => `DROP SCHEMA IF EXISTS "${s}" CASCADE;`).join('\n'));
  spawnSync(...psql(cleanup));
  await rm(cleanup, { force: true });
}
