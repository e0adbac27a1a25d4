import { UserError } from '../cli/errors.js';
import { readDwhConfig } from '../config/dwh-cfg.js';
import { Aws } from './aws.js';
import type { ClusterDeps } from './deps.js';
import { messages, NOT_FOUND, type AwsCallError } from './messages.js';
import { deleteClusterInput, formatCall, planDelete } from './plan.js';
import { DEFAULT_TIMEOUT_MINUTES, resolveSettings, type ClusterSettings } from './settings.js';
import { waitForDeleted } from './waiter.js';

export interface DeleteOptions {
  config: string;
  yes?: boolean;
  deleteRole?: boolean;
  wait?: boolean;
  dryRun?: boolean;
  timeoutMinutes?: number;
}

export async function deleteCluster(options: DeleteOptions, deps: ClusterDeps): Promise<void> {
  const config = await readDwhConfig(options.config);
  const s = resolveSettings(config, { needPassword: false, env: deps.env });
  const deleteRole = options.deleteRole ?? false;

  if (options.dryRun) {
    deps.out(`dry run: no AWS call is made. "delete" would call, in ${s.region}:`);
    for (const call of planDelete(s, { deleteRole, wait: options.wait ?? false })) deps.out(`  ${formatCall(call)}`);
    return;
  }
  // Checked before any AWS call: a script without --yes must not get half-way.
  if (!options.yes && !deps.isTTY) throw new UserError(messages.deleteNeedsYes(s.identifier));

  if (s.credentials) deps.err(messages.credentialsFromConfig);
  const aws = new Aws(deps.clients({ region: s.region, ...(s.credentials ? { credentials: s.credentials } : {}) }));
  const cluster = await aws.describeCluster(s.identifier);
  const role = deleteRole ? await aws.getRole(s.roleName) : undefined;
  if (!cluster) deps.err(`no cluster ${s.identifier} in ${s.region}: nothing to delete`);
  if (deleteRole && !role) deps.err(`no IAM role ${s.roleName}: nothing to delete`);
  if (!cluster && !role) return;

  if (!options.yes) {
    const what = [
      ...(cluster ? [`Redshift cluster ${s.identifier} in ${s.region} (${cluster.ClusterStatus ?? 'unknown'}, ${cluster.NumberOfNodes ?? '?'} x ${cluster.NodeType ?? '?'}) with NO final snapshot`] : []),
      ...(role ? [`IAM role ${s.roleName} and its policies`] : []),
    ].join(' and ');
    const answer = await deps.ask(`Delete ${what}? Type "${s.identifier}" to confirm: `);
    if (answer.trim().toLowerCase() !== s.identifier) throw new UserError('not confirmed: nothing was deleted');
  }

  if (cluster) {
    if (cluster.ClusterStatus === 'deleting') {
      deps.err(`cluster ${s.identifier} is already being deleted`);
    } else {
      try {
        await aws.deleteCluster(deleteClusterInput(s.identifier));
        deps.err(`deleting cluster ${s.identifier} (no final snapshot)`);
      } catch (error) {
        if (!NOT_FOUND.has((error as AwsCallError).code)) throw error;
        deps.err(`cluster ${s.identifier} is already gone`);
      }
    }
    if (options.wait) {
      await waitForDeleted(aws, s.identifier, {
        timeoutMs: (options.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES) * 60_000,
        intervalMs: deps.pollIntervalMs,
        sleep: deps.sleep,
        now: deps.now,
        progress: deps.err,
      });
    }
  }
  if (role) await removeRole(aws, s, deps);

  if (cluster) {
    deps.out(options.wait ? `cluster ${s.identifier} deleted` : `cluster ${s.identifier} is being deleted ("sparkify cluster status" to follow)`);
    if (config.CLUSTER?.HOST) deps.out(`${options.config} [CLUSTER] HOST still names the deleted cluster until the next "sparkify cluster create"`);
  }
  if (role) deps.out(`IAM role ${s.roleName} deleted`);
}

async function removeRole(aws: Aws, s: ClusterSettings, deps: ClusterDeps): Promise<void> {
  for (const policyName of await aws.listRolePolicies(s.roleName)) {
    await aws.deleteRolePolicy(s.roleName, policyName);
    deps.err(`role ${s.roleName}: deleted inline policy ${policyName}`);
  }
  for (const policyArn of await aws.listAttachedRolePolicies(s.roleName)) {
    await aws.detachRolePolicy(s.roleName, policyArn);
    deps.err(`role ${s.roleName}: detached ${policyArn}`);
  }
  try {
    await aws.deleteRole(s.roleName);
  } catch (error) {
    if ((error as AwsCallError).code === 'DeleteConflictException' || (error as AwsCallError).code === 'DeleteConflict') {
      throw new UserError(`cannot delete IAM role ${s.roleName}: it is still in use (e.g. by an instance profile); remove that first`);
    }
    throw error;
  }
}
