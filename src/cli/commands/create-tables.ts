import { Command } from 'commander';
import { resolveSettings } from '../../config/settings.js';
import { createTables } from '../../pipeline/schema.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { Reporter } from '../progress.js';
import { commonOptions } from './common.js';

export function createTablesCommand(): Command {
  return commonOptions(new Command('create-tables'))
    .description('create the staging tables and the star schema; refuses to touch tables holding data unless --drop')
    .option('--drop', 'drop the existing tables first (their data is lost)')
    .action(async (opts: { config?: string; warehouse?: string; drop?: boolean; quiet?: boolean }) => {
      const settings = await resolveSettings(opts);
      const warehouse = await openWarehouse(settings.warehouse, settings.config);
      const reporter = new Reporter(opts.quiet);
      try {
        const { dropped } = await createTables(warehouse, opts.drop === true);
        if (dropped.length > 0) reporter.log(`dropped ${dropped.join(', ')}`);
        reporter.log(`tables ready in ${warehouse.label}`);
      } finally {
        await warehouse.close();
      }
    });
}
