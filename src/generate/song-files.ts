// Writes the catalogue as song_data/A/B/C/TRABC....json, one JSON object per file, formatted as
// Python's json.dumps wrote the public files (and, like them, without a final newline).

import { writeFile as writeFileCallback } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SongRecord, TextValue } from './catalogue.js';
import { trackFolders } from './ids.js';
import { pyFloat, songJsonString } from './json-text.js';

/** Files written at once: enough to keep libuv's thread pool busy, few enough to bound memory. */
const CONCURRENT_WRITES = 32;

// The callback writeFile, promisified: for thousands of tiny files it is about twice as fast as
// fs/promises' writeFile, which goes through a FileHandle and chunked writes.
const writeFile = promisify(writeFileCallback);

export function songFileText(song: SongRecord): string {
  return (
    `{"num_songs": 1, "artist_id": "${song.artistId}", ` +
    `"artist_latitude": ${nullableFloat(song.artistLatitude)}, ` +
    `"artist_longitude": ${nullableFloat(song.artistLongitude)}, ` +
    `"artist_location": ${textValue(song.artistLocation)}, ` +
    `"artist_name": ${textValue(song.artistName)}, ` +
    `"song_id": "${song.songId}", "title": ${textValue(song.title)}, ` +
    `"duration": ${pyFloat(song.duration)}, "year": ${song.year}}`
  );
}

export function songFilePath(outDir: string, trackId: string): string {
  return join(outDir, 'song_data', ...trackFolders(trackId), `${trackId}.json`);
}

function nullableFloat(value: number | null): string {
  return value === null ? 'null' : pyFloat(value);
}

function textValue(value: TextValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return songJsonString(value);
  return value.number;
}

/** Returns the bytes written. */
export async function writeSongFiles(outDir: string, songs: readonly SongRecord[]): Promise<number> {
  // Create each folder once, up front, instead of a recursive mkdir per file.
  const folders = new Set(songs.map((song) => join(outDir, 'song_data', ...trackFolders(song.trackId))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));

  // A few workers pulling from a shared cursor: a bounded number of writes in flight, no batch
  // barrier waiting for the slowest file.
  let bytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < songs.length) {
      const song = songs[next++] as SongRecord;
      const text = songFileText(song);
      bytes += text.length; // ASCII only: non-ASCII is written as \uXXXX
      await writeFile(songFilePath(outDir, song.trackId), text);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_WRITES }, worker));
  return bytes;
}
