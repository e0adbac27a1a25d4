import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryCommand } from '../src/cli/commands/query.js';
import { UserError } from '../src/cli/errors.js';
import { csvField, formatCsv, formatJson, formatTable } from '../src/query/format-rows.js';
import { assertReadOnly, tokenize, UnsafeSqlError } from '../src/query/read-only-sql.js';
import { runReadOnlyQuery } from '../src/query/run-query.js';
import { openWarehouse } from '../src/warehouse/open-warehouse.js';
import { tempDir } from './report-helpers.js';
import { captureOutput } from './helpers.js';

describe('assertReadOnly', () => {
  it.each([
    'SELECT 1',
    'select * from songplays;',
    '  WITH x AS (SELECT 1 AS a) SELECT a FROM x ;; ',
    '(SELECT 1) UNION (SELECT 2)',
    'EXPLAIN SELECT * FROM songplays',
    'EXPLAIN ANALYZE SELECT 1',
    'SHOW TABLES',
    'DESCRIBE songplays',
    "SELECT 'drop table users; insert into x' AS s",
    'SELECT 1 -- ; DROP TABLE users',
    'SELECT /* ; delete from users */ 1',
    'SELECT "delete" FROM t',
    "SELECT E'it\\'s; DROP' AS s",
    'SELECT $$; DROP TABLE users$$ AS s',
    'SELECT $tag$ ; $tag$ AS s',
    "SELECT replace(title, 'a', 'b') FROM songs",
  ])('accepts %s', (sql) => {
    expect(() => assertReadOnly(sql)).not.toThrow();
  });

  it.each([
    ['INSERT INTO users VALUES (1)', /got INSERT/],
    ['drop table users', /got DROP/],
    ['DELETE FROM users', /got DELETE/],
    ['UPDATE users SET level = 1', /got UPDATE/],
    ['CREATE TABLE x AS SELECT 1', /got CREATE/],
    ['SELECT 1; DROP TABLE users', /one statement/],
    ['SELECT 1; SELECT 2', /one statement/],
    ['WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d', /DELETE is not allowed/],
    ['EXPLAIN ANALYZE INSERT INTO users SELECT * FROM users', /INSERT is not allowed/],
    ['SELECT * INTO new_users FROM users', /INTO is not allowed/],
    ['SELECT * FROM users FOR UPDATE', /UPDATE is not allowed/],
    ['COPY users TO \'/tmp/x.csv\'', /got COPY/],
    ['ATTACH \'x.db\'', /got ATTACH/],
    ['', /empty/],
    [' ; ; ', /empty/],
    ['-- only a comment', /empty/],
    ["SELECT 'unterminated", /unterminated string/],
    ['SELECT /* unterminated', /unterminated comment/],
  ])('refuses %s', (sql, reason) => {
    expect(() => assertReadOnly(sql)).toThrow(UnsafeSqlError);
    expect(() => assertReadOnly(sql)).toThrow(reason);
  });

  it('cuts trailing semicolons and comments so the statement can be wrapped', () => {
    expect(assertReadOnly('SELECT 1 AS a ; -- done').sql).toBe('SELECT 1 AS a');
    expect(tokenize("a 'b;c' \"d\" -- e\n f").map((t) => t.text)).toEqual(['A', "'…'", '"…"', 'F']);
  });
});

describe('row formats', () => {
  const rows = [
    { name: 'plain', n: 1, note: null },
    { name: 'a,b "quoted"\nline', n: 22, note: ' edge ' },
  ];

  it('csv quotes commas, quotes, newlines and edge spaces, and leaves NULL empty', () => {
    expect(formatCsv(rows)).toBe('name,n,note\r\nplain,1,\r\n"a,b ""quoted""\nline",22," edge "\r\n');
    expect(csvField(new Date(Date.UTC(2018, 10, 1, 21, 1, 46, 796)))).toBe('2018-11-01 21:01:46.796');
    expect(formatCsv([])).toBe('');
  });

  it('table aligns columns, right-aligns numbers and counts rows', () => {
    const lines = formatTable([{ a: 'x', n: 5 }, { a: 'longer', n: 1234 }]).split('\n');
    expect(lines).toEqual(['a          n', '------  ----', 'x          5', 'longer  1234', '(2 rows)', '']);
    expect(formatTable([])).toBe('(no rows)\n');
  });

  it('json is an array; big integers become strings', () => {
    expect(JSON.parse(formatJson([{ a: 1, b: 2n ** 62n }]))).toEqual([{ a: 1, b: '4611686018427387904' }]);
    expect(formatJson([])).toBe('[]\n');
  });
});

describe('sparkify query on DuckDB', () => {
  const path = join(tempDir('query'), 'q.duckdb');
  let out = '';
  let err = '';

  beforeAll(async () => {
    const warehouse = await openWarehouse(path);
    await warehouse.run(`CREATE TABLE users (user_id VARCHAR, first_name VARCHAR, level VARCHAR)`);
    await warehouse.run(`INSERT INTO users SELECT CAST(i AS VARCHAR), 'N' || i, CASE WHEN i % 3 = 0 THEN 'paid' ELSE 'free' END FROM range(1, 26) t(i)`);
    await warehouse.run(`INSERT INTO users VALUES ('x', 'Smith, "Jo"', NULL)`);
    await warehouse.close();
  });
  afterAll(() => vi.restoreAllMocks());

  async function run(...args: string[]): Promise<void> {
    ({ out, err } = await captureOutput(() => queryCommand().exitOverride().parseAsync([...args, '--warehouse', path], { from: 'user' })));
  }

  it('prints an aligned table by default', async () => {
    await run('SELECT level, COUNT(*) AS users FROM users GROUP BY level ORDER BY level NULLS LAST');
    expect(out).toBe('level  users\n-----  -----\nfree      17\npaid       8\nNULL       1\n(3 rows)\n');
  });

  it('prints CSV with proper quoting', async () => {
    await run('--format', 'csv', "SELECT user_id, first_name FROM users WHERE user_id IN ('1', 'x') ORDER BY user_id");
    expect(out).toBe('user_id,first_name\r\n1,N1\r\nx,"Smith, ""Jo"""\r\n');
  });

  it('prints a JSON array', async () => {
    await run('--format', 'json', "SELECT user_id, level FROM users WHERE user_id IN ('3', 'x') ORDER BY user_id");
    expect(JSON.parse(out)).toEqual([{ user_id: '3', level: 'paid' }, { user_id: 'x', level: null }]);
  });

  it('handles an empty result in every format', async () => {
    await run("SELECT * FROM users WHERE user_id = 'nobody'");
    expect(out).toBe('(no rows)\n');
    await run('--format', 'json', "SELECT * FROM users WHERE user_id = 'nobody'");
    expect(JSON.parse(out)).toEqual([]);
    await run('--format', 'csv', "SELECT * FROM users WHERE user_id = 'nobody'");
    expect(out).toBe('');
  });

  it('caps the rows at --limit with a notice on stderr', async () => {
    await run('--format', 'json', '--limit', '10', 'SELECT * FROM users ORDER BY user_id');
    expect(JSON.parse(out)).toHaveLength(10);
    expect(err).toMatch(/first 10 rows; there are more/);
    await run('--format', 'json', '--limit', '26', 'SELECT * FROM users');
    expect(JSON.parse(out)).toHaveLength(26);
    expect(err).toBe('');
  });

  it('refuses INSERT, DROP and several statements, and the table is untouched', async () => {
    await expect(run("INSERT INTO users VALUES ('y', 'Y', 'free')")).rejects.toThrow(/query refused: .*INSERT/);
    await expect(run('DROP TABLE users')).rejects.toThrow(UserError);
    await expect(run('SELECT 1; DROP TABLE users')).rejects.toThrow(/one statement/);
    await run('SELECT COUNT(*) AS n FROM users');
    expect(out).toContain('26');
  });

  it('opens DuckDB read-only, so a write that slipped past the check still fails', async () => {
    const warehouse = await openWarehouse(path, {}, { readOnly: true });
    try {
      await expect(warehouse.run("INSERT INTO users VALUES ('y', 'Y', 'free')")).rejects.toThrow(/read-only/i);
      const { rows } = await runReadOnlyQuery(warehouse, 'SELECT COUNT(*) AS n FROM users', 5);
      expect(rows).toEqual([{ n: 26 }]);
    } finally {
      await warehouse.close();
    }
  });

  it('reports engine errors and a missing warehouse in one line', async () => {
    await expect(run('SELECT * FROM no_such_table')).rejects.toThrow(/query failed: .*no_such_table/);
    await expect(queryCommand().exitOverride().parseAsync(['SELECT 1', '--warehouse', join(tempDir('q'), 'missing.duckdb')], { from: 'user' }))
      .rejects.toThrow(UserError);
  });
});
