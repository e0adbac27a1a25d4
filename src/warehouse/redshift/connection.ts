import { UserError } from '../../cli/errors.js';
import type { DwhConfig } from '../../config/dwh-cfg.js';
import { parseUrl, redact, urlTarget, withSchema, type PgTarget } from '../postgres/connection.js';
import { REDSHIFT_MAX_ERRORS, type S3CopySettings } from './redshift-dialect.js';

export interface RedshiftTarget extends PgTarget {
  copy: S3CopySettings;
  /** Redshift Serverless has SYS_* views only, no STL_* tables. */
  serverless: boolean;
}

export const DEFAULT_REGION = 'us-west-2';
const DEFAULT_PORT = 5439;

/**
 * `redshift://user:pass@host:5439/db?schema=s`, or `redshift:dwh.cfg` (what settings chooses
 * when dwh.cfg has `[CLUSTER]` and no `[WAREHOUSE]`): the seed's HOST, DB_NAME, DB_USER,
 * DB_PASSWORD, DB_PORT. Either way COPY takes `[IAM_ROLE] ARN` and the region from dwh.cfg.
 */
export function redshiftTarget(spec: string, dwh: DwhConfig = {}): RedshiftTarget {
  let target: PgTarget;
  let schema = dwh.WAREHOUSE?.SCHEMA;
  if (/^redshift:\/\//i.test(spec)) {
    const url = parseUrl(spec);
    for (const [key, value] of url.searchParams) {
      if (key !== 'schema') throw new UserError(`${redact(url)}: unknown parameter ${key} (known: schema)`);
      schema = value;
    }
    target = urlTarget(url, DEFAULT_PORT, 'redshift');
  } else {
    target = clusterTarget(dwh);
  }
  // Redshift clusters accept TLS with certificates public CAs sign; verify them.
  target.config.ssl = true;
  const accessKey = dwh.AWS?.KEY && dwh.AWS.SECRET ? { id: dwh.AWS.KEY, secret: dwh.AWS.SECRET } : undefined;
  const maxErrors = dwh.WAREHOUSE?.MAX_ERRORS ?? REDSHIFT_MAX_ERRORS;
  if (maxErrors > REDSHIFT_MAX_ERRORS) {
    throw new UserError(`[WAREHOUSE] MAX_ERRORS = ${maxErrors}: Redshift allows at most ${REDSHIFT_MAX_ERRORS}`);
  }
  return {
    ...withSchema(target, schema),
    secrets: [...target.secrets, ...(accessKey ? [accessKey.secret, accessKey.id] : [])],
    copy: {
      iamRole: dwh.IAM_ROLE?.ARN,
      accessKey,
      region: dwh.S3?.REGION ?? dwh.WAREHOUSE?.REGION ?? DEFAULT_REGION,
      maxErrors,
    },
    serverless: /\.redshift-serverless\.amazonaws\.com$/i.test(String(target.config.host ?? '')),
  };
}

function clusterTarget(dwh: DwhConfig): PgTarget {
  const where = dwh.path ?? 'dwh.cfg';
  const cluster = dwh.CLUSTER;
  if (!cluster) throw new UserError(`${where}: no [CLUSTER] section to connect to Redshift with`);
  const missing = (['HOST', 'DB_NAME', 'DB_USER'] as const).filter((key) => !cluster[key]);
  if (missing.length > 0) throw new UserError(`${where}: [CLUSTER] ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} empty`);
  const port = cluster.DB_PORT ?? DEFAULT_PORT;
  return {
    config: { host: cluster.HOST, port, database: cluster.DB_NAME, user: cluster.DB_USER, password: cluster.DB_PASSWORD },
    label: `redshift://${cluster.DB_USER}@${cluster.HOST}:${port}/${cluster.DB_NAME}`,
    secrets: cluster.DB_PASSWORD ? [cluster.DB_PASSWORD] : [],
  };
}
