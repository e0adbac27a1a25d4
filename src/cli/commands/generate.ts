// `sparkify generate OUT`: a synthetic dataset in the public layout, for tests and benchmarks.

import { Command } from 'commander';
import {
  DEFAULT_START_DATE,
  existingData,
  generateSample,
  parseStartDate,
  type GenerateOptions,
  type GenerateReport,
} from '../../generate/generate.js';
import { UserError } from '../errors.js';

interface RawOptions {
  songs: string;
  events: string;
  users: string;
  days: string;
  seed: string;
  startDate: string;
  malformedLines: string;
  quiet?: boolean;
}

export function generateCommand(): Command {
  return new Command('generate')
    .description('write synthetic song_data/, log_data/ and log_json_path.json in the public layout')
    .argument('<out>', 'output folder (must not already hold song_data/ or log_data/)')
    .option('--songs <n>', 'song files', '500')
    .option('--events <n>', 'event lines in total', '20000')
    .option('--users <n>', 'registered users', '100')
    .option('--days <n>', 'days of logs, one file per day', '30')
    .option('--seed <n>', 'same seed and options, same bytes', '42')
    .option('--start-date <date>', 'first day, YYYY-MM-DD (UTC)', DEFAULT_START_DATE)
    .option('--malformed-lines <n>', 'broken lines to add across the log files', '0')
    .option('--quiet', 'print neither progress nor the summary')
    .action(async (out: string, raw: RawOptions) => {
      await runGenerate(out, raw);
    });
}

async function runGenerate(out: string, raw: RawOptions): Promise<void> {
  const options = parseOptions(raw);
  const existing = await existingData(out);
  if (existing) throw new UserError(`${existing} already exists; generate into an empty or new folder`);

  const started = performance.now();
  const progress = !raw.quiet && process.stderr.isTTY ? progressLine(started) : undefined;
  let report: GenerateReport;
  try {
    report = await generateSample(out, options, progress);
  } finally {
    if (progress) process.stderr.write('\r\x1b[K');
  }
  if (!raw.quiet) process.stderr.write(summary(out, report, (performance.now() - started) / 1000) + '\n');
}

function parseOptions(raw: RawOptions): GenerateOptions {
  const startDate = raw.startDate;
  try {
    parseStartDate(startDate);
  } catch {
    throw new UserError(`--start-date must be a date as YYYY-MM-DD, got '${startDate}'`);
  }
  return {
    songs: positiveInteger('--songs', raw.songs),
    events: positiveInteger('--events', raw.events),
    users: positiveInteger('--users', raw.users),
    days: positiveInteger('--days', raw.days),
    seed: wholeNumber('--seed', raw.seed),
    startDate,
    malformedLines: wholeNumber('--malformed-lines', raw.malformedLines),
  };
}

function positiveInteger(flag: string, text: string): number {
  const value = wholeNumber(flag, text, 'a positive integer');
  if (value < 1) throw new UserError(`${flag} must be a positive integer, got '${text}'`);
  return value;
}

/** Digits only: rejects "-5", "1e3", "12abc" and "", which Number() or parseInt() would let through. */
function wholeNumber(flag: string, text: string, what = 'a whole number (0 or more)'): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) throw new UserError(`${flag} must be ${what}, got '${text}'`);
  return value;
}

/** A `\r` status line, redrawn at most ten times a second. */
function progressLine(started: number): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (now - last < 100 && done < total) return;
    last = now;
    const rate = done / Math.max(0.001, (now - started) / 1000);
    process.stderr.write(`\r${count(done)} / ${count(total)} events  ${count(Math.round(rate))} events/s\x1b[K`);
  };
}

function summary(out: string, report: GenerateReport, seconds: number): string {
  return (
    `generated ${count(report.songFiles)} song files and ${count(report.logFiles)} log files in ${out}: ` +
    `${count(report.events)} events (${count(report.nextSongEvents)} NextSong, ${count(report.matchedPlays)} matching a song file), ` +
    `${(report.bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
