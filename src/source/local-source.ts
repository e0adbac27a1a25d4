import { createReadStream, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../cli/errors.js';
import { isJsonFile, type Source, type SourceFile } from './source.js';

/** Song files and event logs in local folders (usually `song_data/` and `log_data/` of one root). */
export class LocalSource implements Source {
  private readonly songDir: string;
  private readonly logDir: string;

  constructor(songDir: string, logDir: string, readonly label: string) {
    this.songDir = resolve(songDir);
    this.logDir = resolve(logDir);
  }

  /** The layout of the public bucket: `ROOT/song_data` and `ROOT/log_data`. */
  static ofFolder(root: string): LocalSource {
    return new LocalSource(join(root, 'song_data'), join(root, 'log_data'), root);
  }

  songFiles(): Promise<SourceFile[]> {
    return list(this.songDir);
  }

  eventFiles(): Promise<SourceFile[]> {
    return list(this.logDir);
  }
}

/**
 * Files are named from their data folder on (`song_data/A/B/C/TR….json`), wherever the folder is.
 * Listing is synchronous on purpose: for 15,000 song files in thousands of folders the promise
 * API took ~900 ms (a thread-pool round trip per folder and per stat), the sync calls ~150 ms,
 * and there is nothing else for the process to do meanwhile.
 */
async function list(dir: string): Promise<SourceFile[]> {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `source folder ${dir} does not exist` : `cannot read ${dir}: ${(error as Error).message}`);
  }
  const base = dirname(dir);
  const paths = entries.filter((e) => e.isFile() && isJsonFile(e.name)).map((e) => join(e.parentPath, e.name)).sort();
  return paths.map((path) => {
    const info = statSync(path);
    return {
      name: relative(base, path).split(sep).join('/'),
      size: info.size,
      version: String(Math.trunc(info.mtimeMs)),
      localPath: path,
      open: async () => createReadStream(path),
    };
  });
}
