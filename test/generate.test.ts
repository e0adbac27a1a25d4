import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCommand } from '../src/cli/commands/generate.js';
import { UserError } from '../src/cli/errors.js';
import { generateSample, type GenerateOptions, type GenerateReport } from '../src/generate/generate.js';
import { EVENT_FIELDS, SONG_FIELDS } from '../src/generate/layout.js';

const DAY_MS = 86_400_000;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sparkify-generate-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let runs = 0;
async function generate(options: GenerateOptions): Promise<{ dir: string; report: GenerateReport }> {
  const dir = join(root, `run-${runs++}`);
  return { dir, report: await generateSample(dir, options) };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

interface LogFile {
  path: string;
  raw: Buffer;
  /** Lines without the BOM; no trailing empty line. */
  lines: string[];
}

interface Sample {
  files: string[];
  songs: Array<{ path: string; text: string; record: Record<string, unknown> }>;
  logs: LogFile[];
  events: Array<Record<string, unknown> & { file: string }>;
  malformed: string[];
}

async function load(dir: string): Promise<Sample> {
  const files = await listFiles(dir);
  const sample: Sample = { files, songs: [], logs: [], events: [], malformed: [] };
  for (const path of files) {
    const raw = await readFile(join(dir, path));
    if (path.startsWith('song_data/')) {
      const text = raw.toString('utf8');
      sample.songs.push({ path, text, record: JSON.parse(text) as Record<string, unknown> });
    } else if (path.startsWith('log_data/')) {
      const text = raw.toString('utf8').replace(/^\uFEFF/, '');
      const lines = text.split('\n');
      if (lines.at(-1) === '') lines.pop();
      sample.logs.push({ path, raw, lines });
      for (const line of lines) {
        try {
          sample.events.push({ ...(JSON.parse(line) as Record<string, unknown>), file: path });
        } catch {
          sample.malformed.push(line);
        }
      }
    }
  }
  return sample;
}

const SMALL: GenerateOptions = { songs: 60, events: 3000, users: 25, days: 7, seed: 7 };

describe('generateSample', () => {
  let small: { dir: string; report: GenerateReport };
  let sample: Sample;
  beforeAll(async () => {
    small = await generate(SMALL);
    sample = await load(small.dir);
  });

  it('is deterministic per seed', async () => {
    const options = { ...SMALL, songs: 30, events: 500, malformedLines: 4 };
    const a = await generate(options);
    const b = await generate(options);
    const c = await generate({ ...options, seed: options.seed + 1 });
    const filesA = await listFiles(a.dir);
    expect(await listFiles(b.dir)).toEqual(filesA);
    for (const path of filesA) {
      expect((await readFile(join(b.dir, path))).equals(await readFile(join(a.dir, path))), path).toBe(true);
    }
    expect(b.report).toEqual(a.report);
    const filesC = await listFiles(c.dir);
    const sameSongs = filesC.filter((path) => path.startsWith('song_data/') && filesA.includes(path));
    expect(sameSongs).toEqual([]);
    const dayA = await readFile(join(a.dir, 'log_data/2018/11/2018-11-03-events.json'));
    const dayC = await readFile(join(c.dir, 'log_data/2018/11/2018-11-03-events.json'));
    expect(dayC.equals(dayA)).toBe(false);
  });

  it('writes the public layout', () => {
    expect(sample.files).toContain('log_json_path.json');
    for (const { path } of sample.songs) {
      const match = /^song_data\/([A-Z])\/([A-Z])\/([A-Z])\/(TR[A-Z0-9]{16})\.json$/.exec(path);
      expect(match, path).not.toBeNull();
      const [, a, b, c, id] = match as RegExpExecArray;
      expect(id?.slice(2, 5)).toBe(`${a}${b}${c}`);
    }
    for (const { path } of sample.logs) {
      const match = /^log_data\/(\d{4})\/(\d{2})\/(\d{4})-(\d{2})-\d{2}-events\.json$/.exec(path);
      expect(match, path).not.toBeNull();
      const [, year, month, fileYear, fileMonth] = match as RegExpExecArray;
      expect([fileYear, fileMonth]).toEqual([year, month]);
    }
    expect(sample.files.length).toBe(1 + sample.songs.length + sample.logs.length);
  });

  it('formats song files like the public ones', () => {
    for (const { text, record } of sample.songs) {
      expect(Object.keys(record)).toEqual([...SONG_FIELDS]);
      expect(text.startsWith('{"num_songs": 1, "artist_id": "AR')).toBe(true);
      expect(text.endsWith('}')).toBe(true);
      expect(record.song_id).toMatch(/^SO[A-Z0-9]{16}$/);
      expect(record.artist_id).toMatch(/^AR[A-Z0-9]{16}$/);
      expect(/[^\x00-\x7f]/.test(text)).toBe(false);
    }
  });

  it('counts exactly what it writes', async () => {
    const { report } = small;
    expect(report.events).toBe(SMALL.events);
    expect(sample.events.length).toBe(SMALL.events);
    expect(sample.malformed).toEqual([]);
    expect(report.songFiles).toBe(SMALL.songs);
    expect(sample.songs.length).toBe(SMALL.songs);
    expect(report.logFiles).toBe(sample.logs.length);
    expect(report.logFiles).toBe(SMALL.days);
    const nextSong = sample.events.filter((event) => event.page === 'NextSong');
    expect(report.nextSongEvents).toBe(nextSong.length);

    // matchedPlays: exact equality of song/title, artist/artist_name and length/duration.
    const keys = new Set(sample.songs.map(({ record: r }) => JSON.stringify([r.title, r.artist_name, r.duration])));
    const matched = nextSong.filter((e) => keys.has(JSON.stringify([e.song, e.artist, e.length])));
    expect(report.matchedPlays).toBe(matched.length);
    expect(matched.length / nextSong.length).toBeGreaterThan(0.3);
    expect(matched.length / nextSong.length).toBeLessThan(0.5);
    expect(nextSong.length / sample.events.length).toBeGreaterThan(0.75);

    let bytes = 0;
    for (const path of sample.files) bytes += (await stat(join(small.dir, path))).size;
    expect(report.bytes).toBe(bytes);
  });

  it('writes valid, ordered event lines', () => {
    for (const log of sample.logs) {
      const day = Date.parse(`${log.path.slice(-22, -12)}T00:00:00Z`);
      let previous = -Infinity;
      for (const line of log.lines) {
        const event = JSON.parse(line) as Record<string, unknown>;
        expect(Object.keys(event)).toEqual([...EVENT_FIELDS]);
        const ts = event.ts as number;
        expect(Number.isInteger(ts)).toBe(true);
        expect(ts).toBeGreaterThanOrEqual(day);
        expect(ts).toBeLessThan(day + DAY_MS);
        expect(ts).toBeGreaterThanOrEqual(previous);
        previous = ts;
        expect(typeof event.userId).toBe('string');
        const nextSong = event.page === 'NextSong';
        expect(event.method).toBe(nextSong || event.status === 307 ? 'PUT' : 'GET');
        for (const field of ['artist', 'song', 'length'] as const) {
          expect(event[field] !== null, `${field} in ${line}`).toBe(nextSong);
        }
        if (event.registration !== null) expect(line).toMatch(/"registration":\d+\.0,"sessionId"/);
      }
    }
  });

  it('numbers items within a session from 0, one user per session', () => {
    const sessions = new Map<unknown, Array<Record<string, unknown>>>();
    for (const event of sample.events) {
      const list = sessions.get(event.sessionId) ?? [];
      list.push(event);
      sessions.set(event.sessionId, list);
    }
    for (const events of sessions.values()) {
      expect(events.map((e) => e.itemInSession)).toEqual(events.map((_, i) => i));
      expect(new Set(events.map((e) => e.userId).filter((id) => id !== '')).size).toBeLessThanOrEqual(1);
    }
  });
});

describe('quirks', () => {
  // The smallest run the guarantee covers: ~200 events, ~50 songs. Several seeds, as forcing
  // must not depend on luck.
  for (const seed of [1, 2, 3, 42]) {
    it(`are all present with 200 events and 50 songs (seed ${seed})`, async () => {
      const { dir } = await generate({ songs: 50, events: 200, users: 10, days: 30, seed });
      const sample = await load(dir);
      const songs = sample.songs.map((s) => s.record);
      const events = sample.events;

      // Level changes: an upgrade and a downgrade, each followed by an event at the new level.
      expect(events.some((e) => e.page === 'Submit Upgrade')).toBe(true);
      expect(events.some((e) => e.page === 'Submit Downgrade')).toBe(true);
      const levels = new Map<unknown, Set<unknown>>();
      for (const e of events) if (e.userId !== '') levels.set(e.userId, (levels.get(e.userId) ?? new Set()).add(e.level));
      expect([...levels.values()].some((set) => set.size === 2)).toBe(true);

      // Logged-out events.
      const out = events.filter((e) => e.auth === 'Logged Out');
      expect(out.length).toBeGreaterThan(0);
      for (const e of out) {
        expect(e.userId).toBe('');
        expect([e.firstName, e.lastName, e.gender, e.registration]).toEqual([null, null, null, null]);
        expect(['free', 'paid']).toContain(e.level);
      }

      // Plays that match the catalogue exactly, and plays that do not.
      const keys = new Set(songs.map((r) => JSON.stringify([r.title, r.artist_name, r.duration])));
      const plays = events.filter((e) => e.page === 'NextSong');
      expect(plays.some((e) => keys.has(JSON.stringify([e.song, e.artist, e.length])))).toBe(true);
      expect(plays.some((e) => !keys.has(JSON.stringify([e.song, e.artist, e.length])))).toBe(true);

      // Conflicting artists.
      const byArtist = new Map<unknown, Set<string>>();
      for (const r of songs) {
        const description = JSON.stringify([r.artist_name, r.artist_location, r.artist_latitude, r.artist_longitude]);
        byArtist.set(r.artist_id, (byArtist.get(r.artist_id) ?? new Set()).add(description));
      }
      expect([...byArtist.values()].some((set) => set.size > 1)).toBe(true);

      // Song-file text fields written as numbers; unknown years and locations.
      for (const field of ['title', 'artist_name', 'artist_location']) {
        expect(songs.some((r) => typeof r[field] === 'number'), field).toBe(true);
      }
      expect(songs.some((r) => r.year === 0)).toBe(true);
      expect(songs.some((r) => r.artist_location === '')).toBe(true);
      expect(songs.some((r) => r.artist_location === null)).toBe(true);

      // Event text quirks.
      const names = plays.flatMap((e) => [e.song as string, e.artist as string]);
      expect(names.some((name) => name !== name.trim())).toBe(true);
      expect(names.some((name) => /Ã/.test(name))).toBe(true);
      expect(sample.songs.some((s) => /\\u[0-9a-f]{4}/.test(s.text))).toBe(true);
      const logText = sample.logs.map((log) => log.raw.toString('utf8')).join('\n');
      expect(logText).toMatch(/\\u00c3/);
      expect(logText).toMatch(/"userAgent":"\\"Mozilla\\\/5\.0 /);

      // File-level quirks: exactly one file without a final newline, exactly one with a BOM.
      const unterminated = sample.logs.filter((log) => log.raw.at(-1) !== 0x0a);
      expect(unterminated.length).toBe(1);
      const bom = sample.logs.filter((log) => log.raw.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])));
      expect(bom.length).toBe(1);
    });
  }
});

describe('malformedLines', () => {
  it('adds exactly N lines that do not parse, spread over the files', async () => {
    const { dir, report } = await generate({ ...SMALL, events: 1000, malformedLines: 9 });
    const sample = await load(dir);
    expect(report.events).toBe(1000);
    expect(sample.events.length).toBe(1000);
    expect(sample.malformed.length).toBe(9);
    const filesWithBrokenLines = sample.logs.filter((log) => log.lines.some((line) => sample.malformed.includes(line)));
    expect(filesWithBrokenLines.length).toBeGreaterThan(1);
  });

  it('leaves the events themselves unchanged', async () => {
    const plain = await load((await generate({ ...SMALL, events: 800 })).dir);
    const broken = await load((await generate({ ...SMALL, events: 800, malformedLines: 5 })).dir);
    expect(broken.events).toEqual(plain.events);
  });
});

describe('generate command', () => {
  async function run(args: string[]): Promise<void> {
    const command = generateCommand();
    command.exitOverride();
    await command.parseAsync(args, { from: 'user' });
  }

  it('rejects a negative event count with a UserError', async () => {
    const out = join(root, 'cli-negative');
    const failure = run([out, '--events', '-5', '--quiet']);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow("--events must be a positive integer, got '-5'");
    await expect(stat(out)).rejects.toThrow();
  });

  it('rejects bad numbers and dates', async () => {
    const out = join(root, 'cli-bad');
    for (const args of [['--songs', '0'], ['--users', '1e3'], ['--days', '2.5'], ['--seed', 'x'], ['--start-date', '2018-02-30']]) {
      await expect(run([out, ...args, '--quiet'])).rejects.toBeInstanceOf(UserError);
    }
  });

  it('generates with the given options and refuses to write over existing data', async () => {
    const out = join(root, 'cli-ok');
    await run([out, '--songs', '20', '--events', '300', '--users', '5', '--days', '3', '--start-date', '2019-12-31', '--quiet']);
    const files = await listFiles(out);
    expect(files.filter((path) => path.startsWith('song_data/')).length).toBe(20);
    expect(files.filter((path) => path.startsWith('log_data/'))).toEqual([
      'log_data/2019/12/2019-12-31-events.json',
      'log_data/2020/01/2020-01-01-events.json',
      'log_data/2020/01/2020-01-02-events.json',
    ]);
    await expect(run([out, '--quiet'])).rejects.toBeInstanceOf(UserError);
  });
});
