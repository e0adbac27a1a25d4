import { ClusterNotFoundFault, DescribeClustersCommand } from '@aws-sdk/client-redshift';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { clusterStatus } from '../src/cluster/status.js';
import { awsError, callLog, cluster, CONFIG, fakeDeps, HOST, mocksPerTest, writeConfig } from './cluster-helpers.js';

const m = mocksPerTest();

describe('sparkify cluster status', () => {
  it('prints state, endpoint, node type and count, and whether dwh.cfg points at it', async () => {
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('available')] });
    const deps = fakeDeps();
    await clusterStatus({ config: await writeConfig() }, deps);
    expect(callLog(m)).toEqual(['redshift DescribeClusters']);
    expect(m.redshift.call(0).args[0].input).toEqual({ ClusterIdentifier: 'sparkify-dwh' });
    const out = deps.outLines.join('\n');
    expect(out).toMatch(/^state {5}available$/m);
    expect(out).toMatch(new RegExp(`^endpoint  ${HOST.replace(/\./g, '\\.')}:5439$`, 'm'));
    expect(out).toMatch(/^nodes {5}2 x ra3\.large$/m);
    expect(out).toMatch(/HOST is empty; run "sparkify cluster create" to update it/);

    const matching = fakeDeps();
    await clusterStatus({ config: await writeConfig(CONFIG.replace("HOST=''", `HOST=${HOST}`)) }, matching);
    expect(matching.outLines.join('\n')).toMatch(/HOST matches this endpoint/);
  });

  it('says "no cluster <id>" when there is none', async () => {
    m.redshift.on(DescribeClustersCommand).rejects(new ClusterNotFoundFault({ message: 'not found', $metadata: {} }));
    const deps = fakeDeps();
    await clusterStatus({ config: await writeConfig() }, deps);
    expect(deps.outLines).toEqual(['no cluster sparkify-dwh in us-west-2']);
  });

  it('reports access denied in one line', async () => {
    m.redshift.on(DescribeClustersCommand).rejects(awsError('AccessDenied', 'not authorized to perform: redshift:DescribeClusters'));
    const run = clusterStatus({ config: await writeConfig() }, fakeDeps());
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/^AWS denied redshift:DescribeClusters/);
  });

  it('does not need the password', async () => {
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('creating')] });
    const deps = fakeDeps();
    await clusterStatus({ config: await writeConfig(CONFIG.replace(/DWH_DB_PASSWORD = .*/, 'DWH_DB_PASSWORD =')) }, deps);
    expect(deps.outLines.join('\n')).toMatch(/^endpoint  \(none yet\)$/m);
  });
});
