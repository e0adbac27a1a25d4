import { rejects as rejectsTable } from '../sql/tables.js';
import type { Row } from '../warehouse/table.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { excerpt } from '../records/lines.js';

/** How many rejects a run keeps in memory with their excerpts; the rest are only counted. */
export const MAX_RECORDED_REJECTS = 100_000;

export interface Reject {
  sourceFile: string;
  line: number | null;
  reason: string;
  excerpt: string;
}

/** Malformed lines and files: every one is counted, the first ones recorded with file, line, reason. */
export class RejectLog {
  private pending: Reject[] = [];
  readonly byFile = new Map<string, number>();
  count = 0;

  constructor(readonly runId: string) {}

  add(sourceFile: string, line: number | null, reason: string, raw: string): void {
    this.count++;
    this.byFile.set(sourceFile, (this.byFile.get(sourceFile) ?? 0) + 1);
    if (this.count <= MAX_RECORDED_REJECTS) this.pending.push({ sourceFile, line, reason, excerpt: excerpt(raw) });
  }

  /** Forgets everything, for a run that starts over. */
  reset(): void {
    this.pending = [];
    this.byFile.clear();
    this.count = 0;
  }

  /** The first few recorded, for a message when the run fails because of them. */
  sample(limit: number): Reject[] {
    return this.pending.slice(0, limit);
  }

  /** Writes what was recorded since the last flush into the `rejects` table. */
  async flush(warehouse: Warehouse): Promise<void> {
    if (this.pending.length === 0) return;
    const rows: Row[] = this.pending.map((r) => [this.runId, r.sourceFile, r.line, r.reason, r.excerpt]);
    this.pending = [];
    await warehouse.bulkInsert(rejectsTable, (async function* () { yield rows; })());
  }
}
