/**
 * Decides whether `sparkify query` may run a statement: one statement, starting with a reading
 * keyword, with no writing keyword anywhere outside strings, quoted names and comments. This is
 * the first guard; the engine's read-only mode (READ_ONLY file, READ ONLY transaction) the second.
 */

export interface Token {
  kind: 'word' | 'symbol';
  text: string;
  /** Offset just after the token in the SQL text. */
  end: number;
}

const READING = new Set(['SELECT', 'WITH', 'EXPLAIN', 'SHOW', 'DESCRIBE', 'VALUES', 'TABLE']);
/**
 * Keywords that write or change state and can hide inside a reading statement: `WITH x AS
 * (DELETE …) SELECT`, `EXPLAIN ANALYZE INSERT …`, `SELECT … INTO t`, `SELECT … FOR UPDATE`.
 * A column with one of these names must be written quoted ("begin").
 */
const WRITING = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'INTO', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'COPY',
  'EXECUTE', 'DECLARE', 'GRANT', 'REVOKE', 'ATTACH', 'DETACH', 'INSTALL', 'PRAGMA', 'CALL', 'VACUUM',
  'CHECKPOINT', 'EXPORT', 'IMPORT', 'BEGIN', 'COMMIT', 'ROLLBACK', 'UNLOAD',
]);

export class UnsafeSqlError extends Error {}

/** Splits SQL into words and symbols, skipping whitespace, comments and the insides of strings. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const fail = (what: string): never => { throw new UnsafeSqlError(`unterminated ${what} in the query`); };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && next === '*') {
      // PostgreSQL nests block comments; so do we.
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (i >= n) fail('comment');
        if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; } else if (sql[i] === '*' && sql[i + 1] === '/') { depth--; i += 2; } else i++;
      }
      continue;
    }
    if (c === "'" || ((c === 'E' || c === 'e') && next === "'")) {
      const backslashes = c !== "'";
      i += backslashes ? 2 : 1;
      for (;;) {
        if (i >= n) fail('string');
        if (backslashes && sql[i] === '\\') { i += 2; continue; }
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") { i += 2; continue; }
          i++;
          break;
        }
        i++;
      }
      tokens.push({ kind: 'symbol', text: "'…'", end: i });
      continue;
    }
    if (c === '"') {
      i++;
      for (;;) {
        if (i >= n) fail('quoted name');
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') { i += 2; continue; }
          i++;
          break;
        }
        i++;
      }
      tokens.push({ kind: 'symbol', text: '"…"', end: i });
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) fail('dollar-quoted string');
        i = end + tag[0].length;
        tokens.push({ kind: 'symbol', text: "'…'", end: i });
        continue;
      }
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 200));
    if (word) {
      i += word[0].length;
      tokens.push({ kind: 'word', text: word[0].toUpperCase(), end: i });
      continue;
    }
    i++;
    tokens.push({ kind: 'symbol', text: c, end: i });
  }
  return tokens;
}

/**
 * Checks that `sql` is one reading statement; returns it without trailing semicolons.
 * Throws UnsafeSqlError with a one-line reason otherwise.
 */
export function assertReadOnly(sql: string): { sql: string; keyword: string } {
  const tokens = tokenize(sql);
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.text === ';') end--;
  if (end === 0) throw new UnsafeSqlError('the query is empty');
  const body = tokens.slice(0, end);
  if (body.some((t) => t.text === ';')) throw new UnsafeSqlError('only one statement is allowed');
  const first = body.find((t) => t.text !== '(');
  if (!first || first.kind !== 'word' || !READING.has(first.text)) {
    throw new UnsafeSqlError(`only SELECT, WITH, EXPLAIN, SHOW and DESCRIBE are allowed (got ${first?.text ?? 'nothing'})`);
  }
  const writing = body.find((t) => t.kind === 'word' && WRITING.has(t.text));
  if (writing) throw new UnsafeSqlError(`${writing.text} is not allowed: sparkify query only reads`);
  // Cut after the last token: trailing semicolons and comments go, so the query can be wrapped.
  return { sql: sql.slice(0, body[body.length - 1]!.end), keyword: first.text };
}
