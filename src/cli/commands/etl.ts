import { Command, Option } from 'commander';
import { requireSource, resolveSettings } from '../../config/settings.js';
import { runEtl } from '../../pipeline/etl.js';
import { openSource } from '../../source/open-source.js';
import { isS3Setting, s3PrefixSource } from '../../source/s3-location.js';
import { openWarehouse, planWarehouse } from '../../warehouse/open-warehouse.js';
import { formatSummary } from '../format-summary.js';
import { Reporter } from '../progress.js';
import { commonOptions } from './common.js';
import { formatPlan } from './dry-run.js';

interface EtlFlags {
  config?: string;
  source?: string;
  warehouse?: string;
  json?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  match: 'exact' | 'loose';
}

export function etlCommand(): Command {
  return commonOptions(new Command('etl'))
    .description('stage the song files and event logs, then build the star schema (creates missing tables)')
    .option('--source <dir>', 'folder holding song_data/ and log_data/ (env SPARKIFY_SOURCE)')
    .addOption(new Option('--match <mode>', 'how plays find their song: exact (the contract) or loose (trimmed, case-folded, ±1 s)').choices(['exact', 'loose']).default('exact'))
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--dry-run', 'print the SQL it would run, in order, secrets masked; contacts no warehouse and reads no data')
    .action(async (opts: EtlFlags) => {
      const settings = await resolveSettings(opts);
      const sourceSetting = requireSource(settings);
      const planned = opts.dryRun ? await planWarehouse(settings.warehouse, settings.config) : undefined;
      const warehouse = planned?.warehouse ?? await openWarehouse(settings.warehouse, settings.config);
      const reporter = new Reporter(opts.quiet || planned !== undefined);
      try {
        // A warehouse that COPYs from S3 itself (Redshift) needs only the prefixes, not a listing.
        const source = isS3Setting(sourceSetting) && warehouse.copyFromS3
          ? s3PrefixSource(sourceSetting) : await openSource(sourceSetting);
        const summary = await runEtl({ source, warehouse, reporter, match: opts.match });
        if (planned) process.stdout.write(formatPlan(warehouse.label, planned.recorder));
        else process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
