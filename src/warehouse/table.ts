/** Logical column types; each engine's dialect maps them to its own SQL types. */
export type ColumnType = 'text' | 'integer' | 'bigint' | 'double' | 'timestamp';

export interface Column {
  name: string;
  type: ColumnType;
  /** Longest text the column must hold; only engines with bounded VARCHAR (Redshift) use it. */
  width?: number;
  notNull?: boolean;
}

/** A table as every engine sees it; physical layout hints are read only by engines that have them. */
export interface TableDef {
  name: string;
  columns: readonly Column[];
  primaryKey?: readonly string[];
  /** Redshift: distribute rows by this column (fact table) … */
  distKey?: string;
  /** … or copy the whole table to every node (small dimensions). */
  distStyleAll?: boolean;
  sortKey?: readonly string[];
}

export type SqlValue = string | number | bigint | boolean | null;
export type Row = readonly SqlValue[];
