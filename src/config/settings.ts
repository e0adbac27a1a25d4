import { existsSync } from 'node:fs';
import { UserError } from '../cli/errors.js';
import { readDwhConfig, type DwhConfig } from './dwh-cfg.js';

/** What the user asked for on the command line; undefined means "not given". */
export interface Flags {
  config?: string;
  source?: string;
  warehouse?: string;
}

/** Where the input is: a folder or S3 prefix holding both, or the seed's separate locations. */
export interface SourceSetting {
  songData: string;
  logData: string;
  /** The Redshift JSONPaths file (`[S3] LOG_JSONPATH`), when configured. */
  logJsonPath?: string;
  /** What to call the source in messages. */
  label: string;
}

export interface Settings {
  /** A DuckDB path, `duckdb:PATH`, `postgres://…`, `postgres:` or `redshift://…`; or `dwh.cfg` [CLUSTER]. */
  warehouse: string;
  source?: SourceSetting;
  config: DwhConfig;
}

export const DEFAULT_WAREHOUSE = './sparkify.duckdb';
export const DEFAULT_CONFIG = './dwh.cfg';
/** The warehouse value that means "the Redshift cluster of dwh.cfg [CLUSTER]", as in the seed. */
export const CLUSTER_FROM_CONFIG = 'redshift:dwh.cfg';

/** Precedence: flags, then environment, then dwh.cfg, then defaults. */
export async function resolveSettings(flags: Flags, env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  const configPath = flags.config ?? env.SPARKIFY_CONFIG ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = configPath ? await readDwhConfig(configPath) : {};

  const warehouse = flags.warehouse ?? nonEmpty(env.SPARKIFY_WAREHOUSE) ?? config.WAREHOUSE?.URL
    // As in the seed, [CLUSTER] means Redshift; [WAREHOUSE] settings (SLICES, MAX_ERRORS…) without a URL keep it so.
    ?? (config.CLUSTER ? CLUSTER_FROM_CONFIG : DEFAULT_WAREHOUSE);

  const folder = flags.source ?? nonEmpty(env.SPARKIFY_SOURCE) ?? config.WAREHOUSE?.SOURCE;
  let source: SourceSetting | undefined;
  if (folder !== undefined) {
    source = { songData: joinPrefix(folder, 'song_data'), logData: joinPrefix(folder, 'log_data'), label: folder, logJsonPath: config.S3?.LOG_JSONPATH };
  } else if (config.S3?.SONG_DATA || config.S3?.LOG_DATA) {
    const { SONG_DATA, LOG_DATA, LOG_JSONPATH } = config.S3;
    if (!SONG_DATA || !LOG_DATA) {
      throw new UserError(`${configPath}: [S3] needs both SONG_DATA and LOG_DATA (only ${SONG_DATA ? 'SONG_DATA' : 'LOG_DATA'} is set)`);
    }
    source = { songData: SONG_DATA, logData: LOG_DATA, logJsonPath: LOG_JSONPATH, label: `${SONG_DATA} + ${LOG_DATA}` };
  }
  return { warehouse, source, config };
}

export function requireSource(settings: Settings): SourceSetting {
  if (!settings.source) {
    throw new UserError('no source: pass --source DIR (a folder holding song_data/ and log_data/), set SPARKIFY_SOURCE, or [S3] SONG_DATA and LOG_DATA in dwh.cfg; `sparkify generate ./sample-data` makes one');
  }
  return settings.source;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function joinPrefix(base: string, child: string): string {
  return `${base.replace(/\/+$/, '')}/${child}`;
}
