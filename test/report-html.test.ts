import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../src/cli/commands/report.js';
import { UserError } from '../src/cli/errors.js';
import { createTables } from '../src/pipeline/schema.js';
import { buildReport } from '../src/report/build-report.js';
import { chartSections } from '../src/report/sections.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { hasSample, loadSample, tempDir } from './report-helpers.js';
import { captureOutput } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`\n!!! SKIPPING the headless browser test of the report: ${CHROMIUM} is missing (apt-get install -y chromium) !!!\n`);

/** What a self-contained page must not contain: anything that would fetch. */
function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\b(?:src|href|action|poster|srcset)\s*=\s*["']?([^"'\s>]+)/gi)) found.push(m[0]);
  for (const m of html.matchAll(/url\(|@import|@font-face|<script|<link|<iframe|<img/gi)) found.push(m[0]);
  // xmlns declarations are names, not requests; any other http(s) URL is suspect.
  for (const m of html.replace(/xmlns(?::\w+)?="[^"]*"/g, '').matchAll(/https?:\/\/[^\s"'<]+/g)) found.push(m[0]);
  return found;
}

const capture = (work: () => Promise<unknown>) => captureOutput(work);

describe.skipIf(!hasSample)('the report built from the public sample', () => {
  const dir = tempDir('report-html');
  const path = join(dir, 'sample.duckdb');
  const out = join(dir, 'report.html');
  let html = '';
  let stdout = '';

  beforeAll(async () => {
    const warehouse = await loadSample(path);
    await warehouse.close();
    ({ out: stdout } = await capture(() => reportCommand().exitOverride().parseAsync(['--warehouse', path, '--out', out, '-q'], { from: 'user' })));
    html = readFileSync(out, 'utf8');
  });

  it('prints a short summary on stdout', () => {
    expect(stdout).toContain(`written to ${out}`);
    expect(stdout).toMatch(/plays +6,820 by 96 users over 30 days \(2018-11-01 … 2018-11-30\)/);
    expect(stdout).toMatch(/matched +1 \(0\.01%\)/);
    expect(stdout).toMatch(/8 users changed level/);
    expect(stdout).toMatch(/rejects 0; checks (\d+)\/\1 passed; last run succeeded at 20\d\d-/);
    expect(stdout.split('\n').length).toBeLessThan(12);
  });

  it('holds the figures, a chart and a data table per section, and the health panel', () => {
    expect(html).toContain('<div class="value">6,820</div>');
    expect(html).toContain('<div class="value">96</div>');
    expect(html).toContain('Setanta matins');
    expect(html).toContain('San Francisco-Oakland-Hayward, CA');
    expect(html).toMatch(/<td>users<\/td><td class="num">97<\/td>/);
    expect(html).toMatch(/<td>time<\/td><td class="num">6,813<\/td>/);
    const figures = html.match(/<figure id="chart-[a-z-]+" class="chart"/g) ?? [];
    expect(figures).toHaveLength(10);
    expect(html.match(/<svg /g)).toHaveLength(10);
    expect(html.match(/<table><caption>/g)!.length).toBeGreaterThanOrEqual(13);
    expect(html).toContain('Last run (latest row of etl_runs)');
    expect(html).toMatch(/<td>song match rate<\/td><td class="ok">pass<\/td><td>1 of 6,820 plays matched/);
    expect(html).not.toContain('class="fail"');
    expect(html).not.toContain('class="no-data"');
  });

  it('is self-contained: no script, no external URL, no font or stylesheet link', () => {
    expect(externalReferences(html)).toEqual([]);
    expect(Buffer.byteLength(html)).toBeLessThan(600_000);
  });

  it.skipIf(!hasChromium)('renders in headless Chromium: marks in every chart, no console error, no request but the file', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      const url = pathToFileURL(out).href;
      await page.goto(url, { waitUntil: 'load' });
      const marks = await page.$$eval('figure.chart', (figures) => figures.map((f) => ({
        id: f.id,
        marks: f.querySelectorAll('svg g.role-mark > path, svg g.role-mark > rect, svg g.role-mark > line, svg g.role-mark > circle').length,
        width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
      })));
      expect(marks).toHaveLength(10);
      for (const chart of marks) {
        expect(chart.marks, chart.id).toBeGreaterThan(0);
        expect(chart.width, chart.id).toBeGreaterThan(100);
      }
      expect(marks.find((m) => m.id === 'chart-plays-by-hour')?.marks).toBe(24);
      expect(marks.find((m) => m.id === 'chart-plays-by-weekday')?.marks).toBe(7);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      console.log(`report screenshot: ${shot}`);
    } finally {
      await browser.close();
    }
  });
});

describe('the report on an empty or missing warehouse', () => {
  const dir = tempDir('report-empty');
  let warehouse: Warehouse;

  beforeAll(async () => {
    warehouse = await openWarehouse(join(dir, 'empty.duckdb'));
  });
  afterAll(async () => warehouse.close());

  it('renders "no data" states when no table exists yet', async () => {
    const { data, html } = await buildReport(warehouse);
    expect(data.overview.plays).toBe(0);
    expect(data.health.tables.every((t) => t.rows === null)).toBe(true);
    expect(html).toContain('id="no-plays"');
    expect(html).not.toContain('<svg');
    expect(html).toContain('not run: the warehouse tables are missing');
    expect(html).toContain('id="no-runs"');
    expect(chartSections(data).every((s) => s.spec === null)).toBe(true);
  });

  it('renders "no data" states on empty tables; with etl_runs empty, a runs table gives the last run', async () => {
    await createTables(warehouse, false);
    await warehouse.run('CREATE TABLE runs (run_id INTEGER, finished_at TIMESTAMP, status VARCHAR)');
    await warehouse.run("INSERT INTO runs VALUES (1, TIMESTAMP '2024-01-01 10:00:00', 'ok'), (2, TIMESTAMP '2024-01-02 10:00:00', 'failed'), (3, NULL, 'running')");
    const { data, html } = await buildReport(warehouse);
    expect(data.health.tables.find((t) => t.table === 'songplays')?.rows).toBe(0);
    expect(data.health.checks.length).toBeGreaterThan(0);
    expect(data.health.checks.every((c) => c.passed)).toBe(true);
    expect(data.health.lastRun?.row).toEqual({ run_id: '2', finished_at: '2024-01-02 10:00:00', status: 'failed' });
    expect(html).toContain('id="no-plays"');
    expect(html.match(/class="no-data" id="chart-/g)).toHaveLength(10);
    expect(html).toContain('Last run (latest row of runs)');
  });

  it('refuses a warehouse file that does not exist (read-only open creates nothing)', async () => {
    const missing = join(dir, 'missing.duckdb');
    await expect(reportCommand().exitOverride().parseAsync(['--warehouse', missing, '--out', join(dir, 'r.html'), '-q'], { from: 'user' }))
      .rejects.toThrow(UserError);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses bad dates', async () => {
    const args = (...extra: string[]) => ['--warehouse', join(dir, 'empty.duckdb'), '--out', join(dir, 'r.html'), '-q', ...extra];
    await expect(reportCommand().exitOverride().parseAsync(args('--from', '2018-02-30'), { from: 'user' })).rejects.toThrow(/YYYY-MM-DD/);
    await expect(reportCommand().exitOverride().parseAsync(args('--from', '2018-11-10', '--to', '2018-11-01'), { from: 'user' })).rejects.toThrow(/after --to/);
  });
});
