import { describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { validateDwhConfig } from '../src/config/dwh-cfg.js';
import { parseIni } from '../src/config/ini.js';
import { postgresTarget } from '../src/warehouse/postgres/connection.js';
import { redshiftTarget } from '../src/warehouse/redshift/connection.js';
import { engineOf } from '../src/warehouse/open-warehouse.js';

const cfg = (text: string) => validateDwhConfig(parseIni(text, 'dwh.cfg'), 'dwh.cfg');

const SEED_CFG = `[CLUSTER]
HOST=dwhcluster.abc.us-west-2.redshift.amazonaws.com
DB_NAME=dwh
DB_USER=dwhuser
DB_PASSWORD=S3cret!pass
DB_PORT=5439

[IAM_ROLE]
ARN=arn:aws:iam::123456789012:role/dwhRole

[S3]
LOG_DATA=s3://udacity-dend/log_data
LOG_JSONPATH=s3://udacity-dend/log_json_path.json
SONG_DATA=s3://udacity-dend/song_data
`;

describe('warehouse settings', () => {
  it('picks the engine from the spec', () => {
    expect(engineOf('postgres://u@h/db')).toBe('postgres');
    expect(engineOf('postgresql://u@h/db')).toBe('postgres');
    expect(engineOf('postgres:')).toBe('postgres');
    expect(engineOf('redshift:dwh.cfg')).toBe('redshift');
    expect(engineOf('./sparkify.duckdb')).toBe('duckdb');
  });

  it('parses a PostgreSQL URL; the label never shows the password', () => {
    const t = postgresTarget('postgresql://ana:p%40ss@db.example:6543/music?schema=star');
    expect(t.config).toMatchObject({ host: 'db.example', port: 6543, user: 'ana', password: 'p@ss', database: 'music' });
    expect(t.schema).toBe('star');
    expect(t.label).toBe('postgres://ana@db.example:6543/music (schema star)');
    expect(t.label).not.toContain('p@ss');
    expect(t.secrets).toContain('p@ss');
  });

  it('uses the PG* variables for postgres:, and [WAREHOUSE] SCHEMA when the URL has none', () => {
    const t = postgresTarget('postgres:', cfg('[WAREHOUSE]\nSCHEMA=analytics\n'), { PGHOST: 'pghost', PGUSER: 'me', PGDATABASE: 'x', PGPASSWORD: 'pw' });
    expect(t.config.host).toBeUndefined(); // pg reads PGHOST itself
    expect(t.schema).toBe('analytics');
    expect(t.label).toBe('postgres://me@pghost:5432/x (schema analytics)');
    expect(t.secrets).toEqual(['pw']);
    expect(postgresTarget('postgres:?schema=s1', {}, {}).schema).toBe('s1');
  });

  it('rejects unknown URL parameters and shows no password in the error', () => {
    expect(() => postgresTarget('postgres://u:hunter2@h/db?shema=x')).toThrow(UserError);
    expect(() => postgresTarget('postgres://u:hunter2@h/db?shema=x')).toThrow(/unknown parameter shema/);
    try { postgresTarget('postgres://u:hunter2@h/db?shema=x'); } catch (e) { expect((e as Error).message).not.toContain('hunter2'); }
  });

  it('reads the seed dwh.cfg as it is for redshift:dwh.cfg', () => {
    const t = redshiftTarget('redshift:dwh.cfg', cfg(SEED_CFG));
    expect(t.config).toMatchObject({ host: 'dwhcluster.abc.us-west-2.redshift.amazonaws.com', port: 5439, database: 'dwh', user: 'dwhuser', password: 'S3cret!pass', ssl: true });
    expect(t.copy).toEqual({ iamRole: 'arn:aws:iam::123456789012:role/dwhRole', accessKey: undefined, region: 'us-west-2', maxErrors: 100_000 });
    expect(t.serverless).toBe(false);
    expect(t.label).not.toContain('S3cret');
  });

  it('takes the region from [S3] then [WAREHOUSE], and MAX_ERRORS within Redshift’s limit', () => {
    expect(redshiftTarget('redshift:dwh.cfg', cfg(`${SEED_CFG}REGION=eu-west-1\n[WAREHOUSE]\nREGION=us-east-1\nMAX_ERRORS=0\n`)).copy)
      .toMatchObject({ region: 'eu-west-1', maxErrors: 0 });
    expect(redshiftTarget('redshift:dwh.cfg', cfg(`${SEED_CFG}[WAREHOUSE]\nREGION=us-east-1\n`)).copy.region).toBe('us-east-1');
    expect(() => redshiftTarget('redshift:dwh.cfg', cfg(`${SEED_CFG}[WAREHOUSE]\nMAX_ERRORS=100001\n`))).toThrow(/at most 100000/);
  });

  it('says what is missing when [CLUSTER] is incomplete (the seed ships HOST empty)', () => {
    expect(() => redshiftTarget('redshift:dwh.cfg', cfg(SEED_CFG.replace(/HOST=.*/, "HOST=''")))).toThrow(/\[CLUSTER\] HOST is empty/);
    expect(() => redshiftTarget('redshift:dwh.cfg', {})).toThrow(/no \[CLUSTER\] section/);
  });

  it('parses a redshift:// URL with the default port and SSL on; spots Serverless', () => {
    const t = redshiftTarget('redshift://admin:pw@wg.123456789012.us-east-1.redshift-serverless.amazonaws.com/dev?schema=sparkify');
    expect(t.config).toMatchObject({ port: 5439, user: 'admin', database: 'dev', ssl: true });
    expect(t.schema).toBe('sparkify');
    expect(t.serverless).toBe(true);
  });

  it('validates the schema as an identifier', async () => {
    const { openWarehouse } = await import('../src/warehouse/open-warehouse.js');
    await expect(openWarehouse('postgres://u@127.0.0.1:1/db?schema=bad;drop')).rejects.toThrow(/not a valid identifier/);
  });
});

describe('hostile schema names in a warehouse URL', () => {
  it.each([
    `postgres://u@h/db?schema=${encodeURIComponent('x"; DROP TABLE songs; --')}`,
    `postgres://u@h/db?schema=${encodeURIComponent("it's")}`,
    'redshift://u:p@h:5439/db?schema=a;b',
  ])('refuses %s before connecting', async (spec) => {
    const { openWarehouse } = await import('../src/warehouse/open-warehouse.js');
    await expect(openWarehouse(spec, { IAM_ROLE: { ARN: 'arn:aws:iam::1:role/r' } })).rejects.toThrow(/schema .* is not a valid identifier/);
  });
});
