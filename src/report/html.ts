import { renderSvg } from './charts.js';
import type { ReportData } from './queries.js';
import { chartSections, type DataTable } from './sections.js';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const n = (value: number) => value.toLocaleString('en-US');

function cell(value: string | number | null): string {
  if (value === null) return '<span class="null">—</span>';
  return escapeHtml(typeof value === 'number' ? n(value) : value);
}

function dataTable(caption: string, t: DataTable): string {
  if (t.rows.length === 0) return '';
  const head = t.columns.map((c, i) => `<th scope="col"${t.numeric[i] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows.map((r) => `<tr>${r.map((v, i) => `<td${t.numeric[i] ? ' class="num"' : ''}>${cell(v)}</td>`).join('')}</tr>`).join('\n');
  return `<details class="numbers"${t.rows.length <= 12 ? ' open' : ''}><summary>The numbers (${n(t.rows.length)} rows)</summary>
<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></details>`;
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
header { background: #1d2330; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #c9cfdb; font-size: 13px; }
main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 40px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 20px; }
.kpi { background: #fff; border-radius: 8px; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.kpi .value { font-size: 24px; font-weight: 600; }
.kpi .label { font-size: 12px; color: #5b6475; text-transform: uppercase; letter-spacing: .04em; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 16px; }
section { background: #fff; border-radius: 8px; padding: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); overflow-x: auto; }
section h2 { font-size: 16px; margin: 0 0 4px; }
section p.desc { margin: 0 0 8px; font-size: 13px; color: #5b6475; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
.no-data { padding: 24px; text-align: center; color: #5b6475; background: #f1f2f5; border-radius: 6px; }
.note { font-size: 12px; color: #5b6475; }
details.numbers summary { cursor: pointer; font-size: 12px; margin-top: 6px; }
table { border-collapse: collapse; font-size: 12px; margin-top: 6px; width: 100%; }
caption { text-align: left; font-size: 12px; color: #5b6475; padding-bottom: 4px; }
th, td { border-bottom: 1px solid #e4e6eb; padding: 3px 8px; text-align: left; }
th { background: #f1f2f5; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.ok { color: #2e7d32; font-weight: 600; } .fail { color: #c62828; font-weight: 600; }
.null { color: #9aa1ad; }
`;

export interface RenderOptions {
  warehouse: string;
  generatedAt: Date;
}

/** One self-contained HTML page: inline CSS, charts as inline SVG, no script, no external URL. */
export async function renderHtml(data: ReportData, options: RenderOptions): Promise<string> {
  const { overview: o } = data;
  const period = data.period.from || data.period.to
    ? `${data.period.from ?? 'start'} … ${data.period.to ?? 'end'}`
    : 'all data';
  const span = o.first_play && o.last_play ? `${o.first_play.slice(0, 16)} … ${o.last_play.slice(0, 16)} UTC` : 'no plays';
  const kpis = [
    ['Plays', n(o.plays)],
    ['Active users', n(o.active_users)],
    ['Matched plays', `${n(o.matched_plays)} (${o.plays > 0 ? ((o.matched_plays / o.plays) * 100).toFixed(2) : '0.00'}%)`],
    ['Days with plays', n(data.daily.length)],
    ['Users changing level', n(data.users_changing_level)],
  ];

  const sections: string[] = [];
  for (const s of chartSections(data)) {
    const figure = s.spec
      ? `<figure id="chart-${s.id}" class="chart" aria-label="${escapeHtml(s.title)}">${await renderSvg(s.spec)}</figure>`
      : `<p class="no-data" id="chart-${s.id}">No data for this chart${o.plays === 0 ? ': the warehouse has no plays in this period' : ''}.</p>`;
    sections.push(`<section aria-labelledby="h-${s.id}">
<h2 id="h-${s.id}">${escapeHtml(s.title)}</h2>
<p class="desc">${escapeHtml(s.description)}</p>
${figure}
${s.note ? `<p class="note">${escapeHtml(s.note)}</p>` : ''}
${dataTable(s.title, s.table)}
</section>`);
  }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sparkify report — ${escapeHtml(period)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Sparkify listening report</h1>
<p>Warehouse ${escapeHtml(options.warehouse)} · period: ${escapeHtml(period)} · plays ${escapeHtml(span)} · generated ${escapeHtml(options.generatedAt.toISOString().slice(0, 19).replace('T', ' '))} UTC</p>
</header>
<main>
<div class="kpis">
${kpis.map(([label, value]) => `<div class="kpi"><div class="value">${escapeHtml(value!)}</div><div class="label">${escapeHtml(label!)}</div></div>`).join('\n')}
</div>
${o.plays === 0 ? '<p class="no-data" id="no-plays">No plays in this warehouse for this period. Load data with <code>sparkify etl</code>, or widen --from/--to.</p>' : ''}
<div class="grid">
${sections.join('\n')}
${healthPanel(data)}
</div>
</main>
</body>
</html>
`;
}

function healthPanel(data: ReportData): string {
  const { tables, rejects, checks, lastRun } = data.health;
  const tableRows = tables.map((t) =>
    `<tr><td>${escapeHtml(t.table)}</td><td class="num">${t.rows === null ? '<span class="null">missing</span>' : n(t.rows)}</td></tr>`).join('\n');
  const rejectTotal = tables.find((t) => t.table === 'rejects')?.rows ?? 0;
  const rejectRows = rejects.map((r) => `<tr><td>${escapeHtml(r.reason)}</td><td class="num">${n(r.rejects)}</td></tr>`).join('\n');
  const checkRows = checks.map((c) =>
    `<tr><td>${escapeHtml(c.name)}</td><td class="${c.passed ? 'ok' : 'fail'}">${c.passed ? 'pass' : 'FAIL'}</td><td>${escapeHtml(c.detail)}</td></tr>`).join('\n');
  const run = lastRun
    ? `<table><caption>Last run (latest row of ${escapeHtml(lastRun.table)})</caption><tbody>${Object.entries(lastRun.row)
      .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v === null ? '<span class="null">—</span>' : escapeHtml(v)}</td></tr>`).join('\n')}</tbody></table>`
    : '<p class="note" id="no-runs">No run recorded: this warehouse has no <code>etl_runs</code> table (or it is empty).</p>';
  return `<section id="health" aria-labelledby="h-health">
<h2 id="h-health">Warehouse health</h2>
<p class="desc">Row counts, rejected input records, integrity checks and the last recorded run.</p>
<table><caption>Row counts</caption><thead><tr><th scope="col">Table</th><th scope="col" class="num">Rows</th></tr></thead><tbody>
${tableRows}
</tbody></table>
<table><caption>Rejected records: ${n(rejectTotal)}${rejects.length >= 10 ? ' (top 10 reasons)' : ''}</caption><thead><tr><th scope="col">Reason</th><th scope="col" class="num">Rejects</th></tr></thead><tbody>
${rejectRows || '<tr><td colspan="2">none</td></tr>'}
</tbody></table>
<table><caption>Data-quality checks (as <code>sparkify check</code>)</caption><thead><tr><th scope="col">Check</th><th scope="col">Result</th><th scope="col">Numbers</th></tr></thead><tbody>
${checkRows || '<tr><td colspan="3">not run: the warehouse tables are missing</td></tr>'}
</tbody></table>
${run}
</section>`;
}
