import { Command, InvalidArgumentError, Option } from 'commander';
import { resolveSettings } from '../../config/settings.js';
import { formatRows, type RowFormat } from '../../query/format-rows.js';
import { runReadOnlyQuery } from '../../query/run-query.js';
import { UnsafeSqlError } from '../../query/read-only-sql.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { UserError } from '../errors.js';
import { Reporter } from '../progress.js';
import { commonOptions } from './common.js';

export const DEFAULT_LIMIT = 10_000;

interface QueryOptions {
  config?: string;
  warehouse?: string;
  quiet?: boolean;
  format: RowFormat;
  limit: number;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

export function queryCommand(): Command {
  return commonOptions(new Command('query'))
    .description('run one read-only SQL statement (SELECT, WITH, EXPLAIN, SHOW, DESCRIBE) and print the result')
    .argument('<sql>', 'the statement, in quotes')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--limit <rows>', 'print at most this many rows', positiveInt, DEFAULT_LIMIT)
    .action(async (sql: string, opts: QueryOptions) => {
      const settings = await resolveSettings(opts);
      const reporter = new Reporter(opts.quiet);
      const warehouse = await openWarehouse(settings.warehouse, settings.config, { readOnly: true });
      try {
        const { rows, truncated } = await runReadOnlyQuery(warehouse, sql, opts.limit);
        process.stdout.write(formatRows(rows, opts.format));
        if (truncated) {
          reporter.log(`showing the first ${opts.limit.toLocaleString('en-US')} rows; there are more (raise --limit, or aggregate in SQL)`);
        }
      } catch (error) {
        if (error instanceof UnsafeSqlError) throw new UserError(`query refused: ${error.message}`);
        if (error instanceof UserError) throw error;
        // The engine's own message (syntax error, unknown table, read-only violation) is for the user.
        throw new UserError(`query failed: ${(error as Error).message.split('\n')[0]}`);
      } finally {
        await warehouse.close();
      }
    });
}
