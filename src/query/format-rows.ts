import { displayValue } from '../report/queries.js';

export type RowFormat = 'table' | 'csv' | 'json';
type Rows = readonly Record<string, unknown>[];

const MAX_CELL = 100;

function columnsOf(rows: Rows): string[] {
  return rows.length > 0 ? Object.keys(rows[0]!) : [];
}

/** An aligned text table; numbers right-aligned, NULL shown as NULL, long cells cut with …. */
export function formatTable(rows: Rows): string {
  if (rows.length === 0) return '(no rows)\n';
  const columns = columnsOf(rows);
  const cells = rows.map((row) => columns.map((c) => {
    const text = displayValue(row[c]) ?? 'NULL';
    const line = text.replace(/\r?\n/g, '↵');
    return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
  }));
  const isNumber = (v: unknown) => typeof v === 'number' || typeof v === 'bigint';
  const numeric = columns.map((c) => rows.some((row) => isNumber(row[c])) && rows.every((row) => row[c] === null || isNumber(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const pad = (text: string, i: number) => (numeric[i] ? text.padStart(widths[i]!) : text.padEnd(widths[i]!));
  const lines = [
    columns.map(pad).join('  ').trimEnd(),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((r) => r.map(pad).join('  ').trimEnd()),
    `(${rows.length.toLocaleString('en-US')} row${rows.length === 1 ? '' : 's'})`,
  ];
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: fields with a comma, quote, CR or LF (or edge spaces) are quoted, quotes doubled. */
export function csvField(value: unknown): string {
  const text = displayValue(value);
  if (text === null) return '';
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(rows: Rows): string {
  if (rows.length === 0) return '';
  const columns = columnsOf(rows);
  const lines = [columns.map(csvField).join(','), ...rows.map((row) => columns.map((c) => csvField(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A JSON array of objects; timestamps as ISO strings, integers beyond 2^53 as strings. */
export function formatJson(rows: Rows): string {
  return `${JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`;
}

export function formatRows(rows: Rows, format: RowFormat): string {
  return format === 'csv' ? formatCsv(rows) : format === 'json' ? formatJson(rows) : formatTable(rows);
}
