import type { Cluster } from '@aws-sdk/client-redshift';
import { UserError } from '../cli/errors.js';
import { readDwhConfig, type DwhConfig } from '../config/dwh-cfg.js';
import { Aws } from './aws.js';
import { updateConfigFile } from './config-file.js';
import type { ClusterDeps } from './deps.js';
import { ALREADY_EXISTS, messages, type AwsCallError } from './messages.js';
import { configUpdates, createClusterInput, createRoleInput, formatCall, ingressInput, planCreate, putRolePolicyInput } from './plan.js';
import { describeAccess, trustsRedshift } from './role-policy.js';
import { checkCidr, DEFAULT_TIMEOUT_MINUTES, INLINE_POLICY_NAME, resolveSettings, type ClusterSettings } from './settings.js';
import { waitForAvailable } from './waiter.js';

export interface CreateOptions {
  config: string;
  dryRun?: boolean;
  cidr?: string;
  allowAnywhere?: boolean;
  /** How long to wait for the cluster to become available. */
  timeoutMinutes?: number;
}

/** IAM is eventually consistent: a role just created may not be usable by Redshift for a few seconds. */
const ROLE_PROPAGATION_RETRIES = 6;
const ROLE_PROPAGATION_DELAY_MS = 10_000;

export async function createCluster(options: CreateOptions, deps: ClusterDeps): Promise<void> {
  const config = await readDwhConfig(options.config);
  const s = resolveSettings(config, { needPassword: true, env: deps.env });
  const rawCidr = options.cidr ?? config.DWH?.DWH_ALLOWED_CIDR;
  const cidr = rawCidr === undefined ? undefined : checkCidr(rawCidr, options.allowAnywhere ?? false);
  if (s.s3Region !== undefined && s.s3Region !== s.region) deps.err(messages.regionMismatch(s.region, s.s3Region));

  if (options.dryRun) {
    deps.out(`dry run: no AWS call is made. On an account without role ${s.roleName} or cluster ${s.identifier}, "create" would call, in ${s.region}:`);
    for (const call of planCreate(s, cidr)) deps.out(`  ${formatCall(call)}`);
    deps.out(`then write to ${options.config}: [CLUSTER] HOST=<cluster endpoint>, DB_NAME=${s.dbName}, DB_USER=${s.dbUser}, DB_PORT=${s.port}; [IAM_ROLE] ARN=<ARN of role ${s.roleName}>`);
    if (cidr === undefined) deps.out(messages.noCidr(s.port, true));
    if (!putRolePolicyInput(s)) deps.out(messages.noS3Locations);
    return;
  }

  if (s.credentials) deps.err(messages.credentialsFromConfig);
  const aws = new Aws(deps.clients({ region: s.region, ...(s.credentials ? { credentials: s.credentials } : {}) }), [s.password!]);

  const { arn: roleArn, created: roleCreated } = await ensureRole(aws, s, deps);
  const policy = putRolePolicyInput(s);
  if (policy) {
    await aws.putRolePolicy(policy);
    deps.err(`role ${s.roleName}: inline policy ${INLINE_POLICY_NAME} allows ${describeAccess(s.readLocations, s.writeLocations)}`);
  } else {
    deps.err(messages.noS3Locations);
  }

  const existing = await aws.describeCluster(s.identifier);
  if (existing) {
    deps.err(`cluster ${s.identifier} exists (${existing.ClusterStatus ?? 'unknown'}): reusing it`);
    for (const difference of differences(existing, s)) deps.err(`warning: the existing cluster ${difference}; it is reused as it is`);
  } else {
    await createWithRetry(aws, s, roleArn, cidr !== undefined, roleCreated, deps);
  }

  const cluster = await waitForAvailable(aws, s.identifier, {
    timeoutMs: (options.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000,
    intervalMs: deps.pollIntervalMs,
    sleep: deps.sleep,
    now: deps.now,
    progress: deps.err,
  });

  if (!(cluster.IamRoles ?? []).some((r) => r.IamRoleArn === roleArn)) {
    await aws.modifyClusterIamRoles({ ClusterIdentifier: s.identifier, AddIamRoles: [roleArn] });
    deps.err(`attached role ${s.roleName} to cluster ${s.identifier} (takes effect within a few minutes)`);
  }

  if (cidr !== undefined) await openIngress(aws, cluster, s, cidr, deps);
  else deps.err(messages.noCidr(s.port));

  const host = cluster.Endpoint!.Address!;
  const port = cluster.Endpoint?.Port ?? s.port;
  const dbName = cluster.DBName ?? s.dbName;
  const dbUser = cluster.MasterUsername ?? s.dbUser;
  const result = await updateConfigFile(options.config, configUpdates({ host, dbName, dbUser, port, roleArn }));
  passwordNote(config, s, deps);

  deps.out(`cluster ${s.identifier} available at ${host}:${port} (database ${dbName}, user ${dbUser}, region ${s.region})`);
  deps.out(`IAM role ${roleArn}`);
  deps.out(result === 'updated'
    ? `${options.config} updated: [CLUSTER] HOST, DB_NAME, DB_USER, DB_PORT and [IAM_ROLE] ARN`
    : `${options.config} already up to date`);
  deps.out(`the cluster costs money while it exists: "sparkify cluster delete" when you are done`);
}

async function ensureRole(aws: Aws, s: ClusterSettings, deps: ClusterDeps): Promise<{ arn: string; created: boolean }> {
  const found = await aws.getRole(s.roleName);
  if (found?.Arn) {
    deps.err(`IAM role ${s.roleName} exists: reusing ${found.Arn}`);
    if (!trustsRedshift(found.AssumeRolePolicyDocument)) deps.err(messages.roleNotTrusted(s.roleName));
    return { arn: found.Arn, created: false };
  }
  try {
    const role = await aws.createRole(createRoleInput(s));
    if (!role?.Arn) throw new UserError(`IAM CreateRole returned no ARN for ${s.roleName}`);
    deps.err(`created IAM role ${role.Arn}`);
    return { arn: role.Arn, created: true };
  } catch (error) {
    if (!ALREADY_EXISTS.has((error as AwsCallError).code)) throw error;
    // Created by someone else between GetRole and CreateRole.
    const role = await aws.getRole(s.roleName);
    if (!role?.Arn) throw error;
    deps.err(`IAM role ${s.roleName} exists: reusing ${role.Arn}`);
    return { arn: role.Arn, created: false };
  }
}

async function createWithRetry(
  aws: Aws, s: ClusterSettings, roleArn: string, publiclyAccessible: boolean, roleJustCreated: boolean, deps: ClusterDeps,
): Promise<void> {
  const nodes = s.numberOfNodes === undefined ? '1 node' : `${s.numberOfNodes} nodes`;
  deps.err(`creating cluster ${s.identifier} in ${s.region}: ${s.clusterType}, ${nodes} of ${s.nodeType}, database ${s.dbName}, user ${s.dbUser}, port ${s.port}`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      await aws.createCluster(createClusterInput(s, roleArn, publiclyAccessible));
      return;
    } catch (error) {
      const e = error as AwsCallError;
      if (ALREADY_EXISTS.has(e.code)) {
        deps.err(`cluster ${s.identifier} already exists: reusing it`);
        return;
      }
      const roleNotReady = roleJustCreated && /^InvalidParameter/.test(e.code ?? '') && /role/i.test(e.detail ?? '');
      if (!roleNotReady || attempt > ROLE_PROPAGATION_RETRIES) throw error;
      deps.err(`the new IAM role is not visible to Redshift yet; retrying in ${ROLE_PROPAGATION_DELAY_MS / 1000}s (${attempt}/${ROLE_PROPAGATION_RETRIES})`);
      await deps.sleep(ROLE_PROPAGATION_DELAY_MS);
    }
  }
}

async function openIngress(aws: Aws, cluster: Cluster, s: ClusterSettings, cidr: string, deps: ClusterDeps): Promise<void> {
  const groups = (cluster.VpcSecurityGroups ?? []).filter((g) => g.VpcSecurityGroupId && (g.Status ?? 'active') === 'active');
  const groupId = groups[0]?.VpcSecurityGroupId;
  if (!groupId) {
    deps.err(`warning: cluster ${s.identifier} has no active VPC security group; port ${s.port} was not opened`);
    return;
  }
  const port = cluster.Endpoint?.Port ?? s.port;
  try {
    await aws.authorizeIngress(ingressInput(groupId, port, cidr));
    deps.err(`security group ${groupId}: opened TCP ${port} to ${cidr}`);
  } catch (error) {
    if (!ALREADY_EXISTS.has((error as AwsCallError).code)) throw error;
    deps.err(`security group ${groupId}: TCP ${port} already open to ${cidr}`);
  }
  if (cluster.PubliclyAccessible === false) {
    deps.err(`warning: cluster ${s.identifier} is not publicly accessible, so ${cidr} reaches it only from inside its VPC; change "Publicly accessible" in the Redshift console if you connect from outside`);
  }
}

/** How an existing cluster differs from what `[DWH]` asks for. */
function differences(cluster: Cluster, s: ClusterSettings): string[] {
  const out: string[] = [];
  const wantNodes = s.numberOfNodes ?? 1;
  if (cluster.NodeType && cluster.NodeType !== s.nodeType) out.push(`has node type ${cluster.NodeType}, not ${s.nodeType}`);
  if (cluster.NumberOfNodes !== undefined && cluster.NumberOfNodes !== wantNodes) out.push(`has ${cluster.NumberOfNodes} nodes, not ${wantNodes}`);
  if (cluster.DBName && cluster.DBName !== s.dbName) out.push(`has database ${cluster.DBName}, not ${s.dbName}`);
  if (cluster.MasterUsername && cluster.MasterUsername !== s.dbUser) out.push(`has master user ${cluster.MasterUsername}, not ${s.dbUser}`);
  return out;
}

/** The ETL connects with [CLUSTER] DB_PASSWORD, which `create` does not write. */
function passwordNote(config: DwhConfig, s: ClusterSettings, deps: ClusterDeps): void {
  const current = config.CLUSTER?.DB_PASSWORD;
  if (current === undefined) {
    deps.err('note: [CLUSTER] DB_PASSWORD is empty; set it to the master password ([DWH] DWH_DB_PASSWORD) so the ETL can connect (it is not written automatically)');
  } else if (current !== s.password) {
    deps.err('note: [CLUSTER] DB_PASSWORD differs from [DWH] DWH_DB_PASSWORD; the ETL connects with [CLUSTER] DB_PASSWORD');
  }
}
