// What a NextSong event plays. About 40% of plays are catalogue songs written exactly as their
// song file (title, that file's artist_name, duration), so the ETL can match them; the rest are
// songs the catalogue lacks. A few plays carry the logs' text quirks: stray spaces and
// double-encoded UTF-8, which break exact matching on purpose.

import type { SongRecord } from './catalogue.js';
import { hasNonAscii, logJsonString, mojibake, pyFloat } from './json-text.js';
import { chance, pick, skewedIndex, type Rng } from './random.js';

export interface Play {
  artistJson: string;
  songJson: string;
  lengthText: string;
  /** Milliseconds until the song ends, i.e. until the player asks for the next one. */
  lengthMs: number;
  /** Whether the catalogue holds a song with exactly this title, artist_name and duration. */
  matches: boolean;
}

/** A playable song, its event-line fragments escaped once; a plain play of it is the track itself. */
interface Track extends Play {
  title: string;
  artist: string;
  duration: number;
}

const RATE = { catalogue: 0.42, spaces: 0.015, mojibake: 0.01 } as const;

/** The first plays of a run, one of each kind, so every kind exists even in tiny samples. */
const FIRST_PLAYS = ['catalogue', 'uncatalogued', 'spaces', 'mojibake'] as const;
type PlayKind = (typeof FIRST_PLAYS)[number];

export class Jukebox {
  private readonly catalogued: Track[] = [];
  private readonly uncatalogued: Track[];
  private readonly accented: Track[];
  private readonly matchKeys = new Set<string>();
  private plays = 0;

  constructor(catalogue: readonly SongRecord[], uncatalogued: ReadonlyArray<{ title: string; artist: string; duration: number }>) {
    for (const song of catalogue) {
      if (typeof song.title !== 'string' || typeof song.artistName !== 'string') {
        continue; // numeric titles/names: never played, so matching does not hinge on number-to-text rules
      }
      this.matchKeys.add(matchKey(song.title, song.artistName, song.duration));
      this.catalogued.push(this.track(song.title, song.artistName, song.duration));
    }
    this.uncatalogued = uncatalogued.map((song) => this.track(song.title, song.artist, song.duration));
    this.accented = [...this.catalogued, ...this.uncatalogued].filter(
      (track) => hasNonAscii(track.title) || hasNonAscii(track.artist),
    );
  }

  play(rng: Rng): Play {
    const kind = FIRST_PLAYS[this.plays++] ?? this.randomKind(rng);
    switch (kind) {
      case 'catalogue':
        return this.catalogued.length > 0 ? this.popular(rng, this.catalogued) : this.popular(rng, this.uncatalogued);
      case 'uncatalogued':
        return this.popular(rng, this.uncatalogued);
      case 'spaces':
        return this.withSpaces(rng, this.someTrack(rng));
      case 'mojibake':
        return this.doubleEncoded(rng, this.accented.length > 0 ? pick(rng, this.accented) : this.someTrack(rng));
    }
  }

  private randomKind(rng: Rng): PlayKind {
    const r = rng();
    if (r < RATE.spaces) return 'spaces';
    if (r < RATE.spaces + RATE.mojibake) return 'mojibake';
    return chance(rng, RATE.catalogue) ? 'catalogue' : 'uncatalogued';
  }

  private someTrack(rng: Rng): Track {
    // Prefer catalogue songs: a near-miss of a real song is what a "trimmed" match option recovers.
    return this.catalogued.length > 0 && chance(rng, 0.6) ? this.popular(rng, this.catalogued) : this.popular(rng, this.uncatalogued);
  }

  private popular(rng: Rng, tracks: readonly Track[]): Track {
    return tracks[skewedIndex(rng, tracks.length)] as Track;
  }

  private withSpaces(rng: Rng, track: Track): Play {
    const r = rng();
    const title = r < 0.4 ? `${track.title} ` : r < 0.7 ? ` ${track.title}` : track.title;
    const artist = r >= 0.7 ? `${track.artist} ` : track.artist;
    return this.variant(track, title, artist);
  }

  private doubleEncoded(rng: Rng, track: Track): Play {
    const times = chance(rng, 0.3) ? 2 : 1;
    return this.variant(track, mojibake(track.title, times), mojibake(track.artist, times));
  }

  private variant(track: Track, title: string, artist: string): Play {
    return {
      artistJson: logJsonString(artist),
      songJson: logJsonString(title),
      lengthText: track.lengthText,
      lengthMs: Math.round(track.duration * 1000),
      matches: this.matchKeys.has(matchKey(title, artist, track.duration)),
    };
  }

  private track(title: string, artist: string, duration: number): Track {
    return {
      title,
      artist,
      duration,
      songJson: logJsonString(title),
      artistJson: logJsonString(artist),
      lengthText: pyFloat(duration),
      lengthMs: Math.round(duration * 1000),
      matches: this.matchKeys.has(matchKey(title, artist, duration)),
    };
  }
}

function matchKey(title: string, artist: string, duration: number): string {
  return `${title}\u0000${artist}\u0000${duration}`;
}
