import type { StagingColumn } from '../sql/tables.js';
import type { SqlValue } from '../warehouse/table.js';

export type Parsed = { row: SqlValue[] } | { reason: string };

const INTEGER_TEXT = /^\s*-?\d+\s*$/;
const NUMBER_TEXT = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * One JSON record as a staging row. The rules are those of the engines' own JSON readers, so that
 * every load path stages the same values: numbers where text is expected are kept as text, numeric
 * text where a number is expected is read as a number, and anything else is a reject.
 */
export function recordToRow(record: unknown, fields: readonly StagingColumn[], sourceFile: string): Parsed {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    return { reason: 'not a JSON object' };
  }
  const values = record as Record<string, unknown>;
  const row: SqlValue[] = new Array(fields.length + 1);
  for (let i = 0; i < fields.length; i++) {
    const column = fields[i]!;
    const value = coerce(values[column.field], column.type);
    if (value === undefined) {
      return { reason: `${column.field}: expected ${column.type === 'text' ? 'text' : `a ${column.type} number`}, got ${describe(values[column.field])}` };
    }
    row[i] = value;
  }
  row[fields.length] = sourceFile;
  return { row };
}

/** The staged value, or undefined when the value cannot be that type. */
function coerce(value: unknown, type: StagingColumn['type']): SqlValue | undefined {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'text':
      return typeof value === 'string' ? value
        : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'integer':
    case 'bigint':
      if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
      if (typeof value === 'string') return value.trim() === '' ? null : INTEGER_TEXT.test(value) ? Number(value) : undefined;
      return undefined;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'string') return value.trim() === '' ? null : NUMBER_TEXT.test(value) ? Number(value) : undefined;
      return undefined;
    case 'timestamp':
      return undefined;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value).slice(0, 40);
}
