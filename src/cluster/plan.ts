import type { AuthorizeSecurityGroupIngressCommandInput } from '@aws-sdk/client-ec2';
import type { CreateRoleCommandInput, PutRolePolicyCommandInput } from '@aws-sdk/client-iam';
import type { CreateClusterCommandInput, DeleteClusterCommandInput } from '@aws-sdk/client-redshift';
import type { IniUpdates } from '../config/ini-update.js';
import { maskedJson, type Service } from './messages.js';
import { accessPolicy, trustPolicyJson } from './role-policy.js';
import { INLINE_POLICY_NAME, type ClusterSettings } from './settings.js';

/**
 * The parameters of every AWS call, built in one place so that `--dry-run` prints exactly what a
 * real run sends.
 */

const TAGS = [{ Key: 'created-by', Value: 'sparkify' }];

export function createRoleInput(s: ClusterSettings): CreateRoleCommandInput {
  return {
    RoleName: s.roleName,
    AssumeRolePolicyDocument: trustPolicyJson(),
    Description: `Lets Redshift cluster ${s.identifier} read the Sparkify source data in S3`,
    Tags: TAGS,
  };
}

/** Undefined when no s3:// location is configured (IAM refuses an empty policy). */
export function putRolePolicyInput(s: ClusterSettings): PutRolePolicyCommandInput | undefined {
  const document = accessPolicy(s.readLocations, s.writeLocations);
  if (!document) return undefined;
  return { RoleName: s.roleName, PolicyName: INLINE_POLICY_NAME, PolicyDocument: JSON.stringify(document) };
}

export function createClusterInput(s: ClusterSettings, roleArn: string, publiclyAccessible: boolean): CreateClusterCommandInput {
  if (s.password === undefined) throw new Error('createClusterInput needs the password');
  return {
    ClusterIdentifier: s.identifier,
    ClusterType: s.clusterType,
    ...(s.numberOfNodes === undefined ? {} : { NumberOfNodes: s.numberOfNodes }),
    NodeType: s.nodeType,
    DBName: s.dbName,
    MasterUsername: s.dbUser,
    MasterUserPassword: s.password,
    Port: s.port,
    IamRoles: [roleArn],
    PubliclyAccessible: publiclyAccessible,
    Tags: TAGS,
  };
}

export function ingressInput(groupId: string, port: number, cidr: string): AuthorizeSecurityGroupIngressCommandInput {
  return {
    GroupId: groupId,
    IpPermissions: [
      {
        IpProtocol: 'tcp',
        FromPort: port,
        ToPort: port,
        IpRanges: [{ CidrIp: cidr, Description: 'Redshift access opened by sparkify cluster create' }],
      },
    ],
  };
}

export function deleteClusterInput(identifier: string): DeleteClusterCommandInput {
  return { ClusterIdentifier: identifier, SkipFinalClusterSnapshot: true };
}

/** What `create` writes into dwh.cfg once the cluster is available. */
export function configUpdates(values: { host: string; dbName: string; dbUser: string; port: number; roleArn: string }): IniUpdates {
  return {
    CLUSTER: { HOST: values.host, DB_NAME: values.dbName, DB_USER: values.dbUser, DB_PORT: String(values.port) },
    IAM_ROLE: { ARN: values.roleArn },
  };
}

export interface PlannedCall {
  service: Service;
  command: string;
  input: object;
  /** When the call is conditional, on what. */
  note?: string;
}

export function formatCall(call: PlannedCall): string {
  return `${call.service} ${call.command} ${maskedJson(call.input)}${call.note ? `  # ${call.note}` : ''}`;
}

/** The calls `create` makes on an account where neither the role nor the cluster exists yet. */
export function planCreate(s: ClusterSettings, cidr: string | undefined): PlannedCall[] {
  const roleArn = `<ARN of role ${s.roleName}>`;
  const calls: PlannedCall[] = [
    { service: 'iam', command: 'GetRole', input: { RoleName: s.roleName } },
    { service: 'iam', command: 'CreateRole', input: createRoleInput(s), note: 'only if the role does not exist' },
  ];
  const policy = putRolePolicyInput(s);
  if (policy) calls.push({ service: 'iam', command: 'PutRolePolicy', input: policy });
  calls.push(
    { service: 'redshift', command: 'DescribeClusters', input: { ClusterIdentifier: s.identifier } },
    {
      service: 'redshift', command: 'CreateCluster', input: createClusterInput(s, roleArn, cidr !== undefined),
      note: 'only if the cluster does not exist',
    },
    {
      service: 'redshift', command: 'DescribeClusters', input: { ClusterIdentifier: s.identifier },
      note: 'repeated until the cluster is available',
    },
    {
      service: 'redshift', command: 'ModifyClusterIamRoles', input: { ClusterIdentifier: s.identifier, AddIamRoles: [roleArn] },
      note: 'only if an existing cluster lacks the role',
    },
  );
  if (cidr !== undefined) {
    calls.push({
      service: 'ec2', command: 'AuthorizeSecurityGroupIngress',
      input: ingressInput("<the cluster's VPC security group>", s.port, cidr),
      note: 'an existing identical rule is kept',
    });
  }
  return calls;
}

export function planDelete(s: ClusterSettings, options: { deleteRole: boolean; wait: boolean }): PlannedCall[] {
  const calls: PlannedCall[] = [
    { service: 'redshift', command: 'DescribeClusters', input: { ClusterIdentifier: s.identifier } },
    { service: 'redshift', command: 'DeleteCluster', input: deleteClusterInput(s.identifier), note: 'only if the cluster exists' },
  ];
  if (options.wait) {
    calls.push({
      service: 'redshift', command: 'DescribeClusters', input: { ClusterIdentifier: s.identifier },
      note: 'repeated until the cluster is gone',
    });
  }
  if (options.deleteRole) {
    calls.push(
      { service: 'iam', command: 'GetRole', input: { RoleName: s.roleName } },
      { service: 'iam', command: 'ListRolePolicies', input: { RoleName: s.roleName } },
      { service: 'iam', command: 'DeleteRolePolicy', input: { RoleName: s.roleName, PolicyName: INLINE_POLICY_NAME }, note: 'for each inline policy listed' },
      { service: 'iam', command: 'ListAttachedRolePolicies', input: { RoleName: s.roleName } },
      { service: 'iam', command: 'DetachRolePolicy', input: { RoleName: s.roleName, PolicyArn: '<each attached policy>' }, note: 'for each managed policy listed' },
      { service: 'iam', command: 'DeleteRole', input: { RoleName: s.roleName } },
    );
  }
  return calls;
}
