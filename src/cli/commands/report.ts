import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { resolveSettings } from '../../config/settings.js';
import { buildReport, formatReportSummary } from '../../report/build-report.js';
import { parseDay, type Period } from '../../report/queries.js';
import { openWarehouse } from '../../warehouse/open-warehouse.js';
import { UserError } from '../errors.js';
import { Reporter } from '../progress.js';
import { commonOptions } from './common.js';

interface ReportOptions {
  config?: string;
  warehouse?: string;
  quiet?: boolean;
  out: string;
  from?: string;
  to?: string;
}

export function reportCommand(): Command {
  return commonOptions(new Command('report'))
    .description('write a self-contained HTML report with charts (no network needed to open it) and print a summary')
    .option('--out <file>', 'HTML file to write', 'report.html')
    .option('--from <date>', 'first day to include, YYYY-MM-DD (UTC)')
    .option('--to <date>', 'last day to include, YYYY-MM-DD (UTC)')
    .action(async (opts: ReportOptions) => {
      const period = parsePeriod(opts);
      const settings = await resolveSettings(opts);
      const reporter = new Reporter(opts.quiet);
      const warehouse = await openWarehouse(settings.warehouse, settings.config, { readOnly: true });
      try {
        reporter.log(`reading ${warehouse.label}`);
        const { data, html } = await buildReport(warehouse, period);
        await writeFile(opts.out, html);
        reporter.log(`wrote ${opts.out}`);
        process.stdout.write(`${formatReportSummary(data, opts.out, Buffer.byteLength(html))}\n`);
      } finally {
        await warehouse.close();
      }
    });
}

function parsePeriod(opts: { from?: string; to?: string }): Period {
  try {
    const period: Period = {};
    if (opts.from !== undefined) period.from = parseDay(opts.from, '--from');
    if (opts.to !== undefined) period.to = parseDay(opts.to, '--to');
    if (period.from && period.to && period.from > period.to) throw new RangeError(`--from ${period.from} is after --to ${period.to}`);
    return period;
  } catch (error) {
    throw new UserError((error as Error).message);
  }
}
