// Field order of the public files. Loaders (and Redshift's JSONPaths COPY) depend on it.

export const SONG_FIELDS = [
  'num_songs', 'artist_id', 'artist_latitude', 'artist_longitude', 'artist_location',
  'artist_name', 'song_id', 'title', 'duration', 'year',
] as const;

export const EVENT_FIELDS = [
  'artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location',
  'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId',
] as const;

/** log_json_path.json as published next to song_data/ and log_data/ (4-space indent, no final newline). */
export function jsonPathsText(): string {
  return JSON.stringify({ jsonpaths: EVENT_FIELDS.map((field) => `$['${field}']`) }, null, 4);
}
