import { describe, expect, it } from 'vitest';
import { dumpStar, etlInto, openDuckDB, SAMPLE, sampleAvailable, tempDir } from './helpers.js';

describe.runIf(sampleAvailable())('the public sample on DuckDB', () => {
  const dir = tempDir();

  it('holds exactly the contract figures, and a second run changes nothing', async () => {
    const warehouse = await openDuckDB(dir);
    try {
      const summary = await etlInto(warehouse, SAMPLE);
      expect(summary.song_files).toBe(71);
      expect(summary.event_files).toBe(30);
      expect(summary.events_staged).toBe(8056);
      expect(summary.rejects).toBe(0);
      expect(summary.tables).toEqual({ users: 97, songs: 71, artists: 69, time: 6813, songplays: 6820 });
      expect(summary.songplays_matched).toBe(1);

      const [match] = await warehouse.query<Record<string, unknown>>(
        `SELECT s.title, a.name, s.duration, p.user_id FROM songplays p JOIN songs s USING (song_id) JOIN artists a ON a.artist_id = p.artist_id`);
      expect(match).toEqual({ title: 'Setanta matins', name: 'Elena', duration: 269.58322, user_id: '15' });

      const [levels] = await warehouse.query<{ changed: number; paid: number }>(`
        SELECT COUNT(*) AS changed, SUM(CASE WHEN u.level = 'paid' THEN 1 ELSE 0 END) AS paid
        FROM users u JOIN (SELECT userid FROM staging_events WHERE userid <> '' GROUP BY userid
                           HAVING COUNT(DISTINCT level) > 1) c ON c.userid = u.user_id`);
      expect(levels).toEqual({ changed: 8, paid: 8 });
      const [players] = await warehouse.query<{ n: number }>('SELECT COUNT(DISTINCT user_id) AS n FROM songplays');
      expect(players!.n).toBe(96);

      for (const [table, key] of [['songplays', 'songplay_id'], ['users', 'user_id'], ['songs', 'song_id'], ['artists', 'artist_id'], ['time', 'start_time']]) {
        const [row] = await warehouse.query<{ n: number; d: number }>(`SELECT COUNT(*) AS n, COUNT(DISTINCT ${key}) AS d FROM ${table}`);
        expect(row!.d, `${table}.${key} unique`).toBe(row!.n);
      }

      const first = await dumpStar(warehouse);
      await etlInto(warehouse, SAMPLE);
      expect(await dumpStar(warehouse)).toEqual(first);
    } finally {
      await warehouse.close();
    }
  });
});
