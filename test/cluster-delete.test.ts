import {
  DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand, ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand, NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { ClusterNotFoundFault, DeleteClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-redshift';
import { beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { deleteCluster } from '../src/cluster/delete.js';
import { callLog, cluster, fakeDeps, inputOf, mocksPerTest, ROLE_ARN, writeConfig } from './cluster-helpers.js';

const notFound = () => new ClusterNotFoundFault({ message: 'Cluster sparkify-dwh not found.', $metadata: {} });

const m = mocksPerTest();
beforeEach(() => {
  m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('available')] });
  m.redshift.on(DeleteClusterCommand).resolves({ Cluster: cluster('deleting') });
  m.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'sparkify-redshift-s3', Arn: ROLE_ARN, Path: '/', RoleId: 'R', CreateDate: new Date(0) } });
  m.iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: ['sparkify-s3-access'], IsTruncated: false });
  m.iam.on(ListAttachedRolePoliciesCommand).resolves({
    AttachedPolicies: [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }], IsTruncated: false,
  });
  m.iam.on(DeleteRolePolicyCommand).resolves({});
  m.iam.on(DetachRolePolicyCommand).resolves({});
  m.iam.on(DeleteRoleCommand).resolves({});
});

describe('sparkify cluster delete', () => {
  it('refuses without a terminal and without --yes, before any AWS call', async () => {
    const deps = fakeDeps({ isTTY: false });
    const run = deleteCluster({ config: await writeConfig() }, deps);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow('refusing to delete cluster sparkify-dwh without confirmation: not a terminal, so pass --yes to confirm');
    expect(callLog(m)).toEqual([]);
    expect(deps.clientOptions).toEqual([]);
  });

  it('with --yes deletes without a final snapshot and without asking', async () => {
    const deps = fakeDeps({ isTTY: false });
    await deleteCluster({ config: await writeConfig(), yes: true }, deps);
    expect(callLog(m)).toEqual(['redshift DescribeClusters', 'redshift DeleteCluster']);
    expect(inputOf(m.redshift, 'DeleteCluster')).toEqual({ ClusterIdentifier: 'sparkify-dwh', SkipFinalClusterSnapshot: true });
    expect(deps.questions).toEqual([]);
  });

  it('on a terminal asks, and deletes only when the identifier is typed', async () => {
    const no = fakeDeps({ isTTY: true, answer: 'y' });
    await expect(deleteCluster({ config: await writeConfig() }, no)).rejects.toThrow('not confirmed: nothing was deleted');
    expect(no.questions[0]).toMatch(/Delete Redshift cluster sparkify-dwh in us-west-2 \(available, 2 x ra3\.large\) with NO final snapshot\? Type "sparkify-dwh" to confirm/);
    expect(m.redshift.commandCalls(DeleteClusterCommand)).toHaveLength(0);

    const yes = fakeDeps({ isTTY: true, answer: ' sparkify-dwh\n' });
    await deleteCluster({ config: await writeConfig() }, yes);
    expect(m.redshift.commandCalls(DeleteClusterCommand)).toHaveLength(1);
  });

  it('--delete-role removes the inline and attached policies, then the role', async () => {
    const deps = fakeDeps();
    await deleteCluster({ config: await writeConfig(), yes: true, deleteRole: true }, deps);
    expect(callLog(m)).toEqual([
      'redshift DescribeClusters', 'iam GetRole', 'redshift DeleteCluster',
      'iam ListRolePolicies', 'iam DeleteRolePolicy', 'iam ListAttachedRolePolicies', 'iam DetachRolePolicy', 'iam DeleteRole',
    ]);
    expect(inputOf(m.iam, 'DeleteRolePolicy')).toEqual({ RoleName: 'sparkify-redshift-s3', PolicyName: 'sparkify-s3-access' });
    expect(deps.outLines).toContain('IAM role sparkify-redshift-s3 deleted');
  });

  it('--wait polls until the cluster is gone', async () => {
    m.redshift.on(DescribeClustersCommand)
      .resolvesOnce({ Clusters: [cluster('available')] })
      .resolvesOnce({ Clusters: [cluster('deleting')] })
      .resolvesOnce({ Clusters: [cluster('deleting')] })
      .rejects(notFound());
    const deps = fakeDeps();
    await deleteCluster({ config: await writeConfig(), yes: true, wait: true }, deps);
    expect(m.redshift.commandCalls(DescribeClustersCommand)).toHaveLength(4);
    expect(deps.sleeps).toEqual([15_000, 15_000]);
    expect(deps.outLines[0]).toBe('cluster sparkify-dwh deleted');
  });

  it('--wait times out with a clear error', async () => {
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('deleting')] });
    await expect(deleteCluster({ config: await writeConfig(), yes: true, wait: true, timeoutMinutes: 1 }, fakeDeps()))
      .rejects.toThrow(/still deleting after 1m00s/);
  });

  it('says so when there is nothing to delete', async () => {
    m.redshift.on(DescribeClustersCommand).rejects(notFound());
    m.iam.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'no role', $metadata: {} }));
    const deps = fakeDeps();
    await deleteCluster({ config: await writeConfig(), yes: true, deleteRole: true }, deps);
    expect(callLog(m)).toEqual(['redshift DescribeClusters', 'iam GetRole']);
    expect(deps.errLines).toEqual(['no cluster sparkify-dwh in us-west-2: nothing to delete', 'no IAM role sparkify-redshift-s3: nothing to delete']);
  });

  it('--dry-run prints the calls and makes none, even without a terminal', async () => {
    const deps = fakeDeps();
    await deleteCluster({ config: await writeConfig(), dryRun: true, deleteRole: true }, deps);
    expect(callLog(m)).toEqual([]);
    expect(deps.outLines.join('\n')).toContain('redshift DeleteCluster {"ClusterIdentifier":"sparkify-dwh","SkipFinalClusterSnapshot":true}');
    expect(deps.outLines.join('\n')).toContain('iam DeleteRole {"RoleName":"sparkify-redshift-s3"}');
  });
});
