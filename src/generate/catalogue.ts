// The song catalogue: one record per song file, with the contract's song-file quirks at small,
// seeded rates. The first few records carry each quirk for sure, so even a 50-song catalogue
// exercises every one of them.

import { IdFactory, folderLettersFor } from './ids.js';
import { accentedTitle, artistName, firstName, songTitle, trackDuration } from './names.js';
import { chance, intBetween, pick, rngFor, roundTo, skewedIndex, type Rng } from './random.js';
import { ARTIST_PLACES, NUMERIC_TOKENS } from './words.js';

/** A text field as written: a string, null, or (quirk) a bare JSON number such as 108 or 4.6. */
export type TextValue = string | null | { readonly number: string };

export interface SongRecord {
  trackId: string;
  artistId: string;
  artistLatitude: number | null;
  artistLongitude: number | null;
  artistLocation: TextValue;
  artistName: TextValue;
  songId: string;
  title: TextValue;
  duration: number;
  year: number;
}

interface Artist {
  id: string;
  name: string;
  location: string | null;
  latitude: number | null;
  longitude: number | null;
}

/** Share of songs whose artist has no other song; the rest share an artist (and may conflict). */
const ARTISTS_PER_SONG = 0.85;
const RATE = {
  yearUnknown: 0.45,
  locationEmpty: 0.45,
  locationNull: 0.05,
  coordinatesMissing: 0.2,
  conflict: 0.5,
  numericText: 0.008,
} as const;

/** Record indices that always carry a quirk (when the catalogue is that large). */
const FORCED = {
  numericTitle: 1,
  numericArtistName: 2,
  numericLocation: 3,
  yearZero: 4,
  emptyLocation: 5,
  nullLocation: 6,
  accentedTitle: 7,
} as const;

export function buildCatalogue(seed: number, songCount: number): SongRecord[] {
  const rng = rngFor(seed, 'catalogue');
  const letters = folderLettersFor(songCount);
  const trackIds = new IdFactory('TR', rngFor(seed, 'track-ids'), letters);
  const songIds = new IdFactory('SO', rngFor(seed, 'song-ids'));
  const artistIds = new IdFactory('AR', rngFor(seed, 'artist-ids'));

  const artistCount = Math.max(1, Math.round(songCount * ARTISTS_PER_SONG));
  const artists: Artist[] = [];
  for (let i = 0; i < artistCount; i++) artists.push(newArtist(rng, artistIds.next()));

  const songs: SongRecord[] = [];
  for (let i = 0; i < songCount; i++) {
    // The first artistCount songs get one artist each; later songs join an existing artist.
    const sharesArtist = i >= artistCount;
    const artist = artists[sharesArtist ? skewedIndex(rng, artistCount, 1.5) : i] as Artist;
    const record: SongRecord = {
      trackId: trackIds.next(),
      artistId: artist.id,
      artistLatitude: artist.latitude,
      artistLongitude: artist.longitude,
      artistLocation: artist.location,
      artistName: artist.name,
      songId: songIds.next(),
      title: i === FORCED.accentedTitle ? accentedTitle(rng) : songTitle(rng),
      duration: trackDuration(rng),
      year: chance(rng, RATE.yearUnknown) || i === FORCED.yearZero ? 0 : 2010 - Math.floor(55 * rng() ** 2),
    };
    if (sharesArtist && (i === artistCount || chance(rng, RATE.conflict))) {
      conflictWithArtist(rng, record, artist, i === artistCount);
    }
    addTextQuirks(rng, record, i);
    songs.push(record);
  }
  return songs;
}

function newArtist(rng: Rng, id: string): Artist {
  const name = artistName(rng);
  const r = rng();
  if (r < RATE.locationEmpty) return { id, name, location: '', latitude: null, longitude: null };
  if (r < RATE.locationEmpty + RATE.locationNull) return { id, name, location: null, latitude: null, longitude: null };
  const place = pick(rng, ARTIST_PLACES);
  return chance(rng, RATE.coordinatesMissing)
    ? { id, name, location: place.name, latitude: null, longitude: null }
    : { id, name, location: place.name, latitude: place.latitude, longitude: place.longitude };
}

/**
 * The same artist_id described differently in another song file: a variant name, another place,
 * moved or missing coordinates. `all` forces all three (the one guaranteed example).
 */
function conflictWithArtist(rng: Rng, record: SongRecord, artist: Artist, all: boolean): void {
  const r = rng();
  if (all || r < 0.4) record.artistName = variantName(rng, artist.name);
  if (all) {
    record.artistLocation = artist.location ? `${artist.location}.` : pick(rng, ARTIST_PLACES).name;
  } else if (r >= 0.4 && r < 0.7) {
    // Another place altogether, with that place's coordinates (or none).
    const place = pick(rng, ARTIST_PLACES);
    record.artistLocation = place.name;
    const located = chance(rng, 0.8);
    record.artistLatitude = located ? place.latitude : null;
    record.artistLongitude = located ? place.longitude : null;
    return;
  }
  if (all || r >= 0.7) {
    if (artist.latitude === null || artist.longitude === null) {
      const place = pick(rng, ARTIST_PLACES);
      record.artistLatitude = place.latitude;
      record.artistLongitude = place.longitude;
    } else if (!all && chance(rng, 0.3)) {
      record.artistLatitude = null;
      record.artistLongitude = null;
    } else {
      // Same place, geocoded differently.
      record.artistLatitude = roundTo(artist.latitude + (rng() - 0.5) / 5, 5);
      record.artistLongitude = roundTo(artist.longitude + (rng() - 0.5) / 5, 5);
    }
  }
}

function variantName(rng: Rng, name: string): string {
  const r = rng();
  if (r < 0.3) return name.startsWith('The ') ? name.slice(4) : `The ${name}`;
  if (r < 0.6) return `${name} feat. ${firstName(rng)}`;
  if (r < 0.8) return name.toUpperCase();
  return `${name};${artistName(rng)}`;
}

function addTextQuirks(rng: Rng, record: SongRecord, index: number): void {
  const numeric = (): TextValue => ({ number: pick(rng, NUMERIC_TOKENS) });
  if (index === FORCED.numericTitle || chance(rng, RATE.numericText)) record.title = numeric();
  if (index === FORCED.numericArtistName || chance(rng, RATE.numericText)) record.artistName = numeric();
  if (index === FORCED.numericLocation || chance(rng, RATE.numericText)) record.artistLocation = numeric();
  if (index === FORCED.emptyLocation || index === FORCED.nullLocation) {
    record.artistLocation = index === FORCED.emptyLocation ? '' : null;
    record.artistLatitude = null;
    record.artistLongitude = null;
  }
}

/** Songs users play that the catalogue does not have: same style of names, no song file. */
export function buildUncataloguedSongs(
  seed: number,
  count: number,
): Array<{ title: string; artist: string; duration: number }> {
  const rng = rngFor(seed, 'uncatalogued');
  const songs: Array<{ title: string; artist: string; duration: number }> = [];
  for (let i = 0; i < count; i++) {
    // The first one always has accents, so double-encoded names can be produced from it.
    const accented = i === 0;
    const title = accented ? accentedTitle(rng) : songTitle(rng);
    const artist = accented ? `${artistName(rng)} & Café ${intBetween(rng, 1, 9)}` : artistName(rng);
    songs.push({ title, artist, duration: trackDuration(rng) });
  }
  return songs;
}
