import { UserError } from '../../cli/errors.js';
import { quoteIdent } from '../dialect.js';
import { PostgresDialect } from '../postgres/postgres-dialect.js';
import type { Column, TableDef } from '../table.js';
import type { S3JsonLoad } from '../warehouse.js';

/** How Redshift's COPY reaches S3 and how many bad lines it tolerates. */
export interface S3CopySettings {
  /** `[IAM_ROLE] ARN`: not a secret (it names a role, it grants nothing by itself). */
  iamRole?: string;
  /** `[AWS] KEY` / `SECRET`, used only when no role is configured; masked in every printed plan. */
  accessKey?: { id: string; secret: string };
  region: string;
  maxErrors: number;
}

/** Redshift's upper limit for MAXERROR. */
export const REDSHIFT_MAX_ERRORS = 100_000;

/**
 * Redshift speaks PostgreSQL 8.0 with its own storage: bounded VARCHAR, distribution and sort
 * keys, no isodow, STRTOL rather than bit casts, and a TRUNCATE that commits.
 */
export class RedshiftDialect extends PostgresDialect {
  override readonly engine = 'redshift' as const;
  override readonly enforcesPrimaryKeys = false;

  /** Redshift's LOCK waits until the table is free: a second run queues behind the first. */
  override runLock(): string {
    return `LOCK ${this.table('etl_runs')}`;
  }

  /** VARCHAR(n) counts bytes; TEXT would silently be VARCHAR(256). */
  override columnType(column: Column): string {
    return column.type === 'text' ? `VARCHAR(${column.width ?? 256})` : super.columnType(column);
  }

  /** The seed's layout: the fact distributed and sorted by its key, dimensions copied to every node. */
  override tableOptions(table: TableDef): string {
    const options: string[] = [];
    if (table.distKey) options.push('DISTSTYLE KEY', `DISTKEY (${quoteIdent(table.distKey)})`);
    else if (table.distStyleAll) options.push('DISTSTYLE ALL');
    if (table.sortKey?.length) options.push(`SORTKEY (${table.sortKey.map(quoteIdent).join(', ')})`);
    return options.length === 0 ? '' : `\n${options.join('\n')}`;
  }

  /** TRUNCATE commits the open transaction on Redshift, which would publish an empty star schema. */
  override clearTable(name: string): string {
    return `DELETE FROM ${this.table(name)}`;
  }

  override hashToBigint(textExpr: string): string {
    return `STRTOL(SUBSTRING(MD5(${textExpr}), 1, 15), 16)`;
  }

  /** `dow` is 0 = Sunday … 6; shifted to ISO's 1 = Monday … 7 = Sunday. */
  override isoWeekday(timestampExpr: string): string {
    return `(MOD(CAST(EXTRACT(dow FROM ${timestampExpr}) AS INTEGER) + 6, 7) + 1)`;
  }

  /** Redshift compares VARCHAR byte by byte already (and has no COLLATE "C"). */
  override binaryText(expr: string): string {
    return expr;
  }

  /** Never reached: the Redshift warehouse appends small tables with INSERT (`insertRows`) and stages through S3. */
  override copyFromStdin(_table: TableDef): string {
    throw new Error('Redshift has no COPY FROM STDIN');
  }

  /**
   * One multi-row INSERT of `rows` rows, values as parameters: how Redshift appends the few rows
   * of the bookkeeping tables (load_manifest, rejects). Staging data never goes this way.
   */
  insertRows(table: TableDef, rows: number): string {
    const width = table.columns.length;
    const tuples = Array.from({ length: rows }, (_, r) =>
      `(${table.columns.map((column, c) => `CAST($${r * width + c + 1} AS ${this.columnType(column)})`).join(', ')})`);
    return `INSERT INTO ${this.table(table.name)} (${table.columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES\n${tuples.join(',\n')}`;
  }

  /** Slices of a provisioned cluster; parts come in multiples of it so that every slice loads the same share. */
  sliceCount(): string {
    return 'SELECT COUNT(*) AS slices FROM stv_slices';
  }

  /**
   * COPY of JSON files from S3. With a JSONPaths file fields map to the column list by position.
   * Without one, 'auto' matches JSON keys to column names, case-sensitively: the staging columns
   * are the seed's names lower-cased, so camelCase keys (`firstName`, `userId`) need
   * 'auto ignorecase' or they would load as NULL.
   *
   * Compaction parts (`manifest`) are keyed by column name and hold values already staged as the
   * other engines stage them, so they load with 'auto' and without BLANKSASNULL/EMPTYASNULL:
   * an empty string stays an empty string, exactly as in DuckDB and PostgreSQL.
   */
  copyJsonFromS3(load: S3JsonLoad, settings: S3CopySettings): string {
    const format = load.jsonPaths !== undefined ? literal(s3Url(load.jsonPaths, 'JSONPaths file'))
      : load.fields.every((f) => f.field === f.column) ? `'auto'`
        : `'auto ignorecase'`;
    if (load.jsonPaths === undefined) {
      const unmatched = load.fields.find((f) => f.field.toLowerCase() !== f.column);
      if (unmatched) throw new Error(`column ${unmatched.column} cannot be matched to JSON key ${unmatched.field} without a JSONPaths file`);
    }
    const from = [
      `COPY ${this.table(load.table.name)} (${load.fields.map((f) => quoteIdent(f.column)).join(', ')})`,
      `FROM ${literal(s3Url(load.prefix, load.manifest ? 'manifest' : 'source'))}`,
      authorization(settings),
      `REGION ${literal(settings.region)}`,
    ];
    if (load.manifest) return [...from, 'MANIFEST', 'GZIP', `FORMAT AS JSON ${format}`, 'TRUNCATECOLUMNS', `MAXERROR ${settings.maxErrors}`].join('\n');
    return [
      ...from,
      `FORMAT AS JSON ${format}`,
      // Only TIMESTAMP columns read it; staged ts stays a BIGINT of epoch milliseconds (the transform converts it).
      `TIMEFORMAT 'epochmillisecs'`,
      'TRUNCATECOLUMNS',
      'BLANKSASNULL',
      'EMPTYASNULL',
      `MAXERROR ${settings.maxErrors}`,
    ].join('\n');
  }

  /** The id and row count of this session's last COPY (the id is then a parameter: plain SQL, no leader-node function). */
  lastCopy(): string {
    return 'SELECT pg_last_copy_id() AS query_id, pg_last_copy_count() AS row_count';
  }

  /**
   * The lines COPY `$1` rejected, into `rejects` under run `$2`. STL_LOAD_ERRORS is the provisioned-cluster view;
   * Serverless has only SYS_LOAD_ERROR_DETAIL, which keeps no raw line.
   */
  loadErrorsToRejects(serverless: boolean): string {
    return serverless
      ? `INSERT INTO ${this.table('rejects')} (run_id, source_file, line, reason, excerpt)
SELECT $2, TRIM(file_name), line_number, LEFT(TRIM(error_message) || ' (column ' || TRIM(column_name) || ', code ' || CAST(error_code AS VARCHAR) || ')', 512), NULL
FROM sys_load_error_detail WHERE query_id = $1`
      : `INSERT INTO ${this.table('rejects')} (run_id, source_file, line, reason, excerpt)
SELECT $2, TRIM(filename), line_number, LEFT(TRIM(err_reason) || ' (column ' || TRIM(colname) || ', code ' || CAST(err_code AS VARCHAR) || ')', 512), LEFT(TRIM(raw_line), 200)
FROM stl_load_errors WHERE query = $1`;
  }

  /** Files read and lines rejected by COPY `$1`. */
  copyFigures(serverless: boolean): string {
    return serverless
      ? `SELECT (SELECT COALESCE(MAX(file_count), 0) FROM sys_load_history WHERE query_id = $1) AS files,
       (SELECT COUNT(*) FROM sys_load_error_detail WHERE query_id = $1) AS rejects`
      : `SELECT (SELECT COUNT(DISTINCT filename) FROM stl_load_commits WHERE query = $1) AS files,
       (SELECT COUNT(*) FROM stl_load_errors WHERE query = $1) AS rejects`;
  }
}

function authorization(settings: S3CopySettings): string {
  if (settings.iamRole) return `IAM_ROLE ${literal(settings.iamRole)}`;
  if (settings.accessKey) {
    return `CREDENTIALS ${literal(`aws_access_key_id=${settings.accessKey.id};aws_secret_access_key=${settings.accessKey.secret}`)}`;
  }
  throw new UserError('Redshift COPY from S3 needs [IAM_ROLE] ARN (or [AWS] KEY and SECRET) in dwh.cfg');
}

function s3Url(value: string, what: string): string {
  if (!/^s3:\/\/[^/]+/.test(value)) throw new UserError(`Redshift COPY ${what} must be an s3:// URL, not ${JSON.stringify(value)}`);
  return value;
}

function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
