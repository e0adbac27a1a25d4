import type { ChartSpec } from './charts.js';
import type { ReportData } from './queries.js';

/** A data table as shown under a chart: header cells and rows of display values. */
export interface DataTable {
  columns: string[];
  /** Which columns hold numbers (right-aligned). */
  numeric: boolean[];
  rows: (string | number | null)[][];
}

/** One chart of the report with the numbers behind it; `spec` is null when there is no data. */
export interface ChartSection {
  id: string;
  title: string;
  description: string;
  spec: ChartSpec | null;
  table: DataTable;
  note?: string;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const WIDTH = 520;
const HEIGHT = 220;

const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '—');

function table(columns: string[], rows: (string | number | null)[][]): DataTable {
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null));
  return { columns, numeric, rows };
}

/** The charts of the report, in reading order. */
export function chartSections(data: ReportData): ChartSection[] {
  const hasPlays = data.overview.plays > 0;
  const sections: ChartSection[] = [];

  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, plays: data.byHour.find((r) => r.hour === hour)?.plays ?? 0 }));
  sections.push({
    id: 'plays-by-hour',
    title: 'Plays per hour of day (UTC)',
    description: 'Number of song plays started in each hour of the day, UTC.',
    spec: hasPlays ? {
      width: WIDTH, height: HEIGHT, title: 'Plays per hour of day (UTC)',
      data: { values: hours },
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: { field: 'hour', type: 'ordinal', title: 'Hour of day (UTC)', axis: { labelAngle: 0 } },
        y: { field: 'plays', type: 'quantitative', title: 'Plays' },
        tooltip: [{ field: 'hour' }, { field: 'plays' }],
      },
    } : null,
    table: table(['Hour (UTC)', 'Plays'], hasPlays ? hours.map((r) => [r.hour, r.plays]) : []),
  });

  const weekdays = WEEKDAYS.map((name, i) => ({ weekday: name, plays: data.byWeekday.find((r) => r.weekday === i + 1)?.plays ?? 0 }));
  sections.push({
    id: 'plays-by-weekday',
    title: 'Plays per day of the week',
    description: 'Number of song plays on each ISO day of the week, Monday first.',
    spec: hasPlays ? {
      width: WIDTH, height: HEIGHT, title: 'Plays per day of the week',
      data: { values: weekdays },
      mark: { type: 'bar', color: '#4c78a8' },
      encoding: {
        x: { field: 'weekday', type: 'ordinal', sort: WEEKDAYS, title: 'Day of the week', axis: { labelAngle: 0 } },
        y: { field: 'plays', type: 'quantitative', title: 'Plays' },
      },
    } : null,
    table: table(['Day of the week', 'Plays'], hasPlays ? weekdays.map((r) => [r.weekday, r.plays]) : []),
  });

  sections.push({
    id: 'daily-activity',
    title: 'Daily plays and daily active users',
    description: 'Plays and distinct users with at least one play, per UTC day.',
    spec: data.daily.length > 0 ? {
      width: WIDTH, height: HEIGHT, title: 'Daily plays and daily active users',
      data: { values: data.daily.map((r) => ({ day: r.day, Plays: r.plays, 'Active users': r.active_users })) },
      transform: [{ fold: ['Plays', 'Active users'], as: ['measure', 'value'] }],
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'day', type: 'temporal', title: 'Day (UTC)', scale: { type: 'utc' }, axis: { format: '%b %d' } },
        y: { field: 'value', type: 'quantitative', title: 'Count' },
        color: { field: 'measure', type: 'nominal', title: null, sort: ['Plays', 'Active users'] },
      },
    } : null,
    table: table(['Day', 'Plays', 'Active users'], data.daily.map((r) => [r.day, r.plays, r.active_users])),
  });

  const matchedNote = `Only plays matched to the song catalogue count here: ${data.overview.matched_plays.toLocaleString('en-US')} of ${data.overview.plays.toLocaleString('en-US')}.`;
  sections.push({
    id: 'top-songs',
    title: 'Top 10 songs (matched plays)',
    description: 'The most played songs among plays matched to the catalogue.',
    spec: data.topSongs.length > 0 ? {
      width: WIDTH, height: Math.max(60, data.topSongs.length * 22), title: 'Top 10 songs (matched plays)',
      data: { values: data.topSongs.map((r) => ({ song: `${r.title ?? r.song_id} — ${r.artist ?? '?'}`, plays: r.plays })) },
      mark: { type: 'bar', color: '#54a24b' },
      encoding: {
        y: { field: 'song', type: 'nominal', sort: '-x', title: 'Song — artist', axis: { labelLimit: 300 } },
        x: { field: 'plays', type: 'quantitative', title: 'Plays', axis: { tickMinStep: 1 } },
      },
    } : null,
    table: table(['Song', 'Artist', 'Song id', 'Plays'], data.topSongs.map((r) => [r.title, r.artist, r.song_id, r.plays])),
    note: matchedNote,
  });

  sections.push({
    id: 'top-artists',
    title: 'Top 10 artists (matched plays)',
    description: 'The most played artists among plays matched to the catalogue.',
    spec: data.topArtists.length > 0 ? {
      width: WIDTH, height: Math.max(60, data.topArtists.length * 22), title: 'Top 10 artists (matched plays)',
      data: { values: data.topArtists.map((r) => ({ artist: r.artist ?? r.artist_id, plays: r.plays })) },
      mark: { type: 'bar', color: '#54a24b' },
      encoding: {
        y: { field: 'artist', type: 'nominal', sort: '-x', title: 'Artist', axis: { labelLimit: 300 } },
        x: { field: 'plays', type: 'quantitative', title: 'Plays', axis: { tickMinStep: 1 } },
      },
    } : null,
    table: table(['Artist', 'Artist id', 'Plays'], data.topArtists.map((r) => [r.artist, r.artist_id, r.plays])),
    note: matchedNote,
  });

  const totalUsers = data.levelShare.reduce((s, r) => s + r.users, 0);
  sections.push({
    id: 'level-share',
    title: 'Free vs paid: share of plays and of users',
    description: 'Plays by the level at the time of play; users by their level at their last play in the period.',
    spec: data.levelShare.length > 0 ? {
      width: WIDTH, height: 110, title: 'Free vs paid: share of plays and of users',
      data: { values: data.levelShare.map((r) => ({ level: r.level, Plays: r.plays, Users: r.users })) },
      transform: [{ fold: ['Plays', 'Users'], as: ['measure', 'value'] }],
      mark: 'bar',
      encoding: {
        y: { field: 'measure', type: 'nominal', title: null },
        x: { field: 'value', type: 'quantitative', stack: 'normalize', title: 'Share', axis: { format: '%' } },
        color: { field: 'level', type: 'nominal', title: 'Level' },
      },
    } : null,
    table: table(['Level', 'Plays', 'Share of plays', 'Users', 'Share of users'],
      data.levelShare.map((r) => [r.level, r.plays, pct(r.plays, data.overview.plays), r.users, pct(r.users, totalUsers)])),
  });

  sections.push({
    id: 'level-changes',
    title: 'Level changes over time',
    description: 'Plays where a user\'s level differs from their previous play: free → paid is an upgrade, paid → free a downgrade.',
    spec: data.levelChanges.length > 0 ? {
      width: WIDTH, height: 160, title: 'Level changes over time',
      data: { values: data.levelChanges.map((r) => ({ day: r.day, Upgrades: r.upgrades, Downgrades: r.downgrades })) },
      transform: [{ fold: ['Upgrades', 'Downgrades'], as: ['change', 'users'] }],
      mark: 'bar',
      encoding: {
        x: { field: 'day', type: 'ordinal', title: 'Day (UTC)' },
        y: { field: 'users', type: 'quantitative', title: 'Level changes', axis: { tickMinStep: 1 } },
        color: { field: 'change', type: 'nominal', title: 'Change', scale: { domain: ['Upgrades', 'Downgrades'], range: ['#54a24b', '#e45756'] } },
      },
    } : null,
    table: table(['Day', 'Upgrades', 'Downgrades'], data.levelChanges.map((r) => [r.day, r.upgrades, r.downgrades])),
    note: `${data.users_changing_level.toLocaleString('en-US')} users changed level in the period.`,
  });

  sections.push({
    id: 'top-locations',
    title: 'Top 10 locations',
    description: 'Locations with the most plays.',
    spec: data.topLocations.length > 0 ? {
      width: WIDTH, height: Math.max(60, data.topLocations.length * 22), title: 'Top 10 locations',
      data: { values: data.topLocations },
      mark: { type: 'bar', color: '#72b7b2' },
      encoding: {
        y: { field: 'location', type: 'nominal', sort: '-x', title: 'Location', axis: { labelLimit: 300 } },
        x: { field: 'plays', type: 'quantitative', title: 'Plays' },
      },
    } : null,
    table: table(['Location', 'Plays', 'Users'], data.topLocations.map((r) => [r.location, r.plays, r.users])),
  });

  sections.push({
    id: 'clients',
    title: 'Plays by browser and operating system',
    description: 'Browser and OS families parsed from the user agent of each play.',
    spec: data.clients.length > 0 ? {
      width: WIDTH, height: 180, title: 'Plays by browser and operating system',
      data: { values: data.clients },
      mark: 'bar',
      encoding: {
        y: { field: 'browser', type: 'nominal', sort: '-x', title: 'Browser', axis: { labelLimit: 300 } },
        x: { aggregate: 'sum', field: 'plays', type: 'quantitative', title: 'Plays' },
        color: { field: 'os', type: 'nominal', title: 'Operating system' },
      },
    } : null,
    table: table(['Browser', 'OS', 'Plays', 'Share'], data.clients.map((r) => [r.browser, r.os, r.plays, pct(r.plays, data.overview.plays)])),
  });

  const { plays, matched_plays: matched } = data.overview;
  sections.push({
    id: 'match-rate',
    title: 'Catalogue match rate',
    description: 'Plays whose title, artist and duration match a song file exactly, against the rest.',
    spec: hasPlays ? {
      width: WIDTH, height: 60, title: `Catalogue match rate: ${pct(matched, plays)}`,
      data: { values: [{ status: 'Matched', plays: matched }, { status: 'Not matched', plays: plays - matched }] },
      mark: 'bar',
      encoding: {
        x: { field: 'plays', type: 'quantitative', stack: 'normalize', title: 'Share of plays', axis: { format: '%' } },
        color: { field: 'status', type: 'nominal', title: null, scale: { domain: ['Matched', 'Not matched'], range: ['#54a24b', '#bab0ac'] } },
      },
    } : null,
    table: table(['Plays', 'Matched', 'Not matched', 'Match rate'], hasPlays ? [[plays, matched, plays - matched, pct(matched, plays)]] : []),
  });

  return sections;
}
