// Runs a Node entry point in this process and reports its wall time and peak RSS as one JSON line
// on fd 3 (or stderr), so that the product and its baselines are measured the same way.
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
const started = performance.now();
const mod = await import(pathToFileURL(resolve(entry)).href);
const code = mod.main ? await mod.main(args) : 0;
const report = { seconds: (performance.now() - started) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, code };
try {
  writeSync(3, `${JSON.stringify(report)}\n`);
} catch {
  process.stderr.write(`${JSON.stringify(report)}\n`);
}
process.exitCode = code;
