import type pg from 'pg';
import { UserError } from '../../cli/errors.js';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { assertIdentifier } from '../dialect.js';

/** Where to connect and how to call it in messages; `secrets` are masked from any printed SQL. */
export interface PgTarget {
  config: pg.ClientConfig;
  schema?: string;
  /** Printable: never the password. */
  label: string;
  secrets: string[];
}

const SSL_MODES: Record<string, pg.ClientConfig['ssl']> = {
  disable: false,
  require: { rejectUnauthorized: false },
  'verify-full': true,
};

/**
 * `postgres://user:pass@host:port/db?schema=s&sslmode=require` (or `postgresql://`), or
 * `postgres:` / `postgres:?schema=s` for the standard PG* environment variables. A schema from the
 * URL wins over `[WAREHOUSE] SCHEMA`.
 */
export function postgresTarget(spec: string, dwh: DwhConfig = {}, env: NodeJS.ProcessEnv = process.env): PgTarget {
  const scheme = spec.slice(0, spec.indexOf(':')).toLowerCase();
  const rest = spec.slice(scheme.length + 1);
  if (!rest.startsWith('//')) {
    // Everything from the environment, as psql does; pg reads PGHOST, PGUSER, PGPASSWORD… itself.
    const params = parseParams(new URLSearchParams(rest.replace(/^\?/, '')), spec);
    const user = env.PGUSER ?? env.USER ?? '';
    const label = `postgres://${user}@${env.PGHOST ?? 'localhost'}:${env.PGPORT ?? '5432'}/${env.PGDATABASE ?? user}`;
    return withSchema({ config: { ssl: params.ssl }, label, secrets: env.PGPASSWORD ? [env.PGPASSWORD] : [] }, params.schema ?? dwh.WAREHOUSE?.SCHEMA);
  }
  const url = parseUrl(spec);
  const params = parseParams(url.searchParams, redact(url));
  const target = urlTarget(url, 5432, 'postgres');
  if (params.ssl !== undefined) target.config.ssl = params.ssl;
  return withSchema(target, params.schema ?? dwh.WAREHOUSE?.SCHEMA);
}

/** Host, port, user, password and database of a connection URL, and its printable form. */
export function urlTarget(url: URL, defaultPort: number, scheme: string): PgTarget {
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
  const port = url.port === '' ? defaultPort : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new UserError(`${redact(url)}: no host`);
  return {
    config: { host, port, user: user || undefined, password: password || undefined, database },
    label: `${scheme}://${user ? `${user}@` : ''}${url.host}/${database ?? ''}`,
    secrets: password ? [password, url.password] : [],
  };
}

/** The schema is checked here, before any connection is made with it. */
export function withSchema(target: PgTarget, schema: string | undefined): PgTarget {
  if (schema !== undefined) assertIdentifier(schema, 'schema');
  return schema === undefined ? target : { ...target, schema, label: `${target.label} (schema ${schema})` };
}

export function parseUrl(spec: string): URL {
  try {
    return new URL(spec);
  } catch {
    throw new UserError(`not a valid connection URL: ${spec.replace(/:[^:@/]*@/, ':***@')}`);
  }
}

/** The URL with its password replaced, for messages. */
export function redact(url: URL): string {
  const copy = new URL(url.href);
  if (copy.password) copy.password = '***';
  return copy.href;
}

function parseParams(params: URLSearchParams, shown: string): { schema?: string; ssl?: pg.ClientConfig['ssl'] } {
  const result: { schema?: string; ssl?: pg.ClientConfig['ssl'] } = {};
  for (const [key, value] of params) {
    if (key === 'schema') result.schema = value;
    else if (key === 'sslmode' && value in SSL_MODES) result.ssl = SSL_MODES[value];
    else if (key === 'sslmode') throw new UserError(`${shown}: sslmode must be one of ${Object.keys(SSL_MODES).join(', ')}`);
    else throw new UserError(`${shown}: unknown parameter ${key} (known: schema, sslmode)`);
  }
  return result;
}
