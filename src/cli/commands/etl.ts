import { Command, Option } from 'commander';
import { requireSource, resolveSettings } from '../../config/settings.js';
import { runEtl } from '../../pipeline/etl.js';
import { resolveS3Options } from '../../s3/s3-options.js';
import { openSource } from '../../source/open-source.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { formatSummary } from '../format-summary.js';
import { Reporter } from '../progress.js';
import { commonOptions } from './common.js';

export function etlCommand(): Command {
  return commonOptions(new Command('etl'))
    .description('stage the song files and event logs, then build the star schema (creates missing tables)')
    .option('--source <dir>', 'folder or s3://bucket/prefix holding song_data/ and log_data/ (env SPARKIFY_SOURCE)')
    .option('--s3-endpoint <url>', 'S3-compatible endpoint for s3:// sources (env AWS_ENDPOINT_URL_S3)')
    .option('--s3-path-style', 'path-style S3 addressing (env SPARKIFY_S3_PATH_STYLE=1; implied for IP and localhost endpoints)')
    .addOption(new Option('--match <mode>', 'how plays find their song: exact (the contract) or loose (trimmed, case-folded, ±1 s)').choices(['exact', 'loose']).default('exact'))
    .option('--json', 'print the summary as one JSON object on stdout')
    .action(async (opts: { config?: string; source?: string; warehouse?: string; json?: boolean; quiet?: boolean; match: 'exact' | 'loose'; s3Endpoint?: string; s3PathStyle?: boolean }) => {
      const settings = await resolveSettings(opts);
      const source = await openSource(requireSource(settings), { s3: resolveS3Options(opts, process.env, settings.config) });
      const warehouse = await openWarehouse(settings.warehouse, settings.config);
      const reporter = new Reporter(opts.quiet);
      try {
        const summary = await runEtl({ source, warehouse, reporter, match: opts.match });
        process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : `${formatSummary(summary)}\n`);
      } finally {
        await warehouse.close();
      }
    });
}
