import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { RedshiftClient, type Cluster } from '@aws-sdk/client-redshift';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach } from 'vitest';
import type { ClientOptions } from '../src/cluster/clients.js';
import type { ClusterDeps } from '../src/cluster/deps.js';

export const PASSWORD = 'Passw0rdSecret9';
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/sparkify-redshift-s3';
export const HOST = 'sparkify-dwh.c1a2b3.us-west-2.redshift.amazonaws.com';

/** A dwh.cfg as a user has it: the seed's sections with comments, plus [DWH]. */
export const CONFIG = [
  '# Sparkify: where the warehouse lives',
  '[CLUSTER]',
  "HOST=''",
  "DB_NAME=''",
  "DB_USER=''",
  "DB_PASSWORD=''",
  'DB_PORT=5439',
  '',
  '[IAM_ROLE]',
  'ARN=',
  '',
  '; the source data (read-only)',
  '[S3]',
  "LOG_DATA='s3://udacity-dend/log_data'",
  "LOG_JSONPATH='s3://udacity-dend/log_json_path.json'",
  "SONG_DATA='s3://udacity-dend/song_data'",
  'STAGING = s3://my-sparkify-bucket/staging/',
  '',
  '[DWH]',
  'DWH_CLUSTER_TYPE = multi-node',
  'DWH_NUM_NODES = 2',
  'DWH_NODE_TYPE = ra3.large',
  'DWH_IAM_ROLE_NAME = sparkify-redshift-s3',
  'DWH_CLUSTER_IDENTIFIER = sparkify-dwh',
  'DWH_DB = sparkify',
  'DWH_DB_USER = etl',
  `DWH_DB_PASSWORD = ${PASSWORD}`,
  'DWH_PORT = 5439',
  'DWH_REGION = us-west-2',
  '',
].join('\n');

export async function writeConfig(text: string = CONFIG): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sparkify-cluster-'));
  const path = join(dir, 'dwh.cfg');
  await writeFile(path, text, 'utf8');
  return path;
}

export const readText = (path: string): Promise<string> => readFile(path, 'utf8');

export function mocks() {
  return { redshift: mockClient(RedshiftClient), iam: mockClient(IAMClient), ec2: mockClient(EC2Client) };
}
export type Mocks = ReturnType<typeof mocks>;

/** Fresh mocks of the three AWS clients for every test of the calling file, restored after each. */
export function mocksPerTest(): Mocks {
  const current = {} as Mocks;
  beforeEach(() => {
    Object.assign(current, mocks());
  });
  afterEach(() => {
    current.redshift.restore();
    current.iam.restore();
    current.ec2.restore();
  });
  return current;
}

/** Every call the three mocked clients received, in order, as "service Command". */
export function callLog(m: Mocks): string[] {
  const all = (['redshift', 'iam', 'ec2'] as const).flatMap((service) =>
    m[service].calls().map((call) => ({
      id: (call as unknown as { callId: number }).callId,
      name: `${service} ${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`,
    })));
  return all.sort((a, b) => a.id - b.id).map((c) => c.name);
}

/** The input of the n-th call (0-based) of a command on a mocked client. */
export function inputOf(m: Mocks[keyof Mocks], command: string, n = 0): Record<string, unknown> {
  const calls = m.calls().filter((c) => (c.args[0] as object).constructor.name === `${command}Command`);
  const call = calls[n];
  if (!call) throw new Error(`no call ${n} of ${command}`);
  return (call.args[0] as unknown as { input: Record<string, unknown> }).input;
}

export interface FakeDeps extends ClusterDeps {
  outLines: string[];
  errLines: string[];
  sleeps: number[];
  clientOptions: ClientOptions[];
  questions: string[];
}

/** Deps with mocked clients (real client objects, send stubbed), a fake clock and captured output. */
export function fakeDeps(overrides: Partial<ClusterDeps> & { answer?: string } = {}): FakeDeps {
  let clock = 1_000_000;
  const deps: FakeDeps = {
    outLines: [],
    errLines: [],
    sleeps: [],
    clientOptions: [],
    questions: [],
    clients: (options) => {
      deps.clientOptions.push(options);
      // Dummy credentials so that nothing ever looks for real ones; send() is stubbed anyway.
      const config = { region: options.region, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' } };
      return { redshift: new RedshiftClient(config), iam: new IAMClient(config), ec2: new EC2Client(config) };
    },
    out: (line) => deps.outLines.push(line),
    err: (line) => deps.errLines.push(line),
    sleep: async (ms) => {
      deps.sleeps.push(ms);
      clock += ms;
    },
    now: () => clock,
    isTTY: false,
    ask: async (question) => {
      deps.questions.push(question);
      return overrides.answer ?? '';
    },
    env: {},
    pollIntervalMs: 15_000,
    ...overrides,
  };
  return deps;
}

export function cluster(status: string, extra: Partial<Cluster> = {}): Cluster {
  return {
    ClusterIdentifier: 'sparkify-dwh',
    ClusterStatus: status,
    NodeType: 'ra3.large',
    NumberOfNodes: 2,
    DBName: 'sparkify',
    MasterUsername: 'etl',
    PubliclyAccessible: true,
    IamRoles: [{ IamRoleArn: ROLE_ARN, ApplyStatus: 'in-sync' }],
    VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0abc', Status: 'active' }],
    ...(status === 'available' ? { Endpoint: { Address: HOST, Port: 5439 } } : {}),
    ...extra,
  };
}

/** A service error as the SDK throws it: an Error whose name is the AWS error code. */
export function awsError(name: string, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}
