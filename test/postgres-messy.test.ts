import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { STAR_TABLES } from '../src/sql/tables.js';
import { LocalSource } from '../src/source/local-source.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dropSchema, postgresReachable, schemaUrl, tableRows, testSchema } from './helpers/postgres.js';

const reachable = await postgresReachable();

const song = (id: string, fields: Record<string, unknown>) => JSON.stringify({
  num_songs: 1, artist_id: 'AR1', artist_latitude: null, artist_longitude: null, artist_location: '', artist_name: 'Band',
  song_id: id, title: 'Title', duration: 200.5, year: 2000, ...fields,
});
const event = (fields: Record<string, unknown>) => JSON.stringify({
  artist: 'Band', auth: 'Logged In', firstName: 'Ann', gender: 'F', itemInSession: 0, lastName: 'Lee', length: 200.5,
  level: 'free', location: 'Town, ST', method: 'PUT', page: 'NextSong', registration: 1541044398796.0, sessionId: 1,
  song: 'Title', status: 200, ts: 1541105830796, userAgent: 'Mozilla "quoted"', userId: '7', ...fields,
});

/** The contract's messy cases plus what COPY text must escape (tab, newline, backslash). */
async function writeMessySource(root: string): Promise<void> {
  await mkdir(join(root, 'song_data/A/B'), { recursive: true });
  await mkdir(join(root, 'log_data/2018/11'), { recursive: true });
  const songs: Record<string, string> = {
    'TRA1.json': `\ufeff${song('SO1', { title: 'Tab\there', artist_name: 'Band', artist_location: 'A\\\\B', year: 0 })}`,
    'TRA2.json': song('SO2', { title: 4.6, artist_name: 108, artist_id: 'AR2', artist_latitude: 1.5, artist_longitude: -2 }),
    'TRA3.json': song('SO3', { title: 'Line\nbreak', artist_id: 'AR2', artist_name: 'Other name', artist_location: 'X', artist_latitude: 0.5, artist_longitude: 3 }),
    // A JSON `\/` escape and double-encoded UTF-8 written as `\u00c3\u00a9`.
    'TRA4.json': song('SO4', { title: 'CafSLASH', artist_location: null }).replace('SLASH', '\\u00c3\\u00a9 \\/ slash'),
    'TRA5.json': '{"num_songs": 1, "song_id": ',
  };
  for (const [name, text] of Object.entries(songs)) await writeFile(join(root, 'song_data/A/B', name), text);
  const lines = [
    event({}),
    event({ ts: 1541105830797, userId: '', page: 'Home', firstName: null, lastName: null }),
    event({ ts: 1541105830798, song: '  Title ', itemInSession: 1, level: 'paid' }),
    event({ ts: 1541105830799, song: 'Tab\there', artist: 'Band', length: 200.5, itemInSession: 2, location: 'back\\slash' }),
    event({ ts: 1541105830799, song: 'Tab\there', artist: 'Band', length: 200.5, itemInSession: 2, location: 'back\\slash' }),
    '{"ts": 1541105830800, "page": "NextSong", broken',
    event({ ts: 1541105830801, song: 'Line\nbreak', artist: 'Other name', userId: '8', sessionId: 2, registration: '1541044398796.0' }),
  ];
  await writeFile(join(root, 'log_data/2018/11/2018-11-01-events.json'), lines.join('\n')); // no final newline
}

const KEYS: Record<string, string> = {
  users: 'user_id', songs: 'song_id', artists: 'artist_id', time: 'start_time', songplays: 'songplay_id',
};

describe.skipIf(!reachable)('messy input: PostgreSQL and DuckDB agree', () => {
  const schema = testSchema();
  let dir: string;
  let pg: Warehouse;
  let duck: Warehouse;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sparkify-messy-'));
    await writeMessySource(join(dir, 'src'));
    pg = await openWarehouse(schemaUrl(schema));
    duck = await openWarehouse(join(dir, 'messy.duckdb'));
  });
  afterAll(async () => {
    await pg?.close();
    await duck?.close();
    await dropSchema(schema);
    await rm(dir, { recursive: true, force: true });
  });

  it('stages, rejects and builds the same rows on both engines', async () => {
    const source = LocalSource.ofFolder(join(dir, 'src'));
    const [a, b] = [await runEtl({ source, warehouse: duck, reporter: silent }), await runEtl({ source, warehouse: pg, reporter: silent })];
    expect(b.rejects).toBe(2);
    expect(b.events_staged).toBe(6);
    expect({ ...b, seconds: {}, warehouse: '', run_id: '' }).toEqual({ ...a, seconds: {}, warehouse: '', run_id: '' });
    for (const t of STAR_TABLES) expect(await tableRows(pg, t.name, KEYS[t.name]!), t.name).toEqual(await tableRows(duck, t.name, KEYS[t.name]!));
    for (const [table, order] of [['staging_songs', 'song_id'], ['staging_events', 'ts, iteminsession']] as const) {
      expect(await tableRows(pg, table, order), table).toEqual(await tableRows(duck, table, order));
    }
    // Each engine's run has its own id; everything else about the rejects is the same.
    const rejects = (w: Warehouse) => w.query(`SELECT source_file, line, reason, excerpt FROM ${w.dialect.table('rejects')} ORDER BY source_file, line`);
    expect(await rejects(pg)).toEqual(await rejects(duck));
    const titles = await pg.query<{ title: string }>(`SELECT title FROM ${pg.dialect.table('songs')} ORDER BY song_id`);
    expect(titles.map((r) => r.title)).toEqual(['Tab\there', '4.6', 'Line\nbreak', 'Caf\u00c3\u00a9 / slash']);
    const [matched] = await pg.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${pg.dialect.table('songplays')} WHERE song_id IS NOT NULL`);
    expect(matched!.n).toBe(2); // the tab title and the newline title; "  Title " stays unmatched (exact rule)
  });
});
