// How the events spread over the days (exact total), and which log file carries which file-level
// quirk: a UTF-8 BOM, a missing final newline, malformed lines.

import { join } from 'node:path';
import { intBetween, rngFor } from './random.js';

export const DAY_MS = 86_400_000;

export interface LogDay {
  index: number;
  /** UTC midnight of the day, epoch ms. */
  startMs: number;
  /** log_data/YYYY/MM/YYYY-MM-DD-events.json, relative to the output folder. */
  relativePath: string;
  events: number;
  bom: boolean;
  finalNewline: boolean;
  /** Malformed lines go after these event ordinals (1-based, ascending, repeats allowed). */
  malformedAfter: number[];
}

export function planDays(seed: number, totalEvents: number, days: number, startMs: number, malformedLines: number): LogDay[] {
  const counts = splitEvents(seed, totalEvents, days, startMs);
  const plan: LogDay[] = counts.map((events, index) => {
    const dayStart = startMs + index * DAY_MS;
    const date = new Date(dayStart).toISOString().slice(0, 10);
    return {
      index,
      startMs: dayStart,
      relativePath: join('log_data', date.slice(0, 4), date.slice(5, 7), `${date}-events.json`),
      events,
      bom: false,
      finalNewline: true,
      malformedAfter: [],
    };
  });

  // Days without events get no file at all, so quirks go to days that have some.
  const files = plan.filter((day) => day.events > 0);
  const rng = rngFor(seed, 'file-quirks');
  const bomFile = files[intBetween(rng, 0, files.length - 1)];
  if (bomFile) bomFile.bom = true;
  // A different file when there are two or more: each quirk on its own is easier to diagnose.
  const others = files.length > 1 ? files.filter((day) => day !== bomFile) : files;
  const unterminated = others[intBetween(rng, 0, others.length - 1)];
  if (unterminated) unterminated.finalNewline = false;

  for (let m = 0; m < malformedLines && files.length > 0; m++) {
    const day = files[Math.floor((m * files.length) / malformedLines)] as LogDay;
    day.malformedAfter.push(intBetween(rng, 1, day.events));
  }
  for (const day of files) day.malformedAfter.sort((a, b) => a - b);
  return plan;
}

/** Exactly `total` events over the days: weekly rhythm, slow growth, some noise. */
function splitEvents(seed: number, total: number, days: number, startMs: number): number[] {
  const rng = rngFor(seed, 'day-weights');
  const weights: number[] = [];
  for (let d = 0; d < days; d++) {
    const weekday = new Date(startMs + d * DAY_MS).getUTCDay();
    const weekend = weekday === 0 || weekday === 6 ? 0.85 : 1;
    const growth = 0.9 + (0.2 * d) / Math.max(1, days - 1);
    weights.push(weekend * growth * (0.9 + 0.2 * rng()));
  }
  // Largest remainder: floor each share, then hand out what is left by largest fraction.
  const sum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (w / sum) * total);
  const counts = shares.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byFraction = shares
    .map((share, d) => ({ d, fraction: share - Math.floor(share) }))
    .sort((a, b) => b.fraction - a.fraction || a.d - b.d);
  for (const { d } of byFraction) {
    if (left-- <= 0) break;
    counts[d] = (counts[d] ?? 0) + 1;
  }
  return counts;
}
