import { UserError } from '../cli/errors.js';
import type { DwhConfig } from '../config/dwh-cfg.js';

/** What `sparkify cluster` provisions, resolved from `[DWH]`, `[S3]`, `[AWS]` and the environment. */
export interface ClusterSettings {
  region: string;
  identifier: string;
  clusterType: 'single-node' | 'multi-node';
  /** Only for multi-node clusters: Redshift rejects NumberOfNodes on a single-node cluster. */
  numberOfNodes?: number;
  nodeType: string;
  dbName: string;
  dbUser: string;
  /** Only resolved (and validated) for `create`; never logged. */
  password?: string;
  port: number;
  roleName: string;
  /** S3 locations the cluster reads (`[S3] SONG_DATA`, `LOG_DATA`, `LOG_JSONPATH`). */
  readLocations: string[];
  /** S3 location the cluster may write (`[S3] STAGING`). */
  writeLocations: string[];
  /** `[S3] REGION`, when set: the source bucket's region. */
  s3Region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export const DEFAULTS = {
  region: 'us-west-2',
  identifier: 'sparkify-dwh',
  clusterType: 'multi-node',
  numberOfNodes: 2,
  nodeType: 'ra3.large',
  dbName: 'sparkify',
  dbUser: 'sparkify',
  port: 5439,
  roleName: 'sparkify-redshift-s3',
} as const;

/** How long `create` waits for the cluster to become available (and `delete --wait` for it to go). */
export const DEFAULT_TIMEOUT_MINUTES = 30;

/** The name of the inline policy `create` puts on the role and `delete --delete-role` removes. */
export const INLINE_POLICY_NAME = 'sparkify-s3-access';

const where = (key: string): string => `[DWH] ${key}`;

/**
 * Redshift's master password rules: 8–64 characters, at least one upper-case letter, one
 * lower-case letter and one digit, printable ASCII (33–126) except `'`, `"`, `\`, `/` and `@`.
 * Returns what is wrong, never the password itself.
 */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8 || password.length > 64) return 'must be 8 to 64 characters long';
  if (!/[A-Z]/.test(password)) return 'must contain an upper-case letter';
  if (!/[a-z]/.test(password)) return 'must contain a lower-case letter';
  if (!/[0-9]/.test(password)) return 'must contain a digit';
  for (const ch of password) {
    const code = ch.codePointAt(0)!;
    if (code < 33 || code > 126) return 'may contain only printable ASCII characters without spaces';
    if (`'"\\/@`.includes(ch)) return 'must not contain \' " \\ / or @';
  }
  return undefined;
}

function checkIdentifier(id: string): string {
  const lower = id.toLowerCase();
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(lower) || lower.endsWith('-') || lower.includes('--')) {
    throw new UserError(
      `${where('DWH_CLUSTER_IDENTIFIER')} = ${JSON.stringify(id)}: must be 1 to 63 letters, digits or hyphens, start with a letter, and not end with or repeat a hyphen`,
    );
  }
  return lower;
}

function check(value: string, key: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new UserError(`${where(key)} = ${JSON.stringify(value)}: ${rule}`);
  return value;
}

function s3Locations(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && /^s3:\/\//i.test(v.trim())).map((v) => v.trim()))];
}

export interface ResolveOptions {
  /** `create` needs the password; `status` and `delete` do not. */
  needPassword: boolean;
  env: Record<string, string | undefined>;
}

export function resolveSettings(config: DwhConfig, options: ResolveOptions): ClusterSettings {
  const dwh = config.DWH ?? {};
  const region = dwh.DWH_REGION ?? config.AWS?.REGION ?? nonEmpty(options.env.AWS_REGION) ?? DEFAULTS.region;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UserError(`region ${JSON.stringify(region)} does not look like an AWS region (e.g. us-west-2)`);
  }

  const rawType = dwh.DWH_CLUSTER_TYPE?.toLowerCase();
  if (rawType !== undefined && rawType !== 'single-node' && rawType !== 'multi-node') {
    throw new UserError(`${where('DWH_CLUSTER_TYPE')} = ${JSON.stringify(dwh.DWH_CLUSTER_TYPE)}: must be single-node or multi-node`);
  }
  const nodes = dwh.DWH_NUM_NODES;
  const clusterType = rawType ?? (nodes === undefined ? DEFAULTS.clusterType : nodes > 1 ? 'multi-node' : 'single-node');
  let numberOfNodes: number | undefined;
  if (clusterType === 'single-node') {
    if (nodes !== undefined && nodes !== 1) {
      throw new UserError(`${where('DWH_NUM_NODES')} = ${nodes}: a single-node cluster has 1 node; set DWH_CLUSTER_TYPE = multi-node`);
    }
  } else {
    numberOfNodes = nodes ?? DEFAULTS.numberOfNodes;
    if (numberOfNodes < 2) {
      throw new UserError(`${where('DWH_NUM_NODES')} = ${numberOfNodes}: a multi-node cluster needs at least 2 nodes; set DWH_CLUSTER_TYPE = single-node for one`);
    }
  }

  const nodeType = check((dwh.DWH_NODE_TYPE ?? DEFAULTS.nodeType).toLowerCase(), 'DWH_NODE_TYPE', /^[a-z0-9]+\.[a-z0-9]+$/, 'must be a Redshift node type such as ra3.large');
  const dbName = check(dwh.DWH_DB ?? DEFAULTS.dbName, 'DWH_DB', /^[a-z_][a-z0-9_$]{0,63}$/, 'must be 1 to 64 lower-case letters, digits, _ or $, starting with a letter or _');
  const dbUser = check(dwh.DWH_DB_USER ?? DEFAULTS.dbUser, 'DWH_DB_USER', /^[A-Za-z][A-Za-z0-9_+.@-]{0,127}$/, 'must start with a letter and have at most 128 letters, digits or _ + . @ -');
  if (dbUser.toLowerCase() === 'public') throw new UserError(`${where('DWH_DB_USER')}: "public" is reserved`);
  const port = dwh.DWH_PORT ?? DEFAULTS.port;
  if (port < 1150) throw new UserError(`${where('DWH_PORT')} = ${port}: Redshift ports are 1150 to 65535`);
  const roleName = check(dwh.DWH_IAM_ROLE_NAME ?? DEFAULTS.roleName, 'DWH_IAM_ROLE_NAME', /^[\w+=,.@-]{1,64}$/, 'must be 1 to 64 letters, digits or + = , . @ _ -');

  let password: string | undefined;
  if (options.needPassword) {
    password = dwh.DWH_DB_PASSWORD;
    if (password === undefined) {
      throw new UserError(`${where('DWH_DB_PASSWORD')} is required to create a cluster (8-64 characters with upper-case, lower-case and a digit)`);
    }
    const problem = passwordProblem(password);
    if (problem) throw new UserError(`${where('DWH_DB_PASSWORD')} ${problem} (Redshift's rule)`);
  }

  const key = config.AWS?.KEY;
  const secret = config.AWS?.SECRET;
  if ((key === undefined) !== (secret === undefined)) {
    throw new UserError('[AWS] KEY and SECRET must be set together (or, better, both left empty to use your AWS profile or environment)');
  }

  const s3 = config.S3 ?? {};
  return {
    region,
    identifier: checkIdentifier(dwh.DWH_CLUSTER_IDENTIFIER ?? DEFAULTS.identifier),
    clusterType,
    ...(numberOfNodes === undefined ? {} : { numberOfNodes }),
    nodeType,
    dbName,
    dbUser,
    ...(password === undefined ? {} : { password }),
    port,
    roleName,
    readLocations: s3Locations([s3.SONG_DATA, s3.LOG_DATA, s3.LOG_JSONPATH]),
    writeLocations: s3Locations([s3.STAGING]),
    ...(s3.REGION === undefined ? {} : { s3Region: s3.REGION }),
    ...(key !== undefined && secret !== undefined ? { credentials: { accessKeyId: key, secretAccessKey: secret } } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A CIDR is valid IPv4 `a.b.c.d/n` in canonical form (no host bits set). */
export function checkCidr(cidr: string, allowAnywhere: boolean): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  const octets = m ? m.slice(1, 5).map(Number) : [];
  const bits = m ? Number(m[5]) : NaN;
  if (!m || octets.some((o) => o > 255) || bits > 32) {
    throw new UserError(`CIDR ${JSON.stringify(cidr)} is not an IPv4 range like 203.0.113.7/32`);
  }
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  const network = address - (address % size);
  if (network !== address) {
    const canonical = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    throw new UserError(`CIDR ${cidr} has host bits set; did you mean ${canonical}/${bits}?`);
  }
  if (bits === 0 && !allowAnywhere) {
    throw new UserError(`refusing to open the cluster port to the whole internet (${cidr}); give your own address (e.g. --cidr 203.0.113.7/32) or add --allow-anywhere`);
  }
  return `${octets.join('.')}/${bits}`;
}
