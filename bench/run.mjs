// Benchmarks for the DuckDB pipeline, each side by side with its baseline in the same run.
//   node bench/run.mjs [--events 1000000] [--songs 15000] [--big-events 4000000] [--repeat 3] [--memory-limit 512MB]
// Ratios matter, not seconds: the machine is shared. Results: bench/README.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const EVENTS = arg('--events', 1_000_000);
const SONGS = arg('--songs', 15_000);
const BIG_EVENTS = arg('--big-events', 4_000_000);
const REPEAT = arg('--repeat', 3);
const MEMORY_LIMIT = process.argv.includes('--memory-limit') ? process.argv[process.argv.indexOf('--memory-limit') + 1] : undefined;
const OUT = resolve('bench/out');
const CLI = resolve('dist/cli/main.js');
mkdirSync(OUT, { recursive: true });

function data(events, songs) {
  const dir = join(OUT, `data-e${events}-s${songs}`);
  if (!existsSync(join(dir, 'log_data'))) {
    run(process.execPath, [CLI, 'generate', dir, '--events', String(events), '--songs', String(songs), '--users', '1000', '--quiet']);
  }
  return dir;
}

/** A source folder showing only one kind of file, so a step can be timed on its own. */
function view(dir, kind) {
  const v = `${dir}-only-${kind}`;
  if (!existsSync(v)) {
    mkdirSync(v);
    for (const sub of ['song_data', 'log_data']) {
      if ((kind === 'songs') === (sub === 'song_data')) symlinkSync(join(dir, sub), join(v, sub));
      else mkdirSync(join(v, sub));
    }
  }
  return v;
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

function wall(cmd, args) {
  const started = performance.now();
  run(cmd, args);
  return (performance.now() - started) / 1000;
}

function fresh(name) {
  const path = join(OUT, name);
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
  return path;
}

/** Our etl in a measured process: its summary, wall time and peak RSS; `config` a dwh.cfg to use. */
function ours(source, config) {
  const r = run(process.execPath, ['bench/measure.mjs', CLI, 'etl', '--source', source, '--warehouse', fresh('ours.duckdb'), '--quiet', '--json', ...(config ? ['--config', config] : [])]);
  return { ...JSON.parse(r.output[3]), summary: JSON.parse(r.stdout) };
}

function baseline(source) {
  const r = run(process.execPath, ['bench/measure.mjs', 'bench/duckdb-baseline.mjs', source, fresh('baseline.duckdb')]);
  return JSON.parse(r.output[3]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
const record = (what, oursValue, baseValue, unit, baselineName) => {
  rows.push({ what, ours: oursValue, baseline: baseValue, ratio: oursValue / baseValue, unit, baselineName });
  console.error(`${what}: ours ${oursValue.toFixed(2)} ${unit}, ${baselineName} ${baseValue.toFixed(2)} ${unit}, ratio ${(oursValue / baseValue).toFixed(2)}`);
};

const dir = data(EVENTS, SONGS);
const songsView = view(dir, 'songs');
const eventsView = view(dir, 'events');
wall('bash', ['-c', `find ${dir} -type f -print0 | xargs -0 cat > /dev/null`]); // warm the page cache

const cat = [], songStage = [], duckSongs = [], eventStage = [], duckEvents = [];
for (let i = 0; i < REPEAT; i++) {
  cat.push(wall('bash', ['-c', `find ${dir}/song_data -name '*.json' -print0 | xargs -0 cat > /dev/null`]));
  const s = ours(songsView).summary.seconds;
  songStage.push(s.list + s.stage_songs);
  duckSongs.push(JSON.parse(run(process.execPath, ['bench/duckdb-read.mjs', 'songs', dir, fresh('read.duckdb')]).stdout).seconds);
  eventStage.push(ours(eventsView).summary.seconds.stage_events);
  duckEvents.push(JSON.parse(run(process.execPath, ['bench/duckdb-read.mjs', 'events', dir, fresh('read.duckdb')]).stdout).seconds);
}
record(`stage ${SONGS} song files (list + stage)`, median(songStage), median(cat), 's', 'find | xargs cat');
record(`reference: DuckDB's own read_json over ${SONGS} song files (not used)`, median(duckSongs), median(cat), 's', 'find | xargs cat');
record(`stage ${EVENTS} events`, median(eventStage), median(duckEvents), 's', 'DuckDB read_ndjson INSERT');

function whole(source, label) {
  const o = [], b = [];
  for (let i = 0; i < REPEAT; i++) {
    // Alternate the order so neither side always runs on a warmer machine.
    if (i % 2 === 0) { o.push(ours(source)); b.push(baseline(source)); } else { b.push(baseline(source)); o.push(ours(source)); }
  }
  record(`whole etl, ${label}`, median(o.map((r) => r.seconds)), median(b.map((r) => r.seconds)), 's', 'DuckDB SQL script');
  record(`peak RSS, ${label}`, median(o.map((r) => r.maxRssMb)), median(b.map((r) => r.maxRssMb)), 'MB', 'DuckDB SQL script');
  if (MEMORY_LIMIT) {
    const config = join(OUT, 'capped.cfg');
    writeFileSync(config, `[WAREHOUSE]\nMEMORY_LIMIT=${MEMORY_LIMIT}\n`);
    const capped = ours(source, config);
    record(`peak RSS, ${label}, [WAREHOUSE] MEMORY_LIMIT=${MEMORY_LIMIT}`, capped.maxRssMb, median(b.map((r) => r.maxRssMb)), 'MB', 'DuckDB SQL script');
    record(`whole etl, ${label}, [WAREHOUSE] MEMORY_LIMIT=${MEMORY_LIMIT}`, capped.seconds, median(b.map((r) => r.seconds)), 's', 'DuckDB SQL script');
    cappedRss.push(capped.maxRssMb);
  }
  return median(o.map((r) => r.maxRssMb));
}
const cappedRss = [];
const rss1 = whole(dir, `${EVENTS} events + ${SONGS} songs`);
if (BIG_EVENTS > 0) {
  const rss4 = whole(data(BIG_EVENTS, SONGS), `${BIG_EVENTS} events + ${SONGS} songs`);
  rows.push({ what: `peak RSS growth ${EVENTS} → ${BIG_EVENTS} events`, ours: rss4, baseline: rss1, ratio: rss4 / rss1, unit: 'MB', baselineName: `ours at ${EVENTS}` });
  if (cappedRss.length === 2) {
    rows.push({ what: `peak RSS growth ${EVENTS} → ${BIG_EVENTS} events, MEMORY_LIMIT=${MEMORY_LIMIT}`, ours: cappedRss[1], baseline: cappedRss[0], ratio: cappedRss[1] / cappedRss[0], unit: 'MB', baselineName: `ours at ${EVENTS}` });
  }
}

const table = ['| measurement | ours | baseline | ratio |', '|---|---|---|---|',
  ...rows.map((r) => `| ${r.what} | ${r.ours.toFixed(2)} ${r.unit} | ${r.baseline.toFixed(2)} ${r.unit} (${r.baselineName}) | ${r.ratio.toFixed(2)}× |`)];
console.log(table.join('\n'));
writeFileSync(join(OUT, `results-${new Date().toISOString().replace(/[:.]/g, '')}.json`), JSON.stringify(rows, null, 2));
