import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { generateSample } from '../../generate/generate.js';
import { runEtl } from '../../pipeline/etl.js';
import { LocalSource } from '../../source/local-source.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { formatSummary } from '../format-summary.js';
import { Reporter } from '../progress.js';

/** Sizes of the sample `npm start` makes: big enough to show every quirk, done in seconds. */
const SAMPLE = { songs: 2_000, events: 100_000, users: 200, days: 30, seed: 42 };

/** `npm start`: a working warehouse from nothing — a generated sample, then the whole ETL on DuckDB. */
export function demoCommand(): Command {
  return new Command('demo')
    .description(`generate a sample into ./sample-data if none exists (${SAMPLE.events.toLocaleString('en-US')} events, ${SAMPLE.songs.toLocaleString('en-US')} songs) and run the ETL into ./sparkify.duckdb`)
    .option('--data <dir>', 'where the sample is (or is made)', './sample-data')
    .option('--warehouse <file>', 'DuckDB file to load', './sparkify.duckdb')
    .option('-q, --quiet', 'no progress or log lines on stderr')
    .action(async (flags: { data: string; warehouse: string; quiet?: boolean }) => {
      const reporter = new Reporter(flags.quiet);
      if (!existsSync(flags.data)) {
        reporter.log(`generating a sample into ${flags.data}`);
        const report = await generateSample(flags.data, SAMPLE, reporter.counter('generating', 'events', SAMPLE.events));
        reporter.log(`generated ${report.songFiles.toLocaleString('en-US')} song files and ${report.events.toLocaleString('en-US')} events in ${report.logFiles} daily logs`);
      } else {
        reporter.log(`using the sample in ${flags.data}`);
      }
      const warehouse = await openWarehouse(flags.warehouse);
      try {
        const summary = await runEtl({ source: LocalSource.ofFolder(flags.data), warehouse, reporter });
        process.stdout.write(`${formatSummary(summary)}\n`);
        reporter.log(`next: sparkify check, sparkify report --out report.html, or sparkify query "SELECT …" (all take --warehouse ${flags.warehouse})`);
      } finally {
        await warehouse.close();
      }
    });
}
