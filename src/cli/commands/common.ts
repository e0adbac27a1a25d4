import type { Command } from 'commander';

/** The options every warehouse command takes. */
export function commonOptions(command: Command): Command {
  return command
    .option('--warehouse <spec>', 'DuckDB file path (default ./sparkify.duckdb), postgres://…, or redshift://… (env SPARKIFY_WAREHOUSE)')
    .option('--config <file>', 'dwh.cfg to read (default ./dwh.cfg when present; env SPARKIFY_CONFIG)')
    .option('-q, --quiet', 'no progress or log lines on stderr');
}
