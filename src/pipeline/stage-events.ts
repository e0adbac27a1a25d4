import { EVENT_FIELDS, stagingEvents } from '../sql/tables.js';
import { recordToRow } from '../records/coerce.js';
import { decompressed, lineBatches } from '../records/lines.js';
import type { SourceFile } from '../source/source.js';
import type { Row } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RejectLog } from './rejects.js';

const BATCH_ROWS = 2048;

/**
 * The engine's own reader stopped on a malformed line. Inside a transaction that aborts the
 * transaction, so the caller rolls back, finds the files with bad lines (`findMalformedFiles`)
 * and runs again with them.
 */
export class MalformedInputError extends Error {}

/**
 * Stages event logs. Where the engine reads JSON lines itself (DuckDB on local files) that is the
 * fast path for every file not known to be malformed; files with malformed lines are staged line
 * by line here, their bad lines rejected with file, line and reason.
 */
export async function stageEvents(
  files: readonly SourceFile[], warehouse: Warehouse, rejects: RejectLog, onProgress: (done: number) => void,
  malformed?: ReadonlySet<string>,
): Promise<number> {
  const local = files.every((f) => f.localPath !== undefined);
  if (!warehouse.loadJsonFiles || !local) return stageThroughJs(files, warehouse, rejects, onProgress);

  const clean = files.filter((f) => !malformed?.has(f.name));
  const dirty = files.filter((f) => malformed?.has(f.name));
  let nativeRows: number;
  try {
    nativeRows = await loadNative(warehouse, clean);
  } catch (error) {
    throw new MalformedInputError(`the engine's JSON reader failed: ${(error as Error).message.split('\n')[0]}`);
  }
  onProgress(nativeRows);
  return nativeRows + await stageThroughJs(dirty, warehouse, rejects, (n) => onProgress(nativeRows + n));
}

/** The names of the files that have at least one line the pipeline would reject. */
export async function findMalformedFiles(files: readonly SourceFile[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const file of files) {
    for await (const result of parsedLines(file)) {
      if ('reason' in result) {
        found.add(file.name);
        break;
      }
    }
  }
  return found;
}

function loadNative(warehouse: Warehouse, files: readonly SourceFile[]): Promise<number> {
  return warehouse.loadJsonFiles!({
    table: stagingEvents,
    fields: EVENT_FIELDS.map((c) => ({ column: c.name, field: c.field })),
    files: files.map((f) => ({ path: f.localPath!, name: f.name })),
  });
}

type LineResult = { row: Row } | { reason: string; line: number; raw: string };

/** Each line of a log file parsed and coerced into a staging row, or the reason it is rejected; a chunk at a time. */
export async function* parsedBatches(file: SourceFile): AsyncGenerator<LineResult[]> {
  for await (const lines of lineBatches(decompressed(await file.open(), file.name))) {
    yield lines.map(({ text, line }): LineResult => {
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        return { reason: `malformed JSON: ${(error as Error).message}`, line, raw: text };
      }
      const parsed = recordToRow(record, EVENT_FIELDS, file.name);
      return 'row' in parsed ? parsed : { reason: parsed.reason, line, raw: text };
    });
  }
}

export async function* parsedLines(file: SourceFile): AsyncGenerator<LineResult> {
  for await (const batch of parsedBatches(file)) yield* batch;
}

async function stageThroughJs(
  files: readonly SourceFile[], warehouse: Warehouse, rejects: RejectLog, onProgress: (done: number) => void,
): Promise<number> {
  async function* batches(): AsyncGenerator<Row[]> {
    let done = 0;
    let batch: Row[] = [];
    for (const file of files) {
      for await (const results of parsedBatches(file)) {
        for (const result of results) {
          if ('row' in result) batch.push(result.row);
          else rejects.add(file.name, result.line, result.reason, result.raw);
        }
        if (batch.length >= BATCH_ROWS) {
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
