import { Command, Option } from 'commander';
import { requireSource, resolveSettings } from '../../config/settings.js';
import { runEtl } from '../../pipeline/etl.js';
import { resolveS3Options } from '../../s3/s3-options.js';
import { openSource } from '../../source/open-source.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { formatSummary } from '../format-summary.js';
import { Reporter } from '../progress.js';
import { commonOptions, wholeNumber } from './common.js';

interface EtlFlags {
  config?: string;
  source?: string;
  warehouse?: string;
  json?: boolean;
  quiet?: boolean;
  match: 'exact' | 'loose';
  fullRefresh?: boolean;
  maxErrors?: number;
  s3Endpoint?: string;
  s3PathStyle?: boolean;
}

export function etlCommand(): Command {
  return commonOptions(new Command('etl'))
    .description('load new or changed song files and event logs, then bring the star schema up to date (creates missing tables)')
    .option('--source <dir>', 'folder or s3://bucket/prefix holding song_data/ and log_data/ (env SPARKIFY_SOURCE)')
    .option('--s3-endpoint <url>', 'S3-compatible endpoint for s3:// sources (env AWS_ENDPOINT_URL_S3)')
    .option('--s3-path-style', 'path-style S3 addressing (env SPARKIFY_S3_PATH_STYLE=1; implied for IP and localhost endpoints)')
    .addOption(new Option('--match <mode>', 'how plays find their song: exact (the contract) or loose (trimmed, case-folded, ±1 s)').choices(['exact', 'loose']).default('exact'))
    .option('--full-refresh', 'reload every file and rebuild every table, ignoring what was loaded before')
    .option('--max-errors <n>', 'fail, publishing nothing, when more than n records are rejected (like Redshift MAXERROR)', wholeNumber)
    .option('--json', 'print the summary as one JSON object on stdout')
    .action(async (flags: EtlFlags) => {
      const settings = await resolveSettings(flags);
      const source = await openSource(requireSource(settings), { s3: resolveS3Options(flags, process.env, settings.config) });
      const warehouse = await openWarehouse(settings.warehouse, settings.config);
      const reporter = new Reporter(flags.quiet);
      try {
        const summary = await runEtl({
          source, warehouse, reporter, match: flags.match, fullRefresh: flags.fullRefresh,
          maxErrors: flags.maxErrors ?? settings.config.WAREHOUSE?.MAX_ERRORS,
        });
        process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
