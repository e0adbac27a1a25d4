import type { SourceFile } from '../source/source.js';
import type { Warehouse } from '../warehouse/warehouse.js';

export interface RunPlan {
  songs: SourceFile[];
  events: SourceFile[];
  /** Already loaded, same size and version: not read again. */
  skipped: number;
  /** Loaded before but changed since: their old rows are replaced, and the star schema rebuilt. */
  changed: string[];
  /** Nothing was loaded before: building everything at once is cheaper than by touched keys. */
  firstLoad: boolean;
}

/** Compares the source with the load manifest: only new or changed files are read. */
export async function planRun(
  warehouse: Warehouse, songFiles: SourceFile[], eventFiles: SourceFile[], fullRefresh: boolean,
): Promise<RunPlan> {
  if (fullRefresh) return { songs: songFiles, events: eventFiles, skipped: 0, changed: [], firstLoad: false };
  const loaded = new Map<string, { size: number; version: string }>();
  const rows = await warehouse.query<{ source_file: string; size: number; version: string }>(
    `SELECT source_file, size, version FROM ${warehouse.dialect.table('load_manifest')}`);
  for (const row of rows) loaded.set(row.source_file, { size: Number(row.size), version: row.version });
  let skipped = 0;
  const changed: string[] = [];
  const pick = (files: SourceFile[]) => files.filter((file) => {
    const before = loaded.get(file.name);
    if (before === undefined) return true;
    if (before.size === file.size && before.version === file.version) {
      skipped++;
      return false;
    }
    changed.push(file.name);
    return true;
  });
  return { songs: pick(songFiles), events: pick(eventFiles), skipped, changed, firstLoad: loaded.size === 0 };
}
