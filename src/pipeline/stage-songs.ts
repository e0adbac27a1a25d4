import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { SONG_FIELDS, stagingSongs } from '../sql/tables.js';
import { recordToRow } from '../records/coerce.js';
import type { SourceFile } from '../source/source.js';
import type { Row } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RejectLog } from './rejects.js';

/** Song files are one small JSON object each; a larger file is rejected rather than buffered. */
export const MAX_SONG_FILE_BYTES = 1 << 20;
/** Many tiny files: read this many at once, so latency (disk or S3) overlaps. */
const READ_CONCURRENCY = 64;

/**
 * Stages song files through JS: tens of thousands of tiny files are read far faster here than by
 * an engine's own reader, which opens and plans each file separately.
 */
export async function stageSongs(
  files: readonly SourceFile[], warehouse: Warehouse, rejects: RejectLog, onProgress: (done: number) => void,
): Promise<number> {
  async function* batches(): AsyncGenerator<Row[]> {
    for (let start = 0; start < files.length; start += READ_CONCURRENCY) {
      const slice = files.slice(start, start + READ_CONCURRENCY);
      const texts = await Promise.all(slice.map(readSongFile));
      const rows: Row[] = [];
      slice.forEach((file, i) => {
        const result = parseSongFile(texts[i]!, file.name);
        if ('row' in result) rows.push(result.row);
        else rejects.add(file.name, result.line, result.reason, result.raw);
      });
      onProgress(start + slice.length);
      yield rows;
    }
  }
  return warehouse.bulkInsert(stagingSongs, batches());
}

export type SongFileText = { text: string } | { error: string };

export async function readSongFile(file: SourceFile): Promise<SongFileText> {
  if (file.size > MAX_SONG_FILE_BYTES) return { error: `song file is ${file.size} bytes, over the ${MAX_SONG_FILE_BYTES} limit` };
  try {
    // A tiny local file is read faster synchronously than through the thread pool (130 ms vs 700 ms for 15,000).
    let bytes = file.localPath ? readFileSync(file.localPath) : await collect(await file.open());
    if (file.name.endsWith('.gz')) bytes = gunzipSync(bytes, { maxOutputLength: MAX_SONG_FILE_BYTES });
    return { text: bytes.toString('utf8') };
  } catch (error) {
    return { error: `unreadable: ${(error as Error).message}` };
  }
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_SONG_FILE_BYTES) {
      stream.destroy();
      throw new Error(`over the ${MAX_SONG_FILE_BYTES}-byte limit`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

type SongResult = { row: Row } | { reason: string; line: number | null; raw: string };

export function parseSongFile(content: SongFileText, name: string): SongResult {
  if ('error' in content) return { reason: content.error, line: null, raw: '' };
  const text = content.text.charCodeAt(0) === 0xfeff ? content.text.slice(1) : content.text;
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    return { reason: `malformed JSON: ${(error as Error).message}`, line: 1, raw: text };
  }
  const parsed = recordToRow(record, SONG_FIELDS, name);
  return 'row' in parsed ? { row: parsed.row } : { reason: parsed.reason, line: 1, raw: text };
}
