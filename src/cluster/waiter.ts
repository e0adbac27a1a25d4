import type { Cluster } from '@aws-sdk/client-redshift';
import { UserError } from '../cli/errors.js';
import type { Aws } from './aws.js';
import { formatDuration } from './messages.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** One progress line (to stderr). */
  progress: (line: string) => void;
}

/** States from which a cluster does not become available by waiting. */
const DEAD_ENDS = new Set([
  'deleting', 'final-snapshot', 'hardware-failure', 'incompatible-hsm', 'incompatible-network',
  'incompatible-parameters', 'incompatible-restore', 'paused', 'storage-full',
]);

/**
 * Polls DescribeClusters until the cluster is `available` with an endpoint, a dead-end state is
 * reached, or the timeout passes. The number of polls is bounded too, so a clock that does not
 * move cannot make it spin forever.
 */
export async function waitForAvailable(aws: Aws, identifier: string, o: WaitOptions): Promise<Cluster> {
  const start = o.now();
  const maxPolls = Math.ceil(o.timeoutMs / o.intervalMs) + 1;
  let state = 'unknown';
  for (let poll = 1; poll <= maxPolls; poll += 1) {
    const cluster = await aws.describeCluster(identifier);
    if (!cluster) throw new UserError(`cluster ${identifier} disappeared while waiting for it (deleted by someone else?)`);
    state = cluster.ClusterStatus ?? 'unknown';
    const elapsed = o.now() - start;
    if (state === 'available' && cluster.Endpoint?.Address) {
      o.progress(`cluster ${identifier}: available after ${formatDuration(elapsed)}`);
      return cluster;
    }
    if (DEAD_ENDS.has(state)) {
      throw new UserError(`cluster ${identifier} is ${state}, not becoming available; see the Redshift console or "sparkify cluster status"`);
    }
    if (elapsed >= o.timeoutMs || poll === maxPolls) break;
    o.progress(`cluster ${identifier}: ${state} (${formatDuration(elapsed)} elapsed, waiting up to ${formatDuration(o.timeoutMs)})`);
    await o.sleep(o.intervalMs);
  }
  throw new UserError(
    `cluster ${identifier} still ${state} after ${formatDuration(o.timeoutMs)}; run "sparkify cluster create" again later to finish (it reuses the cluster and writes dwh.cfg)`,
  );
}

/** Polls until DescribeClusters says the cluster is gone. */
export async function waitForDeleted(aws: Aws, identifier: string, o: WaitOptions): Promise<void> {
  const start = o.now();
  const maxPolls = Math.ceil(o.timeoutMs / o.intervalMs) + 1;
  let state = 'unknown';
  for (let poll = 1; poll <= maxPolls; poll += 1) {
    const cluster = await aws.describeCluster(identifier);
    const elapsed = o.now() - start;
    if (!cluster) {
      o.progress(`cluster ${identifier}: deleted after ${formatDuration(elapsed)}`);
      return;
    }
    state = cluster.ClusterStatus ?? 'unknown';
    if (elapsed >= o.timeoutMs || poll === maxPolls) break;
    o.progress(`cluster ${identifier}: ${state} (${formatDuration(elapsed)} elapsed)`);
    await o.sleep(o.intervalMs);
  }
  throw new UserError(`cluster ${identifier} still ${state} after ${formatDuration(o.timeoutMs)}; check "sparkify cluster status" later`);
}
