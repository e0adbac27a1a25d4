import type { EtlSummary } from '../pipeline/etl.js';

const n = (value: number) => value.toLocaleString('en-US');

/** The human summary of a run: what was read, what was rejected, what the tables hold. */
export function formatSummary(s: EtlSummary): string {
  const pct = (s.match_rate * 100).toFixed(2);
  const lines = [
    `ETL finished in ${s.seconds.total} s — ${s.warehouse}`,
    `  read     ${n(s.song_files)} song files, ${n(s.event_files)} event files (${n(s.events_staged)} events) from ${s.source}`,
    `  skipped  ${n(s.files_skipped)} files already loaded${s.full_rebuild ? '; star schema rebuilt' : ''}`,
    `  rejects  ${n(s.rejects)}${s.rejects > 0 ? ' (details in the rejects table)' : ''}`,
    `  matched  ${n(s.songplays_matched)} of ${n(s.tables.songplays ?? 0)} songplays (${pct}%, ${s.match_mode} match)`,
    '  table        rows',
    ...Object.entries(s.tables).map(([table, rows]) => `  ${table.padEnd(10)} ${n(rows).padStart(12)}`),
    `  seconds  ${Object.entries(s.seconds).filter(([k]) => !k.startsWith('load_')).map(([k, v]) => `${k} ${v}`).join(', ')}`,
  ];
  return lines.join('\n');
}
