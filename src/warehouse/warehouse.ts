import type { Dialect } from './dialect.js';
import type { Row, SqlValue, TableDef } from './table.js';

/** A staging table read straight from JSON-lines files by the engine itself. */
export interface NativeJsonLoad {
  table: TableDef;
  /** JSON field name for each staged column, in table order; `source_file` gets the file's path. */
  fields: readonly { column: string; field: string }[];
  /** Local files (plain or .gz); `source_file` is set to each file's `name`. */
  files: readonly { path: string; name: string }[];
}

/** A staging table loaded by the warehouse itself from JSON files under an S3 prefix. */
export interface S3JsonLoad {
  table: TableDef;
  /** The run the load belongs to: its rejects are recorded under it. */
  runId: string;
  /** `s3://bucket/prefix`: every object under it is loaded; with `manifest`, the manifest's URL. */
  prefix: string;
  /**
   * The objects are compaction parts (src/staging/compact.ts) listed in a manifest: gzip'd JSON
   * lines whose keys are the column names and whose values are already staged as the other
   * engines stage them.
   */
  manifest?: boolean;
  /** JSON field for each loaded column, in order; the table's other columns stay NULL. */
  fields: readonly { column: string; field: string }[];
  /** A JSONPaths file (`s3://…`) listing the fields in the same order; without it keys are matched to column names. */
  jsonPaths?: string;
}

export interface S3LoadResult {
  rows: number;
  files: number;
  /** Lines the engine rejected; they have been written to the `rejects` table. */
  rejects: number;
}

/**
 * The pipeline's only view of an engine. Everything engine-specific sits behind it, in
 * `src/warehouse/<engine>/`; SQL differences are the engine's `Dialect`.
 */
export interface Warehouse {
  readonly dialect: Dialect;
  /** Where the warehouse is, safe to print (no secrets). */
  readonly label: string;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Rows as plain objects; integers that fit in a JS number come back as numbers. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs `work` in one transaction: all of it becomes visible, or none. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Appends rows, batch by batch, with the engine's bulk path (appender, COPY …). */
  bulkInsert(table: TableDef, batches: AsyncIterable<readonly Row[]>): Promise<number>;
  /**
   * Optional capability: load JSON-lines files with the engine's own reader. Resolves to the
   * number of rows, or throws if any line is malformed (the caller then sorts good from bad).
   */
  loadJsonFiles?(load: NativeJsonLoad): Promise<number>;
  /**
   * Optional capability: the warehouse loads straight from S3 (Redshift COPY). Rejected lines go to
   * the `rejects` table like local ones.
   */
  copyFromS3?(load: S3JsonLoad): Promise<S3LoadResult>;
  /** Optional, with copyFromS3: how many slices load in parallel (Redshift STV_SLICES); undefined when unknown. */
  sliceCount?(): Promise<number | undefined>;
  /**
   * Optional: makes this session the warehouse's only loader until it closes, waiting at most
   * `waitMs` for another run to finish; a clear UserError otherwise. Engines without it rely on
   * their own locking (DuckDB's file lock) or on `Dialect.runLock()` inside the transaction.
   */
  lockForRun?(waitMs: number): Promise<void>;
  close(): Promise<void>;
}
