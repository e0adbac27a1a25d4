import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silent } from '../src/cli/progress.js';
import { runEtl } from '../src/pipeline/etl.js';
import { LocalSource } from '../src/source/local-source.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';

import { SAMPLE } from './helpers.js';

export { SAMPLE };
export const hasSample = existsSync(join(SAMPLE, 'log_data'));
if (!hasSample) console.warn(`\n!!! SKIPPING sample-based report tests: ${SAMPLE} is missing !!!\n`);

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `sparkify-${prefix}-`));
}

export interface EngineUnderTest {
  name: string;
  spec: string;
}

/**
 * DuckDB always; PostgreSQL when this build's openWarehouse supports it and the server answers.
 * Anything else is skipped loudly (and fails under CI=true when the server is unreachable).
 */
export async function availableEngines(schema: string): Promise<EngineUnderTest[]> {
  const engines: EngineUnderTest[] = [{ name: 'duckdb', spec: join(tempDir('report'), 'sample.duckdb') }];
  const spec = `postgres://postgres@127.0.0.1:5432/test?schema=${schema}`;
  try {
    const warehouse = await openWarehouse(spec);
    await warehouse.query('SELECT 1 AS one');
    await warehouse.close();
    engines.push({ name: 'postgres', spec });
  } catch (error) {
    const message = (error as Error).message;
    if (/not supported yet/i.test(message)) {
      console.warn(`\n!!! SKIPPING PostgreSQL report tests: this build says "${message}" (re-run after the pg engine lands) !!!\n`);
    } else if (process.env.CI === 'true') {
      throw error;
    } else {
      console.warn(`\n!!! SKIPPING PostgreSQL report tests: ${message} !!!\n`);
    }
  }
  return engines;
}

/** Loads the public sample into a warehouse and leaves it open. */
export async function loadSample(spec: string): Promise<Warehouse> {
  const warehouse = await openWarehouse(spec);
  const source = new LocalSource(join(SAMPLE, 'song_data'), join(SAMPLE, 'log_data'), SAMPLE);
  await runEtl({ source, warehouse, reporter: silent });
  return warehouse;
}

export interface RawEvent {
  ts: number;
  userId: string;
  level: string;
  location: string | null;
  page: string;
  sessionId: number;
  itemInSession: number;
}

/** Every event of the sample's log files, read straight from the JSON lines (the test oracle). */
export function sampleEvents(): RawEvent[] {
  const events: RawEvent[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) {
        for (const line of readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\n')) {
          if (line.trim() !== '') events.push(JSON.parse(line) as RawEvent);
        }
      }
    }
  };
  walk(join(SAMPLE, 'log_data'));
  return events;
}
