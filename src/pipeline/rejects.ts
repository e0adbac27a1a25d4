import { rejects as rejectsTable } from '../sql/tables.js';
import type { Row } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { excerpt } from '../records/lines.js';

/** How many rejects a run keeps in memory with their excerpts; the rest are only counted. */
export const MAX_RECORDED_REJECTS = 100_000;

/** Malformed lines and files: every one is counted, the first ones recorded with file, line, reason. */
export class RejectLog {
  private pending: Row[] = [];
  count = 0;

  add(sourceFile: string, line: number | null, reason: string, raw: string): void {
    this.count++;
    if (this.count <= MAX_RECORDED_REJECTS) this.pending.push([sourceFile, line, reason, excerpt(raw)]);
  }

  /** Writes what was recorded since the last flush into the `rejects` table. */
  async flush(warehouse: Warehouse): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await warehouse.bulkInsert(rejectsTable, (async function* () { yield rows; })());
  }
}
