// DuckDB's own JSON reader staging one kind of file into a table shaped like ours: the reference
// for our staging steps. Prints {"seconds": …} for the INSERT alone.
import { DuckDBInstance } from '@duckdb/node-api';
import { EVENT_FIELDS, SONG_FIELDS, stagingEvents, stagingSongs } from '../dist/sql/tables.js';
import { DuckDBDialect } from '../dist/warehouse/duckdb/duckdb-dialect.js';

const [kind, source, warehouse] = process.argv.slice(2);
const d = new DuckDBDialect();
const [fields, table, glob, reader] = kind === 'songs'
  ? [SONG_FIELDS, stagingSongs, `${source}/song_data/**/*.json`, 'read_json']
  : [EVENT_FIELDS, stagingEvents, `${source}/log_data/**/*.json`, 'read_ndjson'];
const instance = await DuckDBInstance.create(warehouse);
const connection = await instance.connect();
await connection.run(d.createTable(table));
const started = performance.now();
await connection.run(`INSERT INTO ${table.name} SELECT ${fields.map((f) => `"${f.field}"`).join(', ')}, filename
  FROM ${reader}('${glob}', columns = {${fields.map((f) => `'${f.field}': '${d.columnType(f)}'`).join(', ')}}, filename = true)`);
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
connection.closeSync();
instance.closeSync();
