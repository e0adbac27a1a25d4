import { AuthorizeSecurityGroupIngressCommand, type AuthorizeSecurityGroupIngressCommandInput } from '@aws-sdk/client-ec2';
import {
  CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, DetachRolePolicyCommand, GetRoleCommand,
  ListAttachedRolePoliciesCommand, ListRolePoliciesCommand, PutRolePolicyCommand,
  type CreateRoleCommandInput, type PutRolePolicyCommandInput, type Role,
} from '@aws-sdk/client-iam';
import {
  CreateClusterCommand, DeleteClusterCommand, DescribeClustersCommand, ModifyClusterIamRolesCommand,
  type Cluster, type CreateClusterCommandInput, type DeleteClusterCommandInput, type ModifyClusterIamRolesCommandInput,
} from '@aws-sdk/client-redshift';
import type { AwsClients } from './clients.js';
import { NOT_FOUND, toAwsCallError, type AwsCallError, type Service } from './messages.js';

/**
 * The AWS calls `sparkify cluster` makes, each translated to an AwsCallError (a UserError with a
 * one-line message) on failure. Secrets (the master password) are scrubbed from error messages.
 */
export class Aws {
  constructor(
    private readonly clients: AwsClients,
    private readonly secrets: readonly string[] = [],
  ) {}

  private async run<T>(service: Service, command: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toAwsCallError(error, service, command, this.secrets);
    }
  }

  /** The role, or undefined when it does not exist. */
  async getRole(roleName: string): Promise<Role | undefined> {
    try {
      const out = await this.run('iam', 'GetRole', () => this.clients.iam.send(new GetRoleCommand({ RoleName: roleName })));
      return out.Role;
    } catch (error) {
      if (NOT_FOUND.has((error as AwsCallError).code)) return undefined;
      throw error;
    }
  }

  async createRole(input: CreateRoleCommandInput): Promise<Role | undefined> {
    const out = await this.run('iam', 'CreateRole', () => this.clients.iam.send(new CreateRoleCommand(input)));
    return out.Role;
  }

  async putRolePolicy(input: PutRolePolicyCommandInput): Promise<void> {
    await this.run('iam', 'PutRolePolicy', () => this.clients.iam.send(new PutRolePolicyCommand(input)));
  }

  async listRolePolicies(roleName: string): Promise<string[]> {
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const out = await this.run('iam', 'ListRolePolicies', () =>
        this.clients.iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })));
      names.push(...(out.PolicyNames ?? []));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return names;
  }

  async listAttachedRolePolicies(roleName: string): Promise<string[]> {
    const arns: string[] = [];
    let marker: string | undefined;
    do {
      const out = await this.run('iam', 'ListAttachedRolePolicies', () =>
        this.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })));
      arns.push(...(out.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])));
      marker = out.IsTruncated ? out.Marker : undefined;
    } while (marker);
    return arns;
  }

  async deleteRolePolicy(roleName: string, policyName: string): Promise<void> {
    await this.run('iam', 'DeleteRolePolicy', () =>
      this.clients.iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })));
  }

  async detachRolePolicy(roleName: string, policyArn: string): Promise<void> {
    await this.run('iam', 'DetachRolePolicy', () =>
      this.clients.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })));
  }

  async deleteRole(roleName: string): Promise<void> {
    await this.run('iam', 'DeleteRole', () => this.clients.iam.send(new DeleteRoleCommand({ RoleName: roleName })));
  }

  /** The cluster, or undefined when it does not exist. */
  async describeCluster(identifier: string): Promise<Cluster | undefined> {
    try {
      const out = await this.run('redshift', 'DescribeClusters', () =>
        this.clients.redshift.send(new DescribeClustersCommand({ ClusterIdentifier: identifier })));
      return out.Clusters?.[0];
    } catch (error) {
      if (NOT_FOUND.has((error as AwsCallError).code)) return undefined;
      throw error;
    }
  }

  async createCluster(input: CreateClusterCommandInput): Promise<Cluster | undefined> {
    const out = await this.run('redshift', 'CreateCluster', () => this.clients.redshift.send(new CreateClusterCommand(input)));
    return out.Cluster;
  }

  async modifyClusterIamRoles(input: ModifyClusterIamRolesCommandInput): Promise<void> {
    await this.run('redshift', 'ModifyClusterIamRoles', () => this.clients.redshift.send(new ModifyClusterIamRolesCommand(input)));
  }

  async deleteCluster(input: DeleteClusterCommandInput): Promise<void> {
    await this.run('redshift', 'DeleteCluster', () => this.clients.redshift.send(new DeleteClusterCommand(input)));
  }

  async authorizeIngress(input: AuthorizeSecurityGroupIngressCommandInput): Promise<void> {
    await this.run('ec2', 'AuthorizeSecurityGroupIngress', () => this.clients.ec2.send(new AuthorizeSecurityGroupIngressCommand(input)));
  }
}
