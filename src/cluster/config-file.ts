import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { UserError } from '../cli/errors.js';
import { validateDwhConfig } from '../config/dwh-cfg.js';
import { parseIni } from '../config/ini.js';
import { updateIni, type IniUpdates } from '../config/ini-update.js';

/**
 * Applies `updates` to the config file in place, line-preserving, and only if something changes.
 * The new text is parsed and validated before it replaces the old one (written to a temporary
 * file beside it, then renamed, keeping the file's mode).
 */
export async function updateConfigFile(path: string, updates: IniUpdates): Promise<'updated' | 'unchanged'> {
  let before: string;
  try {
    before = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read config ${path}: ${(error as Error).message}`);
  }
  const after = updateIni(before, updates);
  if (after === before) return 'unchanged';
  validateDwhConfig(parseIni(after, path), path);
  const temporary = `${path}.sparkify-${process.pid}.tmp`;
  try {
    const { mode } = await stat(path);
    await writeFile(temporary, after, { encoding: 'utf8', mode });
    await rename(temporary, path);
  } catch (error) {
    throw new UserError(`cannot write config ${path}: ${(error as Error).message}`);
  }
  return 'updated';
}
