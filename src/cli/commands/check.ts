import { Command } from 'commander';
import { formatChecks, runChecks } from '../../checks/checks.js';
import { resolveSettings } from '../../config/settings.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { UserError } from '../errors.js';
import { commonOptions, fraction, wholeNumber } from './common.js';

export function checkCommand(): Command {
  return commonOptions(new Command('check'))
    .description('run the data-quality checks: unique, non-null keys; every reference resolves; songplays = staged plays; match rate; rejects')
    .option('--max-errors <n>', 'fail when the latest run rejected more than n records', wholeNumber)
    .option('--min-match-rate <share>', 'fail when fewer than this share of plays (0–1) matched a song', fraction)
    .option('--json', 'print the results as JSON on stdout')
    .action(async (flags: { config?: string; warehouse?: string; json?: boolean; maxErrors?: number; minMatchRate?: number }) => {
      const settings = await resolveSettings(flags);
      const warehouse = await openWarehouse(settings.warehouse, settings.config);
      try {
        const results = await runChecks(warehouse, {
          maxErrors: flags.maxErrors ?? settings.config.WAREHOUSE?.MAX_ERRORS, minMatchRate: flags.minMatchRate,
        });
        process.stdout.write(flags.json ? `${JSON.stringify(results)}\n` : `${formatChecks(results)}\n`);
        const failed = results.filter((r) => !r.passed).length;
        if (failed > 0) throw new UserError(`${failed} of ${results.length} checks failed`, 3);
      } finally {
        await warehouse.close();
      }
    });
}
