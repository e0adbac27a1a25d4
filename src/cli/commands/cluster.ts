import { Command, InvalidArgumentError } from 'commander';
import type { ClusterDeps } from '../../cluster/deps.js';
import { DEFAULT_TIMEOUT_MINUTES } from '../../cluster/settings.js';

// The AWS SDK clients take about a second and 250 MB to load (EC2's alone 0.8 s): the modules
// that import them are loaded only when a cluster sub-command runs, not with the program.

function minutes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number of minutes');
  return n;
}

/**
 * `sparkify cluster create|status|delete`. Failures are thrown as UserError (one line, no stack
 * trace) for the program's error handler. `deps` replaces the real AWS clients, terminal and
 * clock in tests.
 */
export function clusterCommand(overrides: Partial<ClusterDeps> = {}): Command {
  const deps = async (): Promise<ClusterDeps> => {
    const { defaultDeps } = await import('../../cluster/deps.js');
    return { ...defaultDeps(), ...overrides };
  };
  const cluster = new Command('cluster').description(
    'create, inspect or delete the Amazon Redshift cluster and IAM role that dwh.cfg describes',
  );

  cluster
    .command('create')
    .description('create (or reuse) the IAM role and Redshift cluster from [DWH], wait until available, and write [CLUSTER] and [IAM_ROLE] into dwh.cfg')
    .option('--config <path>', 'the dwh.cfg to read and update', 'dwh.cfg')
    .option('--dry-run', 'print the AWS calls it would make (secrets masked) and make none')
    .option('--cidr <cidr>', 'open the cluster port to this IPv4 range, e.g. 203.0.113.7/32 (default: [DWH] DWH_ALLOWED_CIDR; none opens nothing)')
    .option('--allow-anywhere', 'permit --cidr 0.0.0.0/0 (the whole internet)')
    .option('--timeout <minutes>', 'how long to wait for the cluster to become available', minutes, DEFAULT_TIMEOUT_MINUTES)
    .action(async (o: { config: string; dryRun?: boolean; cidr?: string; allowAnywhere?: boolean; timeout: number }) => {
      const { createCluster } = await import('../../cluster/create.js');
      await createCluster(
        {
          config: o.config,
          ...(o.dryRun ? { dryRun: true } : {}),
          ...(o.cidr === undefined ? {} : { cidr: o.cidr }),
          ...(o.allowAnywhere ? { allowAnywhere: true } : {}),
          timeoutMinutes: o.timeout,
        },
        await deps(),
      );
    });

  cluster
    .command('status')
    .description("print the cluster's state, endpoint, node type and count")
    .option('--config <path>', 'the dwh.cfg to read', 'dwh.cfg')
    .action(async (o: { config: string }) => {
      const { clusterStatus } = await import('../../cluster/status.js');
      await clusterStatus({ config: o.config }, await deps());
    });

  cluster
    .command('delete')
    .description('delete the cluster without a final snapshot (asks first unless --yes)')
    .option('--config <path>', 'the dwh.cfg to read', 'dwh.cfg')
    .option('--yes', 'do not ask for confirmation (required when not on a terminal)')
    .option('--delete-role', 'also delete the IAM role and its policies')
    .option('--wait', 'wait until the cluster is gone')
    .option('--timeout <minutes>', 'how long --wait waits', minutes, DEFAULT_TIMEOUT_MINUTES)
    .option('--dry-run', 'print the AWS calls it would make and make none')
    .action(async (o: { config: string; yes?: boolean; deleteRole?: boolean; wait?: boolean; timeout: number; dryRun?: boolean }) => {
      const { deleteCluster } = await import('../../cluster/delete.js');
      await deleteCluster(
        {
          config: o.config,
          yes: o.yes ?? false,
          deleteRole: o.deleteRole ?? false,
          wait: o.wait ?? false,
          dryRun: o.dryRun ?? false,
          timeoutMinutes: o.timeout,
        },
        await deps(),
      );
    });

  return cluster;
}
