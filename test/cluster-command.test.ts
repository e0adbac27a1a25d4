import { DescribeClustersCommand } from '@aws-sdk/client-redshift';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { clusterCommand } from '../src/cli/commands/cluster.js';
import { callLog, cluster, fakeDeps, mocksPerTest, PASSWORD, writeConfig } from './cluster-helpers.js';

const m = mocksPerTest();

describe('clusterCommand()', () => {
  it('has create, status and delete', () => {
    expect(clusterCommand().name()).toBe('cluster');
    expect(clusterCommand().commands.map((c) => c.name())).toEqual(['create', 'status', 'delete']);
  });

  it('wires create --dry-run --cidr to the create flow', async () => {
    const deps = fakeDeps();
    const path = await writeConfig();
    await clusterCommand(deps).parseAsync(['create', '--config', path, '--dry-run', '--cidr', '203.0.113.7/32'], { from: 'user' });
    expect(callLog(m)).toEqual([]);
    const out = deps.outLines.join('\n');
    expect(out).toContain('"CidrIp":"203.0.113.7/32"');
    expect(out).not.toContain(PASSWORD);
  });

  it('wires status', async () => {
    m.redshift.on(DescribeClustersCommand).resolves({ Clusters: [cluster('available')] });
    const deps = fakeDeps();
    await clusterCommand(deps).parseAsync(['status', '--config', await writeConfig()], { from: 'user' });
    expect(deps.outLines.join('\n')).toMatch(/^state {5}available$/m);
  });

  it('delete without --yes off a terminal rejects with a UserError', async () => {
    const run = clusterCommand(fakeDeps({ isTTY: false })).parseAsync(['delete', '--config', await writeConfig()], { from: 'user' });
    await expect(run).rejects.toBeInstanceOf(UserError);
    expect(callLog(m)).toEqual([]);
  });

  it('rejects a bad --timeout', async () => {
    const command = clusterCommand(fakeDeps());
    command.exitOverride().configureOutput({ writeErr: () => {} });
    for (const sub of command.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
    await expect(command.parseAsync(['create', '--timeout', 'soon'], { from: 'user' })).rejects.toThrow(/positive number of minutes/);
  });
});
