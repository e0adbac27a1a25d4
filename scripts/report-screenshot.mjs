// Renders a report HTML file in Debian's headless Chromium and saves a PNG of the whole page:
//   node scripts/report-screenshot.mjs report.html docs/report.png [--top HEIGHT]
// --top keeps only the first HEIGHT pixels (the README's preview).
// How docs/report.png was made (from `npm start`'s generated sample).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [html, png, flag, height] = process.argv.slice(2);
const top = flag === '--top' ? Number(height) : undefined;
if (!html || !png) {
  console.error('usage: node scripts/report-screenshot.mjs REPORT.html OUT.png');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: top ?? 900 } });
  await page.goto(pathToFileURL(resolve(html)).href, { waitUntil: 'load' });
  await page.screenshot({ path: png, fullPage: top === undefined });
} finally {
  await browser.close();
}
