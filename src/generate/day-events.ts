// One day of user activity as event lines in timestamp order. Sessions are sized up front (so the
// day has exactly its quota of events), given start times, and then interleaved with a heap keyed
// on each session's next timestamp. Only the sessions open at a given moment are in memory.

import { DAY_MS, type LogDay } from './day-plan.js';
import type { Jukebox } from './jukebox.js';
import { PAGES, type Page } from './pages.js';
import { chance, rngFor, type Rng } from './random.js';
import { LOGGED_OUT, activeUser, type User, type UserBase } from './users.js';

/** State that carries from one day to the next. */
export interface Simulation {
  readonly seed: number;
  readonly users: UserBase;
  readonly jukebox: Jukebox;
  nextSessionId: number;
  sessionsStarted: number;
  /** Whether the guaranteed level changes (one upgrade, one downgrade) have happened. */
  upgraded: boolean;
  downgraded: boolean;
  nextSongEvents: number;
  matchedPlays: number;
}

interface Session {
  /** Start order within the day: breaks timestamp ties deterministically. */
  seq: number;
  id: number;
  user: User;
  ts: number;
  item: number;
  remaining: number;
  loggedIn: boolean;
  pending: Page | null;
}

/** Relative activity per UTC hour: US evenings are the busiest, US nights the quietest. */
const HOUR_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 1.5, 1.2, 1.2, 1.5, 2.5, 3.5, 4.5, 5, 5.5, 6, 6, 6.5, 7, 7.5, 8, 8.5, 8.5];
const HOUR_CUMULATIVE = HOUR_WEIGHTS.map((_, h) => HOUR_WEIGHTS.slice(0, h + 1).reduce((a, b) => a + b, 0));
const HOUR_TOTAL = HOUR_CUMULATIVE[23] ?? 1;
/** Rough mean time between two events of a session, to keep sessions inside their day. */
const MEAN_GAP_MS = 190_000;
const RATE = { startsLoggedOut: 0.04, homeFirst: 0.45, skip: 0.15 } as const;

export class DayEvents {
  private readonly rng: Rng;
  private readonly dayEnd: number;
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly order: number[];
  private cursor = 0;
  private readonly open: Session[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly day: LogDay,
  ) {
    this.rng = rngFor(sim.seed, 'events', day.index);
    this.dayEnd = day.startMs + DAY_MS - 1;
    this.planSessions(rngFor(sim.seed, 'sessions', day.index));
    this.order = this.starts.map((_, i) => i).sort((a, b) => (this.starts[a] ?? 0) - (this.starts[b] ?? 0) || a - b);
  }

  /** The next event line of the day, or null when the day's quota is written. */
  next(): string | null {
    // Open every session that starts no later than the earliest pending event.
    while (this.cursor < this.order.length) {
      const planned = this.order[this.cursor] as number;
      const start = this.starts[planned] as number;
      const earliest = this.open[0];
      if (earliest && earliest.ts < start) break;
      this.push(this.openSession(planned, start));
      this.cursor++;
    }
    const session = this.pop();
    if (!session) return null;
    const line = this.event(session);
    if (session.remaining > 0) this.push(session);
    return line;
  }

  private planSessions(rng: Rng): void {
    let left = this.day.events;
    while (left > 0) {
      // Mostly short visits, some long listening sessions (as in the public logs, ~9 events on average).
      const mean = chance(rng, 0.1) ? 30 : 6;
      const length = Math.min(left, 250, 1 + Math.floor(-Math.log(1 - rng()) * mean));
      left -= length;
      const target = rng() * HOUR_TOTAL;
      const hour = HOUR_CUMULATIVE.findIndex((c) => c > target);
      let offset = (hour < 0 ? 23 : hour) * 3_600_000 + Math.floor(rng() * 3_600_000);
      const expected = length * MEAN_GAP_MS;
      if (offset + expected > DAY_MS) offset = Math.floor(Math.max(0, DAY_MS - expected) * rng());
      this.starts.push(this.day.startMs + offset);
      this.lengths.push(length);
    }
  }

  private openSession(planned: number, start: number): Session {
    const sim = this.sim;
    const first = sim.sessionsStarted === 0;
    // Every user gets a session before anyone gets a second one, so all users show up.
    const users = sim.users.users;
    const user = sim.sessionsStarted < users.length ? (users[sim.sessionsStarted] as User) : activeUser(sim.users, this.rng());
    sim.sessionsStarted++;
    return {
      seq: planned,
      id: sim.nextSessionId++,
      user,
      ts: start,
      item: 0,
      remaining: this.lengths[planned] as number,
      // The very first session starts logged out, so logged-out events always exist.
      loggedIn: !(first || chance(this.rng, RATE.startsLoggedOut)),
      pending: null,
    };
  }

  private event(s: Session): string {
    const sim = this.sim;
    const rng = this.rng;
    const page = this.choosePage(s);
    const user = s.user;
    const who = s.loggedIn ? user.who : LOGGED_OUT;
    let artist = 'null';
    let song = 'null';
    let length = 'null';
    let gapMs: number;
    if (page === PAGES.nextSong) {
      const play = sim.jukebox.play(rng);
      artist = play.artistJson;
      song = play.songJson;
      length = play.lengthText;
      gapMs = chance(rng, RATE.skip) ? Math.floor(rng() * play.lengthMs) : play.lengthMs;
      sim.nextSongEvents++;
      if (play.matches) sim.matchedPlays++;
    } else {
      gapMs = 1_000 + Math.floor(rng() * 60_000);
    }

    const line =
      '{"artist":' + artist +
      ',"auth":"' + (s.loggedIn ? 'Logged In' : 'Logged Out') +
      '","firstName":' + who.firstName +
      ',"gender":' + who.gender +
      ',"itemInSession":' + s.item +
      ',"lastName":' + who.lastName +
      ',"length":' + length +
      ',"level":"' + user.level +
      '","location":' + who.location +
      page.fragment +
      ',"registration":' + who.registration +
      ',"sessionId":' + s.id +
      ',"song":' + song +
      ',"status":' + page.status +
      ',"ts":' + s.ts +
      ',"userAgent":' + who.userAgent +
      ',"userId":"' + who.userId + '"}';

    this.applyEffects(s, page);
    s.item++;
    s.remaining--;
    s.ts = Math.min(this.dayEnd, s.ts + gapMs);
    return line;
  }

  private choosePage(s: Session): Page {
    if (s.pending) {
      const page = s.pending;
      s.pending = null;
      return page;
    }
    const r = this.rng();
    if (!s.loggedIn) return r < 0.5 ? PAGES.home : r < 0.8 ? PAGES.login : r < 0.9 ? PAGES.about : PAGES.help;
    if (s.item === 0) return r < RATE.homeFirst ? PAGES.home : PAGES.nextSong;

    // One upgrade and one downgrade early in every run, with events after them in the session.
    const sim = this.sim;
    if (s.remaining >= 3 && !sim.upgraded && s.user.level === 'free') {
      sim.upgraded = true;
      s.pending = PAGES.submitUpgrade;
      return PAGES.upgrade;
    }
    if (s.remaining >= 3 && !sim.downgraded && s.user.level === 'paid') {
      sim.downgraded = true;
      s.pending = PAGES.submitDowngrade;
      return PAGES.downgrade;
    }

    if (r < 0.87) return PAGES.nextSong;
    if (r < 0.92) return PAGES.home;
    if (r < 0.932) return PAGES.logout;
    if (r < 0.942) {
      if (chance(this.rng, 0.3)) s.pending = PAGES.saveSettings;
      return PAGES.settings;
    }
    if (r < 0.95) return PAGES.help;
    if (r < 0.956) return PAGES.about;
    if (r < 0.967) {
      // Free users look at upgrading far more often than they do it; paid users rarely leave.
      if (s.user.level === 'free') {
        if (chance(this.rng, 0.3)) s.pending = PAGES.submitUpgrade;
        return PAGES.upgrade;
      }
      if (chance(this.rng, 0.06)) s.pending = PAGES.submitDowngrade;
      return PAGES.downgrade;
    }
    if (r < 0.9682) return PAGES.error;
    return PAGES.nextSong;
  }

  /** What a page does to the session after its event is logged (the event shows the state before). */
  private applyEffects(s: Session, page: Page): void {
    if (page === PAGES.login) {
      s.loggedIn = true;
      s.pending = PAGES.home;
    } else if (page === PAGES.logout) {
      s.loggedIn = false;
      if (chance(this.rng, 0.7)) s.pending = PAGES.home;
    } else if (page === PAGES.submitUpgrade) {
      s.user.level = 'paid';
    } else if (page === PAGES.submitDowngrade) {
      s.user.level = 'free';
    }
  }

  // A binary min-heap on (ts, seq).

  private push(session: Session): void {
    const heap = this.open;
    heap.push(session);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(session, heap[parent] as Session)) break;
      heap[i] = heap[parent] as Session;
      i = parent;
    }
    heap[i] = session;
  }

  private pop(): Session | undefined {
    const heap = this.open;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Session, heap[left] as Session) ? right : left;
      if (!before(heap[child] as Session, last)) break;
      heap[i] = heap[child] as Session;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Session, b: Session): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
}
