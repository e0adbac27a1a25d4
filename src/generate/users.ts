// Registered users. Each line of the logs repeats the user's profile, so the profile's JSON
// fragments are escaped once here rather than once per event.

import { logJsonString } from './json-text.js';
import { chance, intBetween, pick, rngFor } from './random.js';
import { FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, METRO_AREAS, USER_AGENTS } from './words.js';

export type Level = 'free' | 'paid';

/** The profile fields of an event line as JSON values (already escaped), null when logged out. */
export interface Who {
  firstName: string;
  gender: string;
  lastName: string;
  location: string;
  registration: string;
  userAgent: string;
  userId: string;
}

export interface User {
  index: number;
  who: Who;
  /** Current level; events show it and Submit Upgrade / Submit Downgrade change it. */
  level: Level;
}

/** What a logged-out event shows, as in the public logs: no profile, userId "". */
export const LOGGED_OUT: Who = {
  firstName: 'null',
  gender: 'null',
  lastName: 'null',
  location: 'null',
  registration: 'null',
  userAgent: 'null',
  userId: '',
};

const DAY_MS = 86_400_000;
const PAID_AT_START = 0.35;

export interface UserBase {
  users: User[];
  /** Cumulative activity weights: a few heavy listeners, many occasional ones. */
  cumulativeActivity: Float64Array;
}

export function buildUsers(seed: number, count: number, periodStartMs: number): UserBase {
  const rng = rngFor(seed, 'users');
  const users: User[] = [];
  const cumulativeActivity = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const female = chance(rng, 0.5);
    const agent = pick(rng, USER_AGENTS);
    // Registered before the period: the ETL may rely on registration preceding any event.
    const registration = periodStartMs - intBetween(rng, 3_600_000, 90 * DAY_MS);
    const who: Who = {
      firstName: logJsonString(female ? pick(rng, FEMALE_FIRST_NAMES) : pick(rng, MALE_FIRST_NAMES)),
      gender: female ? '"F"' : '"M"',
      lastName: logJsonString(pick(rng, LAST_NAMES)),
      location: logJsonString(pick(rng, METRO_AREAS)),
      registration: `${registration}.0`,
      userAgent: logJsonString(agent.quoted ? `"${agent.agent}"` : agent.agent),
      userId: String(i + 1),
    };
    // User 0 starts free and user 1 paid, so both an upgrade and a downgrade can always happen.
    const level: Level = i === 0 ? 'free' : i === 1 ? 'paid' : chance(rng, PAID_AT_START) ? 'paid' : 'free';
    users.push({ index: i, who, level });
    // Pareto-like weights 1..10; paying users listen more (most plays in the public logs are paid).
    total += (level === 'paid' ? 2.5 : 1) / (1 - 0.9 * rng());
    cumulativeActivity[i] = total;
  }
  return { users, cumulativeActivity };
}

/** A user picked in proportion to activity. */
export function activeUser(base: UserBase, u: number): User {
  const weights = base.cumulativeActivity;
  const target = u * (weights[weights.length - 1] ?? 0);
  let lo = 0;
  let hi = weights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((weights[mid] ?? 0) <= target) lo = mid + 1;
    else hi = mid;
  }
  return base.users[lo] as User;
}
