import { describe, expect, it } from 'vitest';
import { maskedJson, toAwsCallError } from '../src/cluster/messages.js';
import { accessPolicy, parseS3Url, trustsRedshift } from '../src/cluster/role-policy.js';
import { checkCidr, passwordProblem, resolveSettings } from '../src/cluster/settings.js';
import type { DwhConfig } from '../src/config/dwh-cfg.js';

const withPassword: DwhConfig = { DWH: { DWH_DB_PASSWORD: 'Passw0rdSecret9' } };

describe('cluster settings from [DWH]', () => {
  it('has sensible defaults when [DWH] says little', () => {
    const s = resolveSettings(withPassword, { needPassword: true, env: {} });
    expect(s).toMatchObject({
      region: 'us-west-2', identifier: 'sparkify-dwh', clusterType: 'multi-node', numberOfNodes: 2, nodeType: 'ra3.large',
      dbName: 'sparkify', dbUser: 'sparkify', port: 5439, roleName: 'sparkify-redshift-s3',
    });
  });

  it('takes the region from DWH_REGION, then [AWS] REGION, then AWS_REGION, then us-west-2', () => {
    const env = { AWS_REGION: 'eu-west-1' };
    expect(resolveSettings({ DWH: { DWH_REGION: 'us-east-2' }, AWS: { REGION: 'us-east-1' } }, { needPassword: false, env }).region).toBe('us-east-2');
    expect(resolveSettings({ AWS: { REGION: 'us-east-1' } }, { needPassword: false, env }).region).toBe('us-east-1');
    expect(resolveSettings({}, { needPassword: false, env }).region).toBe('eu-west-1');
    expect(resolveSettings({}, { needPassword: false, env: { AWS_REGION: ' ' } }).region).toBe('us-west-2');
  });

  it('derives the cluster type from the node count and checks they agree', () => {
    expect(resolveSettings({ DWH: { DWH_NUM_NODES: 1 } }, { needPassword: false, env: {} })).toMatchObject({ clusterType: 'single-node' });
    expect(resolveSettings({ DWH: { DWH_NUM_NODES: 1 } }, { needPassword: false, env: {} })).not.toHaveProperty('numberOfNodes');
    expect(resolveSettings({ DWH: { DWH_NUM_NODES: 4 } }, { needPassword: false, env: {} })).toMatchObject({ clusterType: 'multi-node', numberOfNodes: 4 });
    expect(() => resolveSettings({ DWH: { DWH_CLUSTER_TYPE: 'single-node', DWH_NUM_NODES: 4 } }, { needPassword: false, env: {} })).toThrow(/single-node cluster has 1 node/);
    expect(() => resolveSettings({ DWH: { DWH_CLUSTER_TYPE: 'multi-node', DWH_NUM_NODES: 1 } }, { needPassword: false, env: {} })).toThrow(/at least 2 nodes/);
    expect(() => resolveSettings({ DWH: { DWH_CLUSTER_TYPE: 'big' } }, { needPassword: false, env: {} })).toThrow(/single-node or multi-node/);
  });

  it('lower-cases the identifier as Redshift does and rejects invalid ones', () => {
    expect(resolveSettings({ DWH: { DWH_CLUSTER_IDENTIFIER: 'dwhCluster' } }, { needPassword: false, env: {} }).identifier).toBe('dwhcluster');
    for (const bad of ['1abc', 'a--b', 'a-', 'a_b']) {
      expect(() => resolveSettings({ DWH: { DWH_CLUSTER_IDENTIFIER: bad } }, { needPassword: false, env: {} })).toThrow(/DWH_CLUSTER_IDENTIFIER/);
    }
  });

  it('requires KEY and SECRET together', () => {
    expect(() => resolveSettings({ AWS: { KEY: 'AKIA' } }, { needPassword: false, env: {} })).toThrow(/KEY and SECRET must be set together/);
  });
});

describe("Redshift's password rules", () => {
  it.each([
    ['Passw0rd', undefined],
    ['Pa0!#$%&()*+,-.:;<=>?[]^_`{|}~', undefined],
    ['Pa0short', undefined],
    ['Pa0shor', 'must be 8 to 64 characters long'],
    [`Pa0${'x'.repeat(62)}`, 'must be 8 to 64 characters long'],
    ['password0', 'must contain an upper-case letter'],
    ['PASSWORD0', 'must contain a lower-case letter'],
    ['Password', 'must contain a digit'],
    ['Pass word0', 'may contain only printable ASCII characters without spaces'],
    ['Passwörd0', 'may contain only printable ASCII characters without spaces'],
    ["Pass'word0", 'must not contain \' " \\ / or @'],
    ['Pass"word0', 'must not contain \' " \\ / or @'],
    ['Pass\\word0', 'must not contain \' " \\ / or @'],
    ['Pass/word0', 'must not contain \' " \\ / or @'],
    ['Pass@word0', 'must not contain \' " \\ / or @'],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it('never puts the password in the error', () => {
    const config: DwhConfig = { DWH: { DWH_DB_PASSWORD: 'weakpass1' } };
    expect(() => resolveSettings(config, { needPassword: true, env: {} })).toThrow(/^\[DWH\] DWH_DB_PASSWORD must contain an upper-case letter/);
    try {
      resolveSettings(config, { needPassword: true, env: {} });
    } catch (e) {
      expect((e as Error).message).not.toContain('weakpass1');
    }
  });
});

describe('CIDR check', () => {
  it('accepts canonical IPv4 ranges and refuses the world unless allowed', () => {
    expect(checkCidr('203.0.113.7/32', false)).toBe('203.0.113.7/32');
    expect(checkCidr(' 10.0.0.0/8 ', false)).toBe('10.0.0.0/8');
    expect(() => checkCidr('0.0.0.0/0', false)).toThrow(/whole internet/);
    expect(checkCidr('0.0.0.0/0', true)).toBe('0.0.0.0/0');
    expect(() => checkCidr('203.0.113.7/24', false)).toThrow('CIDR 203.0.113.7/24 has host bits set; did you mean 203.0.113.0/24?');
    for (const bad of ['203.0.113.7', '300.0.0.0/8', '1.2.3.4/33', '::/0', 'anywhere']) expect(() => checkCidr(bad, true)).toThrow(/not an IPv4 range/);
  });
});

describe('role policy', () => {
  it('parses s3 URLs', () => {
    expect(parseS3Url('s3://udacity-dend/song_data')).toEqual({ bucket: 'udacity-dend', prefix: 'song_data' });
    expect(parseS3Url('s3://bucket')).toEqual({ bucket: 'bucket', prefix: '' });
    expect(parseS3Url('/local/path')).toBeUndefined();
  });

  it('lists a whole bucket without a prefix condition', () => {
    const doc = accessPolicy(['s3://whole'], [])!;
    expect(doc.Statement[0]).toEqual({ Sid: 'List0', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: 'arn:aws:s3:::whole' });
    expect(doc.Statement.find((s) => s.Sid === 'ReadSources')?.Resource).toEqual(['arn:aws:s3:::whole/*']);
    expect(doc.Statement.some((s) => s.Action.includes('s3:PutObject'))).toBe(false);
  });

  it('is undefined without any s3 location', () => {
    expect(accessPolicy([], [])).toBeUndefined();
  });

  it('recognises a trust policy for Redshift, URL-encoded or not', () => {
    expect(trustsRedshift(encodeURIComponent('{"Principal":{"Service":"redshift.amazonaws.com"}}'))).toBe(true);
    expect(trustsRedshift('{"Principal":{"Service":"ec2.amazonaws.com"}}')).toBe(false);
    expect(trustsRedshift(undefined)).toBe(false);
  });
});

describe('messages', () => {
  it('masks secret parameters at any depth', () => {
    expect(maskedJson({ MasterUserPassword: 'x', Nested: [{ SecretAccessKey: 'y', Port: 1 }] }))
      .toBe('{"MasterUserPassword":"***","Nested":[{"SecretAccessKey":"***","Port":1}]}');
  });

  it('maps network failures to a one-line message', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND redshift.us-west-2.amazonaws.com'), { code: 'ENOTFOUND' });
    expect(toAwsCallError(error, 'redshift', 'DescribeClusters', []).message).toBe('could not reach AWS for redshift:DescribeClusters (ENOTFOUND): check your network and region');
  });
});
