// Song titles and artist names from the word lists. Shared by the catalogue (song files) and by
// the songs users play that are not in the catalogue, so both look alike.

import { chance, pick, type Rng } from './random.js';
import {
  ACCENTED_WORDS,
  ARTIST_SUFFIXES,
  BAND_NOUNS,
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  TITLE_ADJECTIVES,
  TITLE_NOUNS,
  TITLE_PHRASES,
  TITLE_SUFFIXES,
} from './words.js';

export function firstName(rng: Rng): string {
  return chance(rng, 0.5) ? pick(rng, FEMALE_FIRST_NAMES) : pick(rng, MALE_FIRST_NAMES);
}

export function songTitle(rng: Rng): string {
  const r = rng();
  let title: string;
  if (r < 0.35) title = `${pick(rng, TITLE_ADJECTIVES)} ${pick(rng, TITLE_NOUNS)}`;
  else if (r < 0.55) title = pick(rng, TITLE_NOUNS);
  else if (r < 0.72) title = pick(rng, TITLE_PHRASES);
  else if (r < 0.82) title = `The ${pick(rng, TITLE_NOUNS)} ${pick(rng, TITLE_NOUNS)}`;
  else if (r < 0.92) title = accentedTitle(rng);
  else title = `${pick(rng, TITLE_PHRASES)} ${pick(rng, TITLE_NOUNS)}`;
  return chance(rng, 0.1) ? title + pick(rng, TITLE_SUFFIXES) : title;
}

export function accentedTitle(rng: Rng): string {
  return chance(rng, 0.5) ? pick(rng, ACCENTED_WORDS) : `${pick(rng, ACCENTED_WORDS)} ${pick(rng, TITLE_NOUNS)}`;
}

export function artistName(rng: Rng): string {
  const r = rng();
  if (r < 0.3) return `${firstName(rng)} ${pick(rng, LAST_NAMES)}`;
  if (r < 0.52) return `The ${pick(rng, BAND_NOUNS)}`;
  if (r < 0.64) return `The ${pick(rng, TITLE_ADJECTIVES)} ${pick(rng, BAND_NOUNS)}`;
  if (r < 0.76) return `${pick(rng, TITLE_ADJECTIVES)} ${pick(rng, TITLE_NOUNS)}`;
  if (r < 0.84) return `${firstName(rng)} ${pick(rng, LAST_NAMES)}${pick(rng, ARTIST_SUFFIXES)}`;
  if (r < 0.92) return accentedArtistName(rng);
  return `${firstName(rng)} ${pick(rng, LAST_NAMES)} & ${firstName(rng)} ${pick(rng, LAST_NAMES)}`;
}

export function accentedArtistName(rng: Rng): string {
  return chance(rng, 0.5) ? `${pick(rng, ACCENTED_WORDS)} ${pick(rng, BAND_NOUNS)}` : `Los ${pick(rng, ACCENTED_WORDS)}`;
}

/** A track length in seconds with 5 decimals, mostly 2-6 minutes (log-normal around 3:50). */
export function trackDuration(rng: Rng): number {
  // Box-Muller; 1 - rng() keeps the logarithm finite.
  const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const seconds = Math.min(1800, Math.max(20, Math.exp(Math.log(230) + 0.4 * normal)));
  return Math.round(seconds * 100000) / 100000;
}
