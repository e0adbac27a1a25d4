// Synthetic Sparkify data in the public layout: song_data/ (one JSON object per file),
// log_data/ (JSON lines per day) and log_json_path.json. Same options, same bytes.

import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCatalogue, buildUncataloguedSongs } from './catalogue.js';
import { DayEvents, type Simulation } from './day-events.js';
import { planDays } from './day-plan.js';
import { Jukebox } from './jukebox.js';
import { jsonPathsText } from './layout.js';
import { CHUNK_BYTES, LogFileWriter } from './log-file-writer.js';
import { malformedLine } from './malformed.js';
import { writeSongFiles } from './song-files.js';
import { buildUsers } from './users.js';

export interface GenerateOptions {
  songs: number;
  events: number;
  users: number;
  days: number;
  seed: number;
  /** 'YYYY-MM-DD' (UTC), default '2018-11-01' like the public logs. */
  startDate?: string;
  /** Broken lines added across the log files, on top of `events`; default 0. */
  malformedLines?: number;
}

export interface GenerateReport {
  songFiles: number;
  logFiles: number;
  /** Event lines written, malformed lines not included. */
  events: number;
  nextSongEvents: number;
  /** NextSong events whose song, artist and length equal a song file's title, artist_name and duration. */
  matchedPlays: number;
  /** Everything written, log_json_path.json included. */
  bytes: number;
}

export const DEFAULT_START_DATE = '2018-11-01';

export async function generateSample(
  outDir: string,
  options: GenerateOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<GenerateReport> {
  const startMs = parseStartDate(options.startDate ?? DEFAULT_START_DATE);
  checkOptions(options);
  await refuseExistingData(outDir);
  const { seed, events: totalEvents } = options;

  await mkdir(outDir, { recursive: true });
  const jsonPaths = jsonPathsText();
  await writeFile(join(outDir, 'log_json_path.json'), jsonPaths);

  const catalogue = buildCatalogue(seed, options.songs);
  let bytes = Buffer.byteLength(jsonPaths) + (await writeSongFiles(outDir, catalogue));

  const sim: Simulation = {
    seed,
    users: buildUsers(seed, options.users, startMs),
    // Several times more songs are played than the catalogue holds, as with the public data.
    jukebox: new Jukebox(catalogue, buildUncataloguedSongs(seed, Math.min(200_000, Math.max(500, options.songs * 3)))),
    nextSessionId: 1,
    sessionsStarted: 0,
    upgraded: false,
    downgraded: false,
    nextSongEvents: 0,
    matchedPlays: 0,
  };

  let done = 0;
  let logFiles = 0;
  let malformedSoFar = 0;
  for (const day of planDays(seed, totalEvents, options.days, startMs, options.malformedLines ?? 0)) {
    if (day.events === 0) continue;
    const writer = await LogFileWriter.create(join(outDir, day.relativePath), day.bom);
    try {
      const events = new DayEvents(sim, day);
      let written = 0;
      let malformed = 0;
      for (let line = events.next(); line !== null; line = events.next()) {
        writer.line(line);
        written++;
        while (day.malformedAfter[malformed] === written) {
          writer.line(malformedLine(line, malformedSoFar++));
          malformed++;
        }
        if (writer.buffered >= CHUNK_BYTES) {
          await writer.flush();
          onProgress?.(done + written, totalEvents);
        }
      }
      done += written;
    } finally {
      await writer.close(day.finalNewline);
    }
    bytes += writer.bytes;
    logFiles++;
    onProgress?.(done, totalEvents);
  }

  return {
    songFiles: catalogue.length,
    logFiles,
    events: done,
    nextSongEvents: sim.nextSongEvents,
    matchedPlays: sim.matchedPlays,
    bytes,
  };
}

/** Positive integers, except seed and malformedLines which may be 0. Messages name the option. */
export function checkOptions(options: GenerateOptions): void {
  for (const name of ['songs', 'events', 'users', 'days'] as const) {
    const value = options[name];
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  for (const name of ['seed', 'malformedLines'] as const) {
    const value = options[name] ?? 0;
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/** UTC midnight of a 'YYYY-MM-DD' date, rejecting impossible dates such as 2018-02-30. */
export function parseStartDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`startDate must be a date as YYYY-MM-DD, got '${text}'`);
  }
  return ms;
}

/**
 * The song_data/ or log_data/ folder already in outDir, if any. Old files would mix with new ones
 * (other days, other track ids), so we never write over them.
 */
export async function existingData(outDir: string): Promise<string | null> {
  for (const sub of ['song_data', 'log_data']) {
    const path = join(outDir, sub);
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) return path;
  }
  return null;
}

async function refuseExistingData(outDir: string): Promise<void> {
  const existing = await existingData(outDir);
  if (existing) throw new Error(`${existing} already exists; generate into an empty or new folder`);
}
