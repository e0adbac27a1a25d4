import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../cli/errors.js';
import { parseIni, type IniSections } from './ini.js';

const text = z.string();
const port = z.string().regex(/^\d{1,5}$/, 'must be a port number').transform(Number)
  .refine((n) => n > 0 && n < 65536, 'must be a port number between 1 and 65535');
const count = z.string().regex(/^\d+$/, 'must be a whole number').transform(Number);
const positive = count.refine((n) => n > 0, 'must be at least 1');
const memorySize = z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'must be a size such as 512MB or 4GB');

/**
 * Every key `dwh.cfg` may hold, by section. The seed's three sections come first and keep their
 * meaning; `[WAREHOUSE]` is ours; `[DWH]` and `[AWS]` are what the public course notebooks use to
 * provision the cluster. An empty value means "not set" (the seed ships `HOST=''`).
 */
const sections = {
  CLUSTER: { HOST: text, DB_NAME: text, DB_USER: text, DB_PASSWORD: text, DB_PORT: port },
  IAM_ROLE: { ARN: text },
  S3: { LOG_DATA: text, LOG_JSONPATH: text, SONG_DATA: text, STAGING: text, REGION: text },
  WAREHOUSE: { URL: text, SOURCE: text, SCHEMA: text, MAX_ERRORS: count, SLICES: positive, REGION: text, MEMORY_LIMIT: memorySize },
  DWH: {
    DWH_CLUSTER_TYPE: text, DWH_NUM_NODES: positive, DWH_NODE_TYPE: text, DWH_IAM_ROLE_NAME: text,
    DWH_CLUSTER_IDENTIFIER: text, DWH_DB: text, DWH_DB_USER: text, DWH_DB_PASSWORD: text,
    DWH_PORT: port, DWH_REGION: text, DWH_ALLOWED_CIDR: text,
  },
  AWS: { KEY: text, SECRET: text, REGION: text },
} as const satisfies Record<string, Record<string, z.ZodType<unknown, string>>>;

type Sections = typeof sections;
type SectionValues<S extends Record<string, z.ZodType<unknown, string>>> = {
  [K in keyof S]?: z.output<S[K]>;
};
/** The parsed, validated `dwh.cfg`: section → key → value, only the keys that were set. */
export type DwhConfig = { [S in keyof Sections]?: SectionValues<Sections[S]> } & { path?: string };

/** Keys whose values must never be printed. */
export const SECRET_KEYS = new Set(['DB_PASSWORD', 'DWH_DB_PASSWORD', 'SECRET']);

export function validateDwhConfig(ini: IniSections, fileName: string): DwhConfig {
  const config: Record<string, Record<string, unknown>> = {};
  for (const [sectionName, entries] of ini) {
    const known = (sections as Record<string, Record<string, z.ZodType<unknown, string>>>)[sectionName];
    if (!known) {
      throw new UserError(`${fileName}: unknown section [${sectionName}] (known: ${Object.keys(sections).join(', ')})`);
    }
    const values: Record<string, unknown> = {};
    for (const [key, { value, line }] of entries) {
      const schema = known[key];
      if (!schema) {
        throw new UserError(`${fileName}:${line}: unknown key ${key} in [${sectionName}] (known: ${Object.keys(known).join(', ')})`);
      }
      if (value === '') continue;
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const shown = SECRET_KEYS.has(key) ? '***' : JSON.stringify(value);
        throw new UserError(`${fileName}:${line}: [${sectionName}] ${key} = ${shown}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      }
      values[key] = parsed.data;
    }
    config[sectionName] = values;
  }
  return config as DwhConfig;
}

export async function readDwhConfig(path: string): Promise<DwhConfig> {
  let textContent: string;
  try {
    textContent = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read config ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return { ...validateDwhConfig(parseIni(textContent, path), path), path };
}
