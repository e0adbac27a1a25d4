import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../src/cli/errors.js';
import { readDwhConfig } from '../src/config/dwh-cfg.js';
import { CLUSTER_FROM_CONFIG, DEFAULT_WAREHOUSE, resolveSettings } from '../src/config/settings.js';
import { tempDir } from './helpers.js';

const SEED = new URL('./fixtures/config/seed-dwh.cfg', import.meta.url).pathname;

describe('dwh.cfg', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("parses the seed's file as it is, quotes and all", async () => {
    const config = await readDwhConfig(SEED);
    expect(config.CLUSTER).toEqual({
      HOST: 'dwhcluster.abc123xyz.us-west-2.redshift.amazonaws.com', DB_NAME: 'dwh', DB_USER: 'dwhuser', DB_PASSWORD: 'Passw0rd', DB_PORT: 5439,
    });
    expect(config.IAM_ROLE?.ARN).toBe('arn:aws:iam::123456789012:role/dwhRole');
    expect(config.S3?.LOG_JSONPATH).toBe('s3://udacity-dend/log_json_path.json');
  });

  it('means Redshift when [CLUSTER] is there and [WAREHOUSE] is not, as in the seed', async () => {
    const settings = await resolveSettings({ config: SEED }, {});
    expect(settings.warehouse).toBe(CLUSTER_FROM_CONFIG);
    expect(settings.source).toMatchObject({ songData: 's3://udacity-dend/song_data', logData: 's3://udacity-dend/log_data' });
  });

  it('still means Redshift when [WAREHOUSE] only tunes it (no URL)', async () => {
    const path = write('tuned.cfg', `${readFileSync(SEED, 'utf8')}\n[WAREHOUSE]\nSLICES=4\nMAX_ERRORS=10\n`);
    expect((await resolveSettings({ config: path }, {})).warehouse).toBe(CLUSTER_FROM_CONFIG);
  });

  it('accepts comments, colons, lower-case keys and empty values', async () => {
    const path = write('ok.cfg', "# comment\n; another\n[warehouse]\nurl: ./w.duckdb\nsource = 'data'\n[CLUSTER]\nHOST=''\n");
    const config = await readDwhConfig(path);
    expect(config.WAREHOUSE).toEqual({ URL: './w.duckdb', SOURCE: 'data' });
    expect(config.CLUSTER).toEqual({});
  });

  it.each([
    ['unknown key', '[CLUSTER]\nHOSTNAME=x\n', /:2: unknown key HOSTNAME in \[CLUSTER\]/],
    ['unknown section', '[CLUSTR]\nHOST=x\n', /unknown section \[CLUSTR\]/],
    ['bad port', '[CLUSTER]\nDB_PORT=54x9\n', /:2: \[CLUSTER\] DB_PORT = "54x9": must be a port number/],
    ['key outside a section', 'HOST=x\n', /:1: "HOST" is outside any \[SECTION\]/],
    ['garbage line', '[S3]\nthis is not ini\n', /:2: expected "KEY = value"/],
    ['bad MAX_ERRORS', '[WAREHOUSE]\nMAX_ERRORS=-1\n', /MAX_ERRORS = "-1": must be a whole number/],
    ['bad MEMORY_LIMIT', '[WAREHOUSE]\nMEMORY_LIMIT=lots\n', /:2: \[WAREHOUSE\] MEMORY_LIMIT = "lots": must be a size such as 512MB or 4GB/],
  ])('refuses %s with the file and line', async (_, text, message) => {
    const path = write('bad.cfg', text);
    await expect(readDwhConfig(path)).rejects.toThrow(UserError);
    await expect(readDwhConfig(path)).rejects.toThrow(message);
  });

  it('takes flags over environment over dwh.cfg over defaults', async () => {
    const path = write('p.cfg', '[WAREHOUSE]\nURL=from-cfg.duckdb\nSOURCE=cfg-data\n');
    const env = { SPARKIFY_WAREHOUSE: 'from-env.duckdb', SPARKIFY_SOURCE: 'env-data' };
    expect((await resolveSettings({ config: path, warehouse: 'flag.duckdb' }, env)).warehouse).toBe('flag.duckdb');
    expect((await resolveSettings({ config: path }, env)).warehouse).toBe('from-env.duckdb');
    expect((await resolveSettings({ config: path }, {})).warehouse).toBe('from-cfg.duckdb');
    expect((await resolveSettings({}, {})).warehouse).toBe(DEFAULT_WAREHOUSE);
    expect((await resolveSettings({ config: path, source: 'flag-data' }, env)).source?.songData).toBe('flag-data/song_data');
    expect((await resolveSettings({ config: path }, env)).source?.logData).toBe('env-data/log_data');
    expect((await resolveSettings({ config: path }, {})).source?.label).toBe('cfg-data');
  });

  it('says clearly when the config file is missing', async () => {
    await expect(readDwhConfig(join(dir, 'nope.cfg'))).rejects.toThrow(/cannot read config .*nope\.cfg: no such file/);
  });
});

describe('hostile config', () => {
  const dir = tempDir();

  it.each([`x"; DROP TABLE songs; --`, "it's", 'a.b', 'semi;colon', ''])('refuses the schema name %j', async (schema) => {
    const path = join(dir, 'hostile.cfg');
    writeFileSync(path, `[WAREHOUSE]\nURL=${join(dir, 'h.duckdb')}\nSCHEMA=${schema}\n`);
    const { openWarehouse } = await import('../src/warehouse/open-warehouse.js');
    const settings = await resolveSettings({ config: path }, {});
    if (schema === '') {
      const w = await openWarehouse(settings.warehouse, settings.config); // empty means "not set"
      await w.close();
      return;
    }
    await expect(openWarehouse(settings.warehouse, settings.config)).rejects.toThrow(/schema .* is not a valid identifier/);
  });

  it('caps DuckDB at [WAREHOUSE] MEMORY_LIMIT', async () => {
    const path = join(dir, 'memory.cfg');
    writeFileSync(path, `[WAREHOUSE]\nURL=${join(dir, 'm.duckdb')}\nMEMORY_LIMIT=300MB\n`);
    const { openWarehouse } = await import('../src/warehouse/open-warehouse.js');
    const settings = await resolveSettings({ config: path }, {});
    const w = await openWarehouse(settings.warehouse, settings.config);
    try {
      const [row] = await w.query<{ shown: string }>("SELECT current_setting('memory_limit') AS shown");
      expect(row?.shown).toMatch(/^286\.\d MiB$/); // 300 MB in DuckDB's binary units
    } finally {
      await w.close();
    }
  });

  it('puts every table in a configured schema', async () => {
    const path = join(dir, 'schema.cfg');
    writeFileSync(path, `[WAREHOUSE]\nURL=${join(dir, 's.duckdb')}\nSCHEMA=analytics\n`);
    const { openWarehouse } = await import('../src/warehouse/open-warehouse.js');
    const { etlInto, QUIRKS } = await import('./helpers.js');
    const settings = await resolveSettings({ config: path }, {});
    const w = await openWarehouse(settings.warehouse, settings.config);
    try {
      expect((await etlInto(w, QUIRKS)).tables.songplays).toBe(8);
      const tables = await w.query<{ n: number }>(`SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'analytics'`);
      expect(tables[0]!.n).toBe(11); // staging 2, bookkeeping 3, star 5, user_levels
    } finally {
      await w.close();
    }
  });
});
