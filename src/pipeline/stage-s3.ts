import { EVENT_FIELDS, SONG_FIELDS, stagingEvents, stagingSongs } from '../sql/tables.js';
import type { S3Location } from '../source/source.js';
import type { S3LoadResult, Warehouse } from '../warehouse/warehouse.js';

/**
 * Stages both prefixes with the warehouse's own S3 loader (Redshift COPY): songs, then events.
 * The engine writes the lines it rejects into `rejects` and returns how many.
 */
export async function stageFromS3(
  s3: S3Location, copyFromS3: NonNullable<Warehouse['copyFromS3']>, runId: string,
): Promise<{ songs: S3LoadResult; events: S3LoadResult }> {
  const songs = await copyFromS3({
    table: stagingSongs, runId, prefix: s3.songData, fields: SONG_FIELDS.map((c) => ({ column: c.name, field: c.field })),
  });
  const events = await copyFromS3({
    table: stagingEvents, runId, prefix: s3.logData, jsonPaths: s3.logJsonPath,
    fields: EVENT_FIELDS.map((c) => ({ column: c.name, field: c.field })),
  });
  return { songs, events };
}
