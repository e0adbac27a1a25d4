import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { silent } from '../src/cli/progress.js';
import { runEtl, type EtlSummary } from '../src/pipeline/etl.js';
import type { MatchMode } from '../src/sql/transform.js';
import { LocalSource } from '../src/source/local-source.js';
import { STAR_TABLES } from '../src/sql/tables.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';

export const SAMPLE = new URL('../../shared/data/sparkify-sample', import.meta.url).pathname;
export const QUIRKS = new URL('./fixtures/quirks', import.meta.url).pathname;

/** The public sample lives outside the repo; tests that need it say so loudly when it is absent. */
export function sampleAvailable(): boolean {
  if (existsSync(SAMPLE)) return true;
  console.warn(`\n*** SKIPPING: the public sample is not at ${SAMPLE} (../shared is absent) ***\n`);
  return false;
}

/** A temporary folder removed after the test file. */
export function tempDir(prefix = 'sparkify-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function etlInto(warehouse: Warehouse, folder: string, match: MatchMode = 'exact'): Promise<EtlSummary> {
  return runEtl({ source: LocalSource.ofFolder(folder), warehouse, reporter: silent, match });
}

export async function openDuckDB(dir: string, name = 'w.duckdb'): Promise<Warehouse> {
  return openWarehouse(join(dir, name));
}

/** Every star table, rows sorted by their key: what "identical tables" means in tests. */
export async function dumpStar(warehouse: Warehouse): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of STAR_TABLES) {
    const key = table.primaryKey!.join(', ');
    const rows = await warehouse.query(`SELECT * FROM ${warehouse.dialect.table(table.name)} ORDER BY ${key}`);
    dump[table.name] = rows.map((row) => Object.fromEntries(Object.entries(row as object).map(([k, v]) => [k, normalize(v)])));
  }
  return dump;
}

function normalize(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Every table the product owns, every row, in a stable order: "exactly as before". */
export async function dumpEverything(warehouse: Warehouse, except: readonly string[] = []): Promise<Record<string, string[]>> {
  const { ALL_TABLES } = await import('../src/sql/tables.js');
  const dump: Record<string, string[]> = {};
  for (const table of ALL_TABLES) {
    if (except.includes(table.name)) continue;
    const order = table.columns.map((_, i) => i + 1).join(', ');
    const rows = await warehouse.query(`SELECT * FROM ${warehouse.dialect.table(table.name)} ORDER BY ${order}`);
    dump[table.name] = rows.map((row) => JSON.stringify(row, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  return dump;
}

export const CLI = new URL('../dist/cli/main.js', import.meta.url).pathname;

/** Runs `work` with stdout and stderr captured instead of printed. */
export async function captureOutput<T>(work: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => { err += String(chunk); return true; });
  try {
    const result = await work();
    return { result, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

/** The sparkify command run in process, its output captured. */
export async function runCli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const { result, out, err } = await captureOutput(() => main(argv));
  return { code: result, out, err };
}
