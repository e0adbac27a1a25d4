import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  CreateRoleCommand, EntityAlreadyExistsException, GetRoleCommand, NoSuchEntityException, PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  ClusterAlreadyExistsFault, ClusterNotFoundFault, ClusterQuotaExceededFault, CreateClusterCommand,
  DescribeClustersCommand, ModifyClusterIamRolesCommand,
} from '@aws-sdk/client-redshift';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { createCluster } from '../src/cluster/create.js';
import { awsError, callLog, cluster, CONFIG, fakeDeps, HOST, inputOf, mocksPerTest, PASSWORD, readText, ROLE_ARN, writeConfig } from './cluster-helpers.js';

const notFound = () => new ClusterNotFoundFault({ message: 'Cluster sparkify-dwh not found.', $metadata: {} });
const noRole = () => new NoSuchEntityException({ message: 'The role with name sparkify-redshift-s3 cannot be found.', $metadata: {} });
const role = { Role: { RoleName: 'sparkify-redshift-s3', Arn: ROLE_ARN, Path: '/', RoleId: 'AROA1', CreateDate: new Date(0), AssumeRolePolicyDocument: encodeURIComponent('{"Statement":[{"Principal":{"Service":"redshift.amazonaws.com"}}]}') } };

const m = mocksPerTest();

/** A fresh account: no role, no cluster; the cluster becomes available after `creatingPolls` polls. */
function freshAccount(creatingPolls = 2): void {
  m.iam.on(GetRoleCommand).rejects(noRole());
  m.iam.on(CreateRoleCommand).resolves(role);
  m.iam.on(PutRolePolicyCommand).resolves({});
  let describe = m.redshift.on(DescribeClustersCommand).rejectsOnce(notFound());
  for (let i = 0; i < creatingPolls; i += 1) describe = describe.resolvesOnce({ Clusters: [cluster('creating')] });
  describe.resolves({ Clusters: [cluster('available')] });
  m.redshift.on(CreateClusterCommand).resolves({ Cluster: cluster('creating') });
  m.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
}

/** The role and the cluster exist and the cluster is available. */
function existingAccount(): void {
  m.iam.on(GetRoleCommand).resolves(role);
  m.iam.on(PutRolePolicyCommand).resolves({});
  m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('available')] });
  m.ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.Duplicate', 'the specified rule already exists'));
}

function expectNoSecret(deps: { outLines: string[]; errLines: string[] }): void {
  expect([...deps.outLines, ...deps.errLines].join('\n')).not.toContain(PASSWORD);
}

describe('sparkify cluster create on a fresh account', () => {
  it('makes the calls in order, waits, opens the CIDR and rewrites dwh.cfg', async () => {
    freshAccount(2);
    const path = await writeConfig();
    const deps = fakeDeps();
    await createCluster({ config: path, cidr: '203.0.113.7/32' }, deps);

    expect(callLog(m)).toEqual([
      'iam GetRole',
      'iam CreateRole',
      'iam PutRolePolicy',
      'redshift DescribeClusters',
      'redshift CreateCluster',
      'redshift DescribeClusters',
      'redshift DescribeClusters',
      'redshift DescribeClusters',
      'ec2 AuthorizeSecurityGroupIngress',
    ]);
    expect(deps.clientOptions).toEqual([{ region: 'us-west-2' }]);
    expect(deps.sleeps).toEqual([15_000, 15_000]);
    expect(deps.errLines.filter((l) => /: creating \(/.test(l))).toHaveLength(2);
    expect(deps.errLines.some((l) => /available after 30s/.test(l))).toBe(true);

    const trust = JSON.parse(inputOf(m.iam, 'CreateRole').AssumeRolePolicyDocument as string);
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'redshift.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);

    const put = inputOf(m.iam, 'PutRolePolicy');
    expect(put.PolicyName).toBe('sparkify-s3-access');
    const policy = JSON.parse(put.PolicyDocument as string);
    const resources = policy.Statement.flatMap((st: { Resource: string | string[] }) => [st.Resource].flat());
    expect(resources).not.toContain('*');
    expect(JSON.stringify(policy)).not.toMatch(/"s3:\*"/);
    expect(policy.Statement).toContainEqual(expect.objectContaining({
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::udacity-dend/song_data*', 'arn:aws:s3:::udacity-dend/log_data*', 'arn:aws:s3:::udacity-dend/log_json_path.json*'],
    }));
    expect(policy.Statement).toContainEqual(expect.objectContaining({
      Action: expect.arrayContaining(['s3:PutObject']),
      Resource: ['arn:aws:s3:::my-sparkify-bucket/staging/*'],
    }));
    expect(policy.Statement).toContainEqual(expect.objectContaining({
      Action: ['s3:ListBucket'],
      Resource: 'arn:aws:s3:::udacity-dend',
      Condition: { StringLike: { 's3:prefix': ['song_data*', 'log_data*', 'log_json_path.json*'] } },
    }));
    // Writing is only allowed under the staging prefix.
    for (const st of policy.Statement as { Action: string[]; Resource: string | string[] }[]) {
      if (st.Action.includes('s3:PutObject')) expect([st.Resource].flat().every((r) => r.startsWith('arn:aws:s3:::my-sparkify-bucket/staging/'))).toBe(true);
    }

    expect(inputOf(m.redshift, 'CreateCluster')).toEqual({
      ClusterIdentifier: 'sparkify-dwh',
      ClusterType: 'multi-node',
      NumberOfNodes: 2,
      NodeType: 'ra3.large',
      DBName: 'sparkify',
      MasterUsername: 'etl',
      MasterUserPassword: PASSWORD,
      Port: 5439,
      IamRoles: [ROLE_ARN],
      PubliclyAccessible: true,
      Tags: [{ Key: 'created-by', Value: 'sparkify' }],
    });
    expect(inputOf(m.ec2, 'AuthorizeSecurityGroupIngress')).toEqual({
      GroupId: 'sg-0abc',
      IpPermissions: [{
        IpProtocol: 'tcp', FromPort: 5439, ToPort: 5439,
        IpRanges: [{ CidrIp: '203.0.113.7/32', Description: expect.any(String) }],
      }],
    });

    const after = await readText(path);
    const before = CONFIG.split('\n');
    const changed = new Map([
      [2, `HOST='${HOST}'`],
      [3, "DB_NAME='sparkify'"],
      [4, "DB_USER='etl'"],
      [9, `ARN=${ROLE_ARN}`],
    ]);
    expect(after.split('\n')).toEqual(before.map((line, i) => changed.get(i) ?? line));
    expect(deps.outLines.join('\n')).toContain(`available at ${HOST}:5439`);
    expectNoSecret(deps);
  });

  it('single-node: no NumberOfNodes; no CIDR: no ingress call, not public, and it says so', async () => {
    freshAccount(0);
    const path = await writeConfig(CONFIG.replace('DWH_CLUSTER_TYPE = multi-node', 'DWH_CLUSTER_TYPE = single-node').replace('DWH_NUM_NODES = 2', 'DWH_NUM_NODES = 1'));
    const deps = fakeDeps();
    await createCluster({ config: path }, deps);
    const input = inputOf(m.redshift, 'CreateCluster');
    expect(input.ClusterType).toBe('single-node');
    expect(input).not.toHaveProperty('NumberOfNodes');
    expect(input.PubliclyAccessible).toBe(false);
    expect(m.ec2.calls()).toHaveLength(0);
    expect(deps.errLines.join('\n')).toMatch(/NOT opened to any address/);
  });

  it('takes the CIDR from [DWH] DWH_ALLOWED_CIDR, and --cidr overrides it', async () => {
    freshAccount(0);
    const path = await writeConfig(CONFIG.replace('DWH_REGION = us-west-2', 'DWH_REGION = us-west-2\nDWH_ALLOWED_CIDR = 198.51.100.0/24'));
    await createCluster({ config: path }, fakeDeps());
    expect(inputOf(m.ec2, 'AuthorizeSecurityGroupIngress')).toMatchObject({ IpPermissions: [{ IpRanges: [{ CidrIp: '198.51.100.0/24' }] }] });
    m.ec2.resetHistory();
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('available')] });
    await createCluster({ config: path, cidr: '192.0.2.1/32' }, fakeDeps());
    expect(inputOf(m.ec2, 'AuthorizeSecurityGroupIngress')).toMatchObject({ IpPermissions: [{ IpRanges: [{ CidrIp: '192.0.2.1/32' }] }] });
  });

  it('retries CreateCluster while a just-created role is not yet visible to Redshift', async () => {
    freshAccount(0);
    m.redshift.on(CreateClusterCommand)
      .rejectsOnce(awsError('InvalidParameterValue', `The IAM role ${ROLE_ARN} is not valid`))
      .resolves({ Cluster: cluster('creating') });
    const deps = fakeDeps();
    await createCluster({ config: await writeConfig() }, deps);
    expect(m.redshift.commandCalls(CreateClusterCommand)).toHaveLength(2);
    expect(deps.sleeps[0]).toBe(10_000);
  });
});

describe('sparkify cluster create is idempotent', () => {
  it('reuses an existing role and cluster: no Create* call, config still rewritten', async () => {
    existingAccount();
    const path = await writeConfig();
    const deps = fakeDeps();
    await createCluster({ config: path, cidr: '203.0.113.7/32' }, deps);

    const log = callLog(m);
    expect(log.filter((c) => / Create/.test(c))).toEqual([]);
    expect(log).toEqual([
      'iam GetRole', 'iam PutRolePolicy', 'redshift DescribeClusters', 'redshift DescribeClusters', 'ec2 AuthorizeSecurityGroupIngress',
    ]);
    expect(deps.errLines.join('\n')).toMatch(/IAM role sparkify-redshift-s3 exists: reusing/);
    expect(deps.errLines.join('\n')).toMatch(/cluster sparkify-dwh exists \(available\): reusing it/);
    expect(deps.errLines.join('\n')).toMatch(/already open to 203\.0\.113\.7\/32/);
    const after = await readText(path);
    expect(after).toContain(`HOST='${HOST}'`);
    expect(after).toContain(`ARN=${ROLE_ARN}`);

    // A second run changes nothing in the file.
    const deps2 = fakeDeps();
    await createCluster({ config: path }, deps2);
    expect(await readText(path)).toBe(after);
    expect(deps2.outLines.join('\n')).toMatch(/already up to date/);
  });

  it('writes the values of the existing cluster, and warns where it differs from [DWH]', async () => {
    existingAccount();
    m.redshift.on(DescribeClustersCommand).resolves({
      Clusters: [cluster('available', { NodeType: 'ra3.xlplus', DBName: 'dev', Endpoint: { Address: 'other.host', Port: 5440 } })],
    });
    const path = await writeConfig();
    const deps = fakeDeps();
    await createCluster({ config: path }, deps);
    const after = await readText(path);
    expect(after).toContain("HOST='other.host'");
    expect(after).toContain("DB_NAME='dev'");
    expect(after).toContain('DB_PORT=5440');
    expect(deps.errLines.join('\n')).toMatch(/has node type ra3\.xlplus, not ra3\.large/);
  });

  it('attaches the role to an existing cluster that lacks it', async () => {
    existingAccount();
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('available', { IamRoles: [] })] });
    m.redshift.on(ModifyClusterIamRolesCommand).resolves({});
    await createCluster({ config: await writeConfig() }, fakeDeps());
    expect(inputOf(m.redshift, 'ModifyClusterIamRoles')).toEqual({ ClusterIdentifier: 'sparkify-dwh', AddIamRoles: [ROLE_ARN] });
  });

  it('treats EntityAlreadyExists and ClusterAlreadyExists (a race with another run) as reuse', async () => {
    freshAccount(0);
    m.iam.on(GetRoleCommand).rejectsOnce(noRole()).resolves(role);
    m.iam.on(CreateRoleCommand).rejects(new EntityAlreadyExistsException({ message: 'Role with name sparkify-redshift-s3 already exists.', $metadata: {} }));
    m.redshift.on(CreateClusterCommand).rejects(new ClusterAlreadyExistsFault({ message: 'Cluster already exists', $metadata: {} }));
    const path = await writeConfig();
    const deps = fakeDeps();
    await createCluster({ config: path }, deps);
    expect(callLog(m).slice(0, 4)).toEqual(['iam GetRole', 'iam CreateRole', 'iam GetRole', 'iam PutRolePolicy']);
    expect(deps.errLines.join('\n')).toMatch(/cluster sparkify-dwh already exists: reusing it/);
    expect(await readText(path)).toContain(`ARN=${ROLE_ARN}`);
  });
});

describe('sparkify cluster create waits with a bound', () => {
  it('becomes available after N polls, with progress on stderr', async () => {
    freshAccount(5);
    const deps = fakeDeps();
    await createCluster({ config: await writeConfig() }, deps);
    expect(m.redshift.commandCalls(DescribeClustersCommand)).toHaveLength(1 + 6);
    expect(deps.sleeps).toHaveLength(5);
    expect(deps.errLines.filter((l) => /sparkify-dwh: creating \(\d+m?\d*s elapsed/.test(l))).toHaveLength(5);
  });

  it('gives up after the timeout with a clear error and leaves dwh.cfg alone', async () => {
    freshAccount(1000);
    const path = await writeConfig();
    const deps = fakeDeps();
    const run = createCluster({ config: path, timeoutMinutes: 1 }, deps);
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/still creating after 1m00s/);
    // 60 s at 15 s a poll: polls at 0, 15, 30, 45, 60 s.
    expect(m.redshift.commandCalls(DescribeClustersCommand)).toHaveLength(1 + 5);
    expect(await readText(path)).toBe(CONFIG);
  });

  it('is bounded even with a clock that does not move', async () => {
    freshAccount(1000);
    const deps = fakeDeps({ now: () => 0, sleep: async () => {} });
    await expect(createCluster({ config: await writeConfig(), timeoutMinutes: 1 }, deps)).rejects.toThrow(/still creating/);
    expect(m.redshift.commandCalls(DescribeClustersCommand).length).toBeLessThanOrEqual(1 + 5);
  });

  it('stops on elapsed time, too, when polls are slow', async () => {
    freshAccount(1000);
    let clock = 0;
    // Each reading of the clock is 40 s later: the second poll is already past a 1-minute timeout.
    const deps = fakeDeps({ now: () => (clock += 40_000), sleep: async () => {} });
    await expect(createCluster({ config: await writeConfig(), timeoutMinutes: 1 }, deps)).rejects.toThrow(/still creating after 1m00s/);
    expect(m.redshift.commandCalls(DescribeClustersCommand)).toHaveLength(1 + 2);
  });

  it('stops at a state that will not become available', async () => {
    existingAccount();
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('deleting')] });
    await expect(createCluster({ config: await writeConfig() }, fakeDeps())).rejects.toThrow(/is deleting, not becoming available/);
  });
});

describe('sparkify cluster create errors', () => {
  async function failure(setup: () => void, options: { cidr?: string } = {}): Promise<{ error: Error; deps: ReturnType<typeof fakeDeps> }> {
    setup();
    const deps = fakeDeps();
    const error = await createCluster({ config: await writeConfig(), ...options }, deps).then(
      () => { throw new Error('expected a failure'); },
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(PASSWORD);
    expectNoSecret(deps);
    return { error, deps };
  }

  it('access denied', async () => {
    const { error } = await failure(() => {
      freshAccount();
      m.iam.on(CreateRoleCommand).rejects(awsError('AccessDenied', 'User: arn:aws:iam::1:user/x is not authorized to perform: iam:CreateRole'));
    });
    expect(error.message).toMatch(/^AWS denied iam:CreateRole: the credentials in use lack that permission/);
    expect(m.redshift.calls()).toHaveLength(0);
  });

  it('cluster quota exceeded', async () => {
    const { error } = await failure(() => {
      freshAccount();
      m.redshift.on(CreateClusterCommand).rejects(new ClusterQuotaExceededFault({ message: 'The request would exceed the allowed number of clusters.', $metadata: {} }));
    });
    expect(error.message).toMatch(/^AWS quota exceeded on redshift:CreateCluster \(ClusterQuotaExceededFault\)/);
  });

  it('invalid credentials', async () => {
    const { error } = await failure(() => {
      m.iam.on(GetRoleCommand).rejects(awsError('InvalidClientTokenId', 'The security token included in the request is invalid.'));
    });
    expect(error.message).toMatch(/^AWS rejected the credentials \(InvalidClientTokenId on iam:GetRole\)/);
  });

  it('no credentials at all', async () => {
    const { error } = await failure(() => {
      m.iam.on(GetRoleCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    });
    expect(error.message).toMatch(/^no AWS credentials found/);
  });

  it('an unexpected AWS error is one line, with the password scrubbed', async () => {
    const { error } = await failure(() => {
      freshAccount();
      m.redshift.on(CreateClusterCommand).rejects(awsError('InvalidParameterValue', `bad\nvalue ${PASSWORD} here`));
    });
    expect(error.message).toBe('AWS redshift:CreateCluster failed: InvalidParameterValue: bad value *** here');
  });

  it('refuses 0.0.0.0/0 unless --allow-anywhere, before any AWS call', async () => {
    const { error } = await failure(() => freshAccount(0), { cidr: '0.0.0.0/0' });
    expect(error.message).toMatch(/refusing to open the cluster port to the whole internet/);
    expect(callLog(m)).toEqual([]);
    m.iam.resetHistory();
    await createCluster({ config: await writeConfig(), cidr: '0.0.0.0/0', allowAnywhere: true }, fakeDeps());
    expect(inputOf(m.ec2, 'AuthorizeSecurityGroupIngress')).toMatchObject({ IpPermissions: [{ IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] });
  });

  it('requires a password that meets Redshift\'s rules, before any AWS call', async () => {
    freshAccount();
    const without = await writeConfig(CONFIG.replace(`DWH_DB_PASSWORD = ${PASSWORD}`, 'DWH_DB_PASSWORD ='));
    await expect(createCluster({ config: without }, fakeDeps())).rejects.toThrow(/\[DWH\] DWH_DB_PASSWORD is required/);
    const weak = await writeConfig(CONFIG.replace(`DWH_DB_PASSWORD = ${PASSWORD}`, 'DWH_DB_PASSWORD = passw0rd'));
    await expect(createCluster({ config: weak }, fakeDeps())).rejects.toThrow(/must contain an upper-case letter/);
    expect(callLog(m)).toEqual([]);
  });

  it('uses [AWS] KEY/SECRET only when set, with a warning that names no secret', async () => {
    existingAccount();
    const path = await writeConfig(`${CONFIG}\n[AWS]\nKEY = AKIAEXAMPLE\nSECRET = topsecretvalue\n`);
    const deps = fakeDeps();
    await createCluster({ config: path }, deps);
    expect(deps.clientOptions).toEqual([{ region: 'us-west-2', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'topsecretvalue' } }]);
    expect(deps.errLines[0]).toMatch(/^warning: using \[AWS\] KEY\/SECRET from dwh.cfg; credentials from the environment or an AWS profile .* are preferred/);
    expect([...deps.outLines, ...deps.errLines].join('\n')).not.toContain('topsecretvalue');
  });
});

describe('sparkify cluster create --dry-run', () => {
  it('prints every call with the password masked and makes no SDK call', async () => {
    const path = await writeConfig();
    const deps = fakeDeps();
    await createCluster({ config: path, dryRun: true, cidr: '203.0.113.7/32' }, deps);
    expect(callLog(m)).toEqual([]);
    expect(deps.clientOptions).toEqual([]);
    const out = deps.outLines.join('\n');
    expect(out).not.toContain(PASSWORD);
    expect(out).toContain('"MasterUserPassword":"***"');
    const calls = deps.outLines.filter((l) => l.startsWith('  ')).map((l) => l.trim().split(' ').slice(0, 2).join(' '));
    expect(calls).toEqual([
      'iam GetRole', 'iam CreateRole', 'iam PutRolePolicy', 'redshift DescribeClusters', 'redshift CreateCluster',
      'redshift DescribeClusters', 'redshift ModifyClusterIamRoles', 'ec2 AuthorizeSecurityGroupIngress',
    ]);
    expect(out).toContain('"ClusterIdentifier":"sparkify-dwh"');
    expect(out).toContain('"CidrIp":"203.0.113.7/32"');
    expect(out).toMatch(/then write to .*dwh\.cfg: \[CLUSTER\] HOST=<cluster endpoint>/);
    expect(await readText(path)).toBe(CONFIG);
  });
});
