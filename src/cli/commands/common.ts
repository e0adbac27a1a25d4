import { InvalidArgumentError, type Command } from 'commander';

/** The options every warehouse command takes. */
export function commonOptions(command: Command): Command {
  return command
    .option('--warehouse <spec>', 'DuckDB file path (default ./sparkify.duckdb), postgres://…, or redshift://… (env SPARKIFY_WAREHOUSE)')
    .option('--config <file>', 'dwh.cfg to read (default ./dwh.cfg when present; env SPARKIFY_CONFIG)')
    .option('-q, --quiet', 'no progress or log lines on stderr');
}

/** Commander parser for options that take a count. */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number (0, 1, 2, …)');
  return Number(value);
}

/** Commander parser for a share between 0 and 1. */
export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}
