import type { Row, SqlValue } from '../table.js';

/** Characters COPY's text format gives a meaning to, plus NUL, which PostgreSQL text cannot hold. */
const SPECIAL = /[\\\t\n\r\0]/;
const SPECIAL_ALL = /[\\\t\n\r\0]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/**
 * One value in COPY's text format. Quotes need no escaping there (only CSV quotes); a backslash,
 * tab, newline and carriage return do, and `\N` is NULL. NUL characters are dropped: PostgreSQL
 * text cannot store them at all.
 */
export function copyTextValue(value: SqlValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'string') return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value);
}

/** A batch of rows as COPY text: one line per row, columns separated by tabs. */
export function copyTextRows(rows: readonly Row[], columns: number): string {
  let out = '';
  for (const row of rows) {
    for (let i = 0; i < columns; i++) {
      if (i > 0) out += '\t';
      out += copyTextValue(row[i] ?? null);
    }
    out += '\n';
  }
  return out;
}
