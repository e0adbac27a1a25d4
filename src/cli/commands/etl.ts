import { Command, Option } from 'commander';
import { requireSource, resolveSettings } from '../../config/settings.js';
import { runEtl } from '../../pipeline/etl.js';
import { resolveS3Options } from '../../s3/s3-options.js';
import { isS3Url } from '../../s3/s3-url.js';
import { UserError } from '../errors.js';
import { openSource } from '../../source/open-source.js';
import { isS3Setting, s3PrefixSource } from '../../source/s3-location.js';
import { openWarehouse, planWarehouse } from '../../warehouse/open-warehouse.js';
import { formatSummary } from '../format-summary.js';
import { Reporter } from '../progress.js';
import { commonOptions, wholeNumber } from './common.js';
import { formatPlan } from './dry-run.js';

interface EtlFlags {
  config?: string;
  source?: string;
  warehouse?: string;
  json?: boolean;
  quiet?: boolean;
  dryRun?: boolean;
  match: 'exact' | 'loose';
  fullRefresh?: boolean;
  maxErrors?: number;
  lockWait: number;
  s3Endpoint?: string;
  s3PathStyle?: boolean;
  staging?: string;
  compact?: boolean;
  keepStaging?: boolean;
}

function stagingS3Url(value: string): string {
  if (!isS3Url(value)) throw new UserError(`the staging prefix must be an s3:// URL, not ${JSON.stringify(value)}`);
  return value.endsWith('/') ? value : `${value}/`;
}

export function etlCommand(): Command {
  return commonOptions(new Command('etl'))
    .description('load new or changed song files and event logs, then bring the star schema up to date (creates missing tables)')
    .option('--source <dir>', 'folder or s3://bucket/prefix holding song_data/ and log_data/ (env SPARKIFY_SOURCE)')
    .option('--s3-endpoint <url>', 'S3-compatible endpoint for s3:// sources (env AWS_ENDPOINT_URL_S3)')
    .option('--s3-path-style', 'path-style S3 addressing (env SPARKIFY_S3_PATH_STYLE=1; implied for IP and localhost endpoints)')
    .option('--staging <s3url>', 'Redshift: where local (or --compact) input is staged as gzip parts for COPY (dwh.cfg [S3] STAGING)')
    .option('--compact', 'Redshift: compact an S3 source of many small files into a few parts before COPY')
    .option('--keep-staging', 'Redshift: leave the compacted parts on S3 after the load')
    .addOption(new Option('--match <mode>', 'how plays find their song: exact (the contract) or loose (trimmed, case-folded, ±1 s)').choices(['exact', 'loose']).default('exact'))
    .option('--full-refresh', 'reload every file and rebuild every table, ignoring what was loaded before')
    .option('--max-errors <n>', 'fail, publishing nothing, when more than n records are rejected (like Redshift MAXERROR)', wholeNumber)
    .option('--lock-wait <seconds>', 'how long to wait for another run on the same PostgreSQL/Redshift warehouse', wholeNumber, 30)
    .option('--json', 'print the summary as one JSON object on stdout')
    .option('--dry-run', 'print the SQL it would run, in order, secrets masked; contacts no warehouse and loads no data')
    .action(async (flags: EtlFlags) => {
      const settings = await resolveSettings(flags);
      const sourceSetting = requireSource(settings);
      const planned = flags.dryRun ? await planWarehouse(settings.warehouse, settings.config) : undefined;
      const warehouse = planned?.warehouse ?? await openWarehouse(settings.warehouse, settings.config);
      const reporter = new Reporter(flags.quiet || planned !== undefined);
      try {
        const s3 = resolveS3Options(flags, process.env, settings.config);
        // A warehouse that COPYs from S3 itself (Redshift) needs only the prefixes, not a listing.
        const source = isS3Setting(sourceSetting) && warehouse.copyFromS3 && !flags.compact
          ? s3PrefixSource(sourceSetting)
          : await openSource(sourceSetting, { s3 });
        const stagingUrl = flags.staging ?? settings.config.S3?.STAGING;
        const summary = await runEtl({
          source, warehouse, reporter, match: flags.match, fullRefresh: flags.fullRefresh,
          maxErrors: flags.maxErrors ?? settings.config.WAREHOUSE?.MAX_ERRORS, lockWaitMs: flags.lockWait * 1000,
          compact: flags.compact,
          staging: stagingUrl === undefined ? undefined : {
            url: stagingS3Url(stagingUrl), slices: settings.config.WAREHOUSE?.SLICES, s3, keep: flags.keepStaging, planOnly: planned !== undefined,
          },
        });
        if (planned) process.stdout.write(formatPlan(warehouse.label, planned.recorder));
        else process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
