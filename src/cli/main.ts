#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { UserError } from './errors.js';
import { checkCommand } from './commands/check.js';
import { clusterCommand } from './commands/cluster.js';
import { createTablesCommand } from './commands/create-tables.js';
import { demoCommand } from './commands/demo.js';
import { etlCommand } from './commands/etl.js';
import { generateCommand } from './commands/generate.js';
import { queryCommand } from './commands/query.js';
import { reportCommand } from './commands/report.js';

export function buildProgram(): Command {
  const program = new Command('sparkify')
    .description('Sparkify ETL v2: song files and event logs into a star schema on DuckDB, PostgreSQL or Redshift')
    .version('2.0.0')
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(createTablesCommand());
  program.addCommand(etlCommand());
  program.addCommand(checkCommand());
  program.addCommand(generateCommand());
  program.addCommand(demoCommand());
  program.addCommand(reportCommand());
  program.addCommand(queryCommand());
  program.addCommand(clusterCommand());
  return program;
}

/** Runs the CLI; resolves to the process exit code. User errors are one line, never a stack. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UserError) {
      process.stderr.write(`sparkify: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`sparkify: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
