import type { Warehouse } from '../warehouse/warehouse.js';
import { renderHtml } from './html.js';
import { collectReport, type Period, type ReportData } from './queries.js';
import { WEEKDAYS } from './sections.js';

export interface BuiltReport {
  data: ReportData;
  html: string;
}

export async function buildReport(warehouse: Warehouse, period: Period = {}, generatedAt = new Date()): Promise<BuiltReport> {
  const data = await collectReport(warehouse, period);
  const html = await renderHtml(data, { warehouse: warehouse.label, generatedAt });
  return { data, html };
}

const n = (value: number) => value.toLocaleString('en-US');

/** The few lines `sparkify report` prints on stdout. */
export function formatReportSummary(data: ReportData, out: string, bytes: number): string {
  const o = data.overview;
  const period = data.period.from || data.period.to ? `${data.period.from ?? 'start'} … ${data.period.to ?? 'end'}` : 'all data';
  const lines = [`Sparkify report (${period}) written to ${out} (${n(Math.round(bytes / 1024))} KB)`];
  if (o.plays === 0) {
    lines.push('  no plays in this period');
  } else {
    const busiest = <T extends { plays: number }>(rows: T[]) => rows.reduce((a, b) => (b.plays > a.plays ? b : a));
    const hour = busiest(data.byHour);
    const weekday = busiest(data.byWeekday);
    const level = (name: string) => data.levelShare.find((r) => r.level === name)?.plays ?? 0;
    lines.push(
      `  plays    ${n(o.plays)} by ${n(o.active_users)} users over ${n(data.daily.length)} days (${o.first_play?.slice(0, 10)} … ${o.last_play?.slice(0, 10)})`,
      `  matched  ${n(o.matched_plays)} (${((o.matched_plays / o.plays) * 100).toFixed(2)}%)`,
      `  busiest  ${String(hour.hour).padStart(2, '0')}:00 UTC (${n(hour.plays)} plays), ${WEEKDAYS[weekday.weekday - 1]} (${n(weekday.plays)} plays)`,
      `  paid     ${((level('paid') / o.plays) * 100).toFixed(1)}% of plays; ${n(data.users_changing_level)} users changed level`,
      `  top      ${data.topLocations[0]?.location ?? '—'} (${n(data.topLocations[0]?.plays ?? 0)} plays)`,
    );
  }
  const rejects = data.health.tables.find((t) => t.table === 'rejects')?.rows;
  const failed = data.health.checks.filter((c) => !c.passed);
  const checks = data.health.checks.length === 0 ? 'checks not run (tables missing)'
    : `checks ${data.health.checks.length - failed.length}/${data.health.checks.length} passed${failed.length ? ` (failed: ${failed.map((c) => c.name).join('; ')})` : ''}`;
  const run = data.health.lastRun?.row;
  lines.push(`  health   rejects ${rejects === null || rejects === undefined ? 'n/a' : n(rejects)}; ${checks}${run?.status ? `; last run ${run.status}${run.finished_at ? ` at ${run.finished_at}` : ''}` : ''}`);
  return lines.join('\n');
}
