// The baseline for `sparkify etl` on DuckDB: a plain SQL script that stages songs and events with
// DuckDB's own JSON readers and builds the same star schema with the same SQL, no pipeline around it.
import { DuckDBInstance } from '@duckdb/node-api';
import { ALL_TABLES, EVENT_FIELDS, SONG_FIELDS } from '../dist/sql/tables.js';
import { transformSteps } from '../dist/sql/transform.js';
import { DuckDBDialect } from '../dist/warehouse/duckdb/duckdb-dialect.js';

export async function main([source, warehouse]) {
  const d = new DuckDBDialect();
  const columns = (fields) => `{${fields.map((f) => `'${f.field}': '${d.columnType(f)}'`).join(', ')}}`;
  const select = (fields) => fields.map((f) => `"${f.field}"`).join(', ');
  const script = [
    ...ALL_TABLES.map((t) => d.createTable(t)),
    `INSERT INTO staging_songs SELECT ${select(SONG_FIELDS)}, filename FROM read_json('${source}/song_data/**/*.json', columns = ${columns(SONG_FIELDS)}, filename = true)`,
    `INSERT INTO staging_events SELECT ${select(EVENT_FIELDS)}, filename FROM read_ndjson('${source}/log_data/**/*.json', columns = ${columns(EVENT_FIELDS)}, filename = true)`,
    'BEGIN TRANSACTION',
    ...transformSteps(d, 'exact', { kind: 'full' }).map((s) => s.sql),
    'COMMIT',
  ];
  const instance = await DuckDBInstance.create(warehouse);
  const connection = await instance.connect();
  for (const sql of script) await connection.run(sql);
  connection.closeSync();
  instance.closeSync();
  return 0;
}
