import { cpSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { EtlSummary } from '../src/pipeline/etl.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dumpStar, etlInto, openDuckDB, QUIRKS, tempDir } from './helpers.js';

const DAY1 = 'log_data/2018/11/2018-11-01-events.json';

describe('the contract quirks (hand-written fixture, see test/fixtures/quirks/README.md)', () => {
  const dir = tempDir();
  let warehouse: Warehouse;
  let summary: EtlSummary;

  beforeAll(async () => {
    warehouse = await openDuckDB(dir);
    summary = await etlInto(warehouse, QUIRKS);
  });
  afterAll(() => warehouse.close());

  const rows = (sql: string) => warehouse.query<Record<string, unknown>>(sql);

  it('rejects the malformed line and file with file, line and reason, and loads everything else', async () => {
    expect(summary.rejects).toBe(2);
    expect(summary.events_staged).toBe(11);
    expect(summary.songs_staged).toBe(4);
    const rejects = await rows('SELECT source_file, line, reason, excerpt FROM rejects ORDER BY source_file');
    expect(rejects).toHaveLength(2);
    expect(rejects[0]).toMatchObject({ source_file: DAY1, line: 5, excerpt: '{"artist": "Broken", "auth":' });
    expect(rejects[0]!.reason).toMatch(/malformed JSON/);
    expect(rejects[1]).toMatchObject({ source_file: 'song_data/A/A/B/TRAABAB128F0000005.json', line: 1 });
  });

  it('makes one songplay per NextSong event, a duplicated line once, matching exactly', async () => {
    expect(summary.tables.songplays).toBe(8);
    expect(summary.songplays_matched).toBe(4);
    const matched = await rows(`SELECT p.user_id, p.song_id, p.artist_id FROM songplays p WHERE song_id IS NOT NULL ORDER BY start_time`);
    expect(matched).toEqual([
      { user_id: '10', song_id: 'SOFIRST0001', artist_id: 'ARCONFLICT1' },
      { user_id: '11', song_id: 'SONUMBERS03', artist_id: 'ARNUMBERS03' },
      { user_id: '12', song_id: 'SOUNICODE04', artist_id: 'ARUNICODE04' },
      { user_id: '10', song_id: 'SOFIRST0001', artist_id: 'ARCONFLICT1' },
    ]);
  });

  it('matches against each song record\'s own artist name, and never trims or repairs silently', async () => {
    const unmatched = await rows(`SELECT e.song, e.artist FROM staging_events e JOIN songplays p
      ON p.start_time = epoch_ms(e.ts) AND p.user_id = e.userid WHERE p.song_id IS NULL ORDER BY e.ts`);
    expect(unmatched).toEqual([
      { song: 'Second Song', artist: 'The Band' },
      { song: '  First Song ', artist: 'The Band' },
      { song: 'CafÃ© Song / Live', artist: 'ZoÃ©' },
      { song: 'Not In Catalogue', artist: 'Unknown Artist' },
    ]);
  });

  it('keeps the latest level (upgrade and downgrade) and skips logged-out events as users', async () => {
    expect(await rows('SELECT * FROM users ORDER BY user_id')).toEqual([
      { user_id: '10', first_name: 'Ada', last_name: 'Lovelace', gender: 'F', level: 'paid' },
      { user_id: '11', first_name: 'Bob', last_name: 'Builder', gender: 'M', level: 'free' },
      { user_id: '12', first_name: 'Cy', last_name: 'Young', gender: 'M', level: 'free' },
    ]);
    const [loggedOut] = await rows(`SELECT COUNT(*) AS n FROM staging_events WHERE userid = '' AND auth = 'Logged Out'`);
    expect(loggedOut!.n).toBe(1);
  });

  it('stages floats, numbers as text, escapes and the BOM faithfully', async () => {
    const [event] = await rows(`SELECT registration, useragent FROM staging_events WHERE userid = '10' ORDER BY ts LIMIT 1`);
    expect(event).toEqual({ registration: 1540919166796, useragent: '"Mozilla/5.0 (X11; Linux x86_64)"' });
    expect(await rows('SELECT * FROM songs ORDER BY song_id')).toEqual([
      { song_id: 'SOFIRST0001', title: 'First Song', artist_id: 'ARCONFLICT1', year: 2001, duration: 200.5 },
      { song_id: 'SONUMBERS03', title: '4.6', artist_id: 'ARNUMBERS03', year: 1999, duration: 150.25 },
      { song_id: 'SOSECOND002', title: 'Second Song', artist_id: 'ARCONFLICT1', year: null, duration: 180 },
      { song_id: 'SOUNICODE04', title: 'Café Song / Live', artist_id: 'ARUNICODE04', year: 2010, duration: 210 },
    ]);
  });

  it('chooses one row per artist deterministically, empty text as NULL', async () => {
    expect(await rows('SELECT * FROM artists ORDER BY artist_id')).toEqual([
      { artist_id: 'ARCONFLICT1', name: 'Band, The', location: 'New York, NY', latitude: 40.71455, longitude: -74.00712 },
      { artist_id: 'ARNUMBERS03', name: '108', location: '4.6', latitude: null, longitude: null },
      { artist_id: 'ARUNICODE04', name: 'Zoé', location: null, latitude: 48.85693, longitude: 2.3412 },
    ]);
  });

  it('derives time in UTC with ISO week and weekday', async () => {
    const [first] = await rows('SELECT * FROM time ORDER BY start_time LIMIT 1');
    expect(first).toMatchObject({ hour: 0, day: 1, week: 44, month: 11, year: 2018, weekday: 4 });
    expect((first!.start_time as Date).toISOString()).toBe('2018-11-01T00:00:00.000Z');
    expect(summary.tables.time).toBe(8);
  });

  it('gives the same tables whatever the file order', async () => {
    const shuffled = join(dir, 'shuffled');
    cpSync(QUIRKS, shuffled, { recursive: true });
    const songs = join(shuffled, 'song_data/A/A/A');
    renameSync(join(songs, 'TRAAAAA128F0000001.json'), join(songs, 'tmp.json'));
    renameSync(join(songs, 'TRAAAAB128F0000002.json'), join(songs, 'TRAAAAA128F0000001.json'));
    renameSync(join(songs, 'tmp.json'), join(songs, 'TRAAAAZ128F0000001.json'));
    const other = await openDuckDB(dir, 'shuffled.duckdb');
    try {
      await etlInto(other, shuffled);
      expect(await dumpStar(other)).toEqual(await dumpStar(warehouse));
    } finally {
      await other.close();
    }
  });

  it('matches trimmed, case-folded names only when asked (--match loose), and says so', async () => {
    const loose = await openDuckDB(dir, 'loose.duckdb');
    try {
      const result = await etlInto(loose, QUIRKS, 'loose');
      expect(result.match_mode).toBe('loose');
      expect(result.songplays_matched).toBe(5);
    } finally {
      await loose.close();
    }
  });
});
