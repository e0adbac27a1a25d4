import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectReport, type ReportData } from '../src/report/queries.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dropSchema, testSchema } from './helpers/postgres.js';
import { availableEngines, hasSample, loadSample, sampleEvents, type EngineUnderTest } from './report-helpers.js';

/** The figures an independent pass over the raw log lines gives (the oracle). */
function oracle(from?: string, to?: string) {
  const plays = sampleEvents().filter((e) => e.page === 'NextSong').filter((e) => {
    const day = new Date(e.ts).toISOString().slice(0, 10);
    return (!from || day >= from) && (!to || day <= to);
  });
  const count = <K>(key: (e: (typeof plays)[number]) => K) => {
    const m = new Map<K, number>();
    for (const e of plays) m.set(key(e), (m.get(key(e)) ?? 0) + 1);
    return m;
  };
  const daily = new Map<string, Set<string>>();
  for (const e of plays) {
    const day = new Date(e.ts).toISOString().slice(0, 10);
    if (!daily.has(day)) daily.set(day, new Set());
    if (e.userId) daily.get(day)!.add(e.userId);
  }
  const changes = new Map<string, { day: string; upgrades: number; downgrades: number }>();
  const changers = new Set<string>();
  const previous = new Map<string, string>();
  const allPlays = sampleEvents().filter((e) => e.page === 'NextSong' && e.userId).sort((a, b) => a.ts - b.ts);
  for (const e of allPlays) {
    const before = previous.get(e.userId);
    previous.set(e.userId, e.level);
    const day = new Date(e.ts).toISOString().slice(0, 10);
    if (before === undefined || before === e.level || (from && day < from) || (to && day > to)) continue;
    const c = changes.get(day) ?? { day, upgrades: 0, downgrades: 0 };
    if (e.level === 'paid') c.upgrades++; else c.downgrades++;
    changes.set(day, c);
    changers.add(e.userId);
  }
  const byDay = count((e) => new Date(e.ts).toISOString().slice(0, 10));
  return {
    plays: plays.length,
    users: new Set(plays.filter((e) => e.userId).map((e) => e.userId)).size,
    byHour: [...count((e) => new Date(e.ts).getUTCHours())].map(([hour, n]) => ({ hour, plays: n })).sort((a, b) => a.hour - b.hour),
    byWeekday: [...count((e) => ((new Date(e.ts).getUTCDay() + 6) % 7) + 1)].map(([weekday, n]) => ({ weekday, plays: n })).sort((a, b) => a.weekday - b.weekday),
    daily: [...byDay].map(([day, n]) => ({ day, plays: n, active_users: daily.get(day)!.size })).sort((a, b) => a.day.localeCompare(b.day)),
    levels: Object.fromEntries(count((e) => e.level)),
    levelChanges: [...changes.values()].sort((a, b) => a.day.localeCompare(b.day)),
    usersChangingLevel: changers.size,
    topLocation: [...count((e) => e.location ?? '(unknown)')].sort((a, b) => b[1] - a[1])[0]!,
  };
}

describe.skipIf(!hasSample)('report queries on the public sample', async () => {
  const schema = testSchema();
  const engines: EngineUnderTest[] = hasSample ? await availableEngines(schema) : [];
  const loaded = new Map<string, Warehouse>();
  const reports = new Map<string, ReportData>();

  beforeAll(async () => {
    for (const engine of engines) {
      const warehouse = await loadSample(engine.spec);
      loaded.set(engine.name, warehouse);
      reports.set(engine.name, await collectReport(warehouse));
    }
  });
  afterAll(async () => {
    for (const warehouse of loaded.values()) await warehouse.close();
    if (engines.some((e) => e.name === 'postgres')) await dropSchema(schema);
  });

  describe.each(engines.map((e) => [e.name]))('%s', (name) => {
    it('gives the contract figures', () => {
      const r = reports.get(name)!;
      expect(r.overview).toMatchObject({ plays: 6820, active_users: 96, matched_plays: 1 });
      expect(r.overview.first_play?.slice(0, 10)).toBe('2018-11-01');
      expect(r.overview.last_play?.slice(0, 10)).toBe('2018-11-30');
      expect(r.topSongs).toEqual([{ song_id: expect.any(String), title: 'Setanta matins', artist: 'Elena', plays: 1 }]);
      expect(r.topArtists).toEqual([{ artist_id: expect.any(String), artist: 'Elena', plays: 1 }]);
      expect(r.users_changing_level).toBe(8);
      const rows = Object.fromEntries(r.health.tables.map((t) => [t.table, t.rows]));
      expect(rows).toMatchObject({ songplays: 6820, users: 97, songs: 71, artists: 69, time: 6813, rejects: 0, staging_events: 8056 });
      expect(r.health.checks.length).toBeGreaterThanOrEqual(10);
      expect(r.health.checks.filter((c) => !c.passed)).toEqual([]);
      expect(r.health.checks.find((c) => c.name === 'song match rate')?.detail).toMatch(/^1 of 6,820 plays matched/);
      expect(r.health.lastRun?.table).toBe('etl_runs');
      expect(r.health.lastRun?.row).toMatchObject({ status: 'succeeded', songplays: '6820', rejects: '0' });
    });

    it('agrees with an independent pass over the raw log lines', () => {
      const r = reports.get(name)!;
      const o = oracle();
      expect(r.overview.plays).toBe(o.plays);
      expect(r.byHour).toEqual(o.byHour);
      expect(r.byWeekday).toEqual(o.byWeekday);
      expect(r.daily).toEqual(o.daily);
      expect(Object.fromEntries(r.levelShare.map((l) => [l.level, l.plays]))).toEqual(o.levels);
      expect(r.levelShare.reduce((s, l) => s + l.users, 0)).toBe(o.users);
      expect([r.topLocations[0]!.location, r.topLocations[0]!.plays]).toEqual(o.topLocation);
      expect(r.clients.reduce((s, c) => s + c.plays, 0)).toBe(o.plays);
      expect(r.clients.find((c) => c.browser === 'Other' || c.os === 'Other')).toBeUndefined();
    });

    it('level changes match the per-user sequence of plays in the raw logs', () => {
      const r = reports.get(name)!;
      const o = oracle();
      expect(r.levelChanges).toEqual(o.levelChanges);
      expect(r.users_changing_level).toBe(o.usersChangingLevel);
    });

    it('restricts every figure to --from/--to', async () => {
      const r = await collectReport(loaded.get(name)!, { from: '2018-11-05', to: '2018-11-11' });
      const o = oracle('2018-11-05', '2018-11-11');
      expect(r.overview.plays).toBe(o.plays);
      expect(r.overview.active_users).toBe(o.users);
      expect(r.daily).toEqual(o.daily);
      expect(r.byHour).toEqual(o.byHour);
      expect(r.daily.map((d) => d.day)).toEqual(['2018-11-05', '2018-11-06', '2018-11-07', '2018-11-08', '2018-11-09', '2018-11-10', '2018-11-11']);
      const none = await collectReport(loaded.get(name)!, { from: '2019-01-01' });
      expect(none.overview.plays).toBe(0);
      expect(none.byHour).toEqual([]);
    });
  });

  it.skipIf(engines.length < 2)('every engine gives the same numbers', () => {
    // Everything but the run log and the checks' details, which name each engine's own run id.
    const comparable = (r: ReportData) => ({
      ...r,
      health: { tables: r.health.tables, rejects: r.health.rejects, checks: r.health.checks.map((c) => [c.name, c.passed]) },
    });
    const [first, ...rest] = engines.map((e) => comparable(reports.get(e.name)!));
    for (const other of rest) expect(other).toEqual(first);
  });
});
