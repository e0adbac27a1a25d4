import { Command } from 'commander';
import { resolveSettings } from '../../config/settings.js';
import { createTables } from '../../pipeline/schema.js';
import { openWarehouse, planWarehouse } from '../../warehouse/open-warehouse.js';
import { Reporter } from '../progress.js';
import { commonOptions } from './common.js';
import { formatPlan } from './dry-run.js';

export function createTablesCommand(): Command {
  return commonOptions(new Command('create-tables'))
    .description('create the staging tables and the star schema; refuses to touch tables holding data unless --drop')
    .option('--drop', 'drop the existing tables first (their data is lost)')
    .option('--dry-run', 'print the SQL it would run, in order, secrets masked; contacts no warehouse')
    .action(async (opts: { config?: string; warehouse?: string; drop?: boolean; quiet?: boolean; dryRun?: boolean }) => {
      const settings = await resolveSettings(opts);
      const planned = opts.dryRun ? await planWarehouse(settings.warehouse, settings.config) : undefined;
      const warehouse = planned?.warehouse ?? await openWarehouse(settings.warehouse, settings.config);
      const reporter = new Reporter(opts.quiet || planned !== undefined);
      try {
        const { dropped } = await createTables(warehouse, opts.drop === true);
        if (dropped.length > 0) reporter.log(`dropped ${dropped.join(', ')}`);
        reporter.log(`tables ready in ${warehouse.label}`);
        if (planned) process.stdout.write(formatPlan(warehouse.label, planned.recorder));
      } finally {
        await warehouse.close();
      }
    });
}
