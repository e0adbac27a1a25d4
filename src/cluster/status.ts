import { readDwhConfig } from '../config/dwh-cfg.js';
import { Aws } from './aws.js';
import type { ClusterDeps } from './deps.js';
import { messages } from './messages.js';
import { resolveSettings } from './settings.js';

export interface StatusOptions {
  config: string;
}

/** Prints the cluster's state, endpoint, node type and count, or "no cluster <id>". */
export async function clusterStatus(options: StatusOptions, deps: ClusterDeps): Promise<void> {
  const config = await readDwhConfig(options.config);
  const s = resolveSettings(config, { needPassword: false, env: deps.env });
  if (s.credentials) deps.err(messages.credentialsFromConfig);
  const aws = new Aws(deps.clients({ region: s.region, ...(s.credentials ? { credentials: s.credentials } : {}) }));

  const cluster = await aws.describeCluster(s.identifier);
  if (!cluster) {
    deps.out(messages.noClusterForStatus(s.identifier, s.region));
    return;
  }
  const host = cluster.Endpoint?.Address;
  const port = cluster.Endpoint?.Port;
  const rows: [string, string][] = [
    ['cluster', `${cluster.ClusterIdentifier ?? s.identifier} (${s.region})`],
    ['state', cluster.ClusterStatus ?? 'unknown'],
    ['endpoint', host ? `${host}:${port ?? s.port}` : '(none yet)'],
    ['nodes', `${cluster.NumberOfNodes ?? '?'} x ${cluster.NodeType ?? '?'}`],
    ['database', `${cluster.DBName ?? '?'}, user ${cluster.MasterUsername ?? '?'}`],
    ['iam roles', (cluster.IamRoles ?? []).map((r) => `${r.IamRoleArn} (${r.ApplyStatus ?? '?'})`).join(', ') || '(none)'],
  ];
  if (host) {
    const configured = config.CLUSTER?.HOST;
    rows.push(['dwh.cfg', configured === host
      ? '[CLUSTER] HOST matches this endpoint'
      : `[CLUSTER] HOST is ${configured === undefined ? 'empty' : configured}; run "sparkify cluster create" to update it`]);
  }
  for (const [label, value] of rows) deps.out(`${label.padEnd(10)}${value}`);
}
