import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTextRows, copyTextValue } from '../src/warehouse/postgres/copy-text.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import type { Row, TableDef } from '../src/warehouse/table.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import { dropSchema, postgresReachable, schemaUrl, testSchema } from './helpers/postgres.js';

describe('COPY text encoding', () => {
  it('escapes what COPY text gives a meaning to, and nothing else', () => {
    expect(copyTextValue(null)).toBe('\\N');
    expect(copyTextValue('')).toBe('');
    expect(copyTextValue('\\N')).toBe('\\\\N');
    expect(copyTextValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyTextValue(`it's "quoted", comma`)).toBe(`it's "quoted", comma`);
    expect(copyTextValue('nul\0byte')).toBe('nulbyte');
    expect(copyTextValue(1541044398796.5)).toBe('1541044398796.5');
    expect(copyTextValue(1152921504606846975n)).toBe('1152921504606846975');
    expect(copyTextValue(true)).toBe('t');
    expect(copyTextRows([['a', null], ['b', 2]], 2)).toBe('a\t\\N\nb\t2\n');
  });
});

const reachable = await postgresReachable();

const tricky: TableDef = {
  name: 'copy_tricky',
  columns: [
    { name: 'id', type: 'integer' }, { name: 'label', type: 'text' }, { name: 'big', type: 'bigint' }, { name: 'x', type: 'double' },
  ],
};

describe.skipIf(!reachable)('bulkInsert through COPY on PostgreSQL', () => {
  const schema = testSchema();
  let pg: Warehouse;

  beforeAll(async () => {
    pg = await openWarehouse(schemaUrl(schema));
    await pg.run(pg.dialect.createTable(tricky));
  });
  afterAll(async () => {
    await pg?.close();
    await dropSchema(schema);
  });

  it('round-trips tabs, newlines, backslashes, quotes, NULL and the text "\\N"', async () => {
    const labels = ['tab\there', 'line\nbreak', 'cr\r\nlf', 'back\\slash', '\\N', '', null, `'single' "double"`, 'CafÃ© ☕ 𝄞',
      'trailing backslash\\', '\\t not a tab', ',;|'];
    const rows: Row[] = labels.map((label, i) => [i, label, 2n ** 60n - BigInt(i), i === 0 ? null : 1 / (i + 3)]);
    await pg.run(pg.dialect.clearTable(tricky.name));
    const n = await pg.bulkInsert(tricky, (async function* () { yield rows.slice(0, 5); yield []; yield rows.slice(5); })());
    expect(n).toBe(labels.length);
    const back = await pg.query<{ id: number; label: string | null; big: bigint; x: number | null }>(
      `SELECT id, label, big, x FROM ${pg.dialect.table(tricky.name)} ORDER BY id`);
    expect(back.map((r) => r.label)).toEqual(labels);
    expect(back.map((r) => r.big)).toEqual(rows.map((r) => r[2]));
    expect(back.map((r) => r.x)).toEqual(rows.map((r) => r[3]));
  });

  it('streams 100 batches of 2,000 rows into one COPY and counts every row', async () => {
    await pg.run(pg.dialect.clearTable(tricky.name));
    let produced = 0;
    async function* batches(): AsyncGenerator<Row[]> {
      for (let b = 0; b < 100; b++) {
        const batch: Row[] = [];
        for (let i = 0; i < 2000; i++) batch.push([produced++, `row ${produced}\twith tab`, produced, produced / 7]);
        yield batch;
      }
    }
    expect(await pg.bulkInsert(tricky, batches())).toBe(200_000);
    const [row] = await pg.query<{ n: number; s: number }>(`SELECT COUNT(*) AS n, SUM(id) AS s FROM ${pg.dialect.table(tricky.name)}`);
    expect(row!.n).toBe(200_000);
    expect(Number(row!.s)).toBe((199_999 * 200_000) / 2);
  });

  it('a failing input aborts the COPY: no rows land, the connection stays usable', async () => {
    await pg.run(pg.dialect.clearTable(tricky.name));
    async function* failing(): AsyncGenerator<Row[]> {
      yield [[1, 'first', 1, 1]];
      throw new Error('source broke');
    }
    await expect(pg.bulkInsert(tricky, failing())).rejects.toThrow(/source broke/);
    const [row] = await pg.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${pg.dialect.table(tricky.name)}`);
    expect(row!.n).toBe(0);
  });

  it('compares text byte by byte with binaryText, whatever the column collation', async () => {
    const [row] = await pg.query<{ locale: string; bytes: string }>(
      `SELECT MIN(v COLLATE "en-US-x-icu") AS locale, MIN(${pg.dialect.binaryText('v')}) AS bytes FROM (VALUES ('a'), ('B')) t(v)`);
    expect(row).toEqual({ locale: 'a', bytes: 'B' });
  });

  it('TRUNCATE is undone by a rollback', async () => {
    await pg.run(pg.dialect.clearTable(tricky.name));
    await pg.bulkInsert(tricky, (async function* () { yield [[1, 'kept', 1, 1]] as Row[]; })());
    await expect(pg.transaction(async () => {
      await pg.run(pg.dialect.clearTable(tricky.name));
      throw new Error('abort');
    })).rejects.toThrow('abort');
    const [row] = await pg.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${pg.dialect.table(tricky.name)}`);
    expect(row!.n).toBe(1);
  });
});
