import { EVENT_FIELDS, stagingEvents } from '../sql/tables.js';
import { recordToRow } from '../records/coerce.js';
import { decompressed, numberedLines } from '../records/lines.js';
import type { SourceFile } from '../source/source.js';
import type { Row } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RejectLog } from './rejects.js';

const BATCH_ROWS = 2048;

/**
 * Stages event logs. Where the engine reads JSON lines itself (DuckDB on local files) that is the
 * fast path; it fails on the first malformed line, so then every file is checked here, the clean
 * ones go back to the engine and only the files with bad lines are staged line by line.
 */
export async function stageEvents(
  files: readonly SourceFile[], warehouse: Warehouse, rejects: RejectLog, onProgress: (done: number) => void,
): Promise<number> {
  const local = files.every((f) => f.localPath !== undefined);
  if (!warehouse.loadJsonFiles || !local) return stageThroughJs(files, warehouse, rejects, onProgress);

  try {
    return await loadNative(warehouse, files);
  } catch {
    // A malformed line somewhere: find the files that have one.
  }
  const clean: SourceFile[] = [];
  const dirty: SourceFile[] = [];
  for (const file of files) ((await hasBadLine(file)) ? dirty : clean).push(file);
  const nativeRows = await loadNative(warehouse, clean);
  onProgress(nativeRows);
  return nativeRows + await stageThroughJs(dirty, warehouse, rejects, (n) => onProgress(nativeRows + n));
}

function loadNative(warehouse: Warehouse, files: readonly SourceFile[]): Promise<number> {
  return warehouse.loadJsonFiles!({
    table: stagingEvents,
    fields: EVENT_FIELDS.map((c) => ({ column: c.name, field: c.field })),
    files: files.map((f) => ({ path: f.localPath!, name: f.name })),
  });
}

async function hasBadLine(file: SourceFile): Promise<boolean> {
  for await (const _ of parsedLines(file)) if ('reason' in _) return true;
  return false;
}

type LineResult = { row: Row } | { reason: string; line: number; raw: string };

export async function* parsedLines(file: SourceFile): AsyncGenerator<LineResult> {
  for await (const { text, line } of numberedLines(decompressed(await file.open(), file.name))) {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      yield { reason: `malformed JSON: ${(error as Error).message}`, line, raw: text };
      continue;
    }
    const parsed = recordToRow(record, EVENT_FIELDS, file.name);
    yield 'row' in parsed ? parsed : { reason: parsed.reason, line, raw: text };
  }
}

async function stageThroughJs(
  files: readonly SourceFile[], warehouse: Warehouse, rejects: RejectLog, onProgress: (done: number) => void,
): Promise<number> {
  async function* batches(): AsyncGenerator<Row[]> {
    let done = 0;
    let batch: Row[] = [];
    for (const file of files) {
      for await (const result of parsedLines(file)) {
        if ('row' in result) batch.push(result.row);
        else rejects.add(file.name, result.line, result.reason, result.raw);
        if (batch.length === BATCH_ROWS) {
          done += batch.length;
          yield batch;
          batch = [];
          onProgress(done);
        }
      }
    }
    if (batch.length > 0) yield batch;
    onProgress(done + batch.length);
  }
  return warehouse.bulkInsert(stagingEvents, batches());
}
