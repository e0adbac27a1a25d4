import type { SqlRecorder } from '../../warehouse/dry-run.js';

/** The plan a dry run prints on stdout: the statements in order, secrets already masked. */
export function formatPlan(label: string, recorder: SqlRecorder): string {
  return [
    `-- dry run for ${label}: nothing was sent to the warehouse.`,
    '-- Queries return no rows in a dry run, so statements that depend on their results (dropping',
    '-- existing tables, reading back counts) are shown as they would run on an empty warehouse.',
    '',
    recorder.toString(),
    '',
  ].join('\n');
}
