import { UserError } from '../cli/errors.js';

/** One `KEY = value` line of an INI file, kept with its position for error messages. */
export interface IniEntry {
  value: string;
  line: number;
}

export type IniSections = Map<string, Map<string, IniEntry>>;

/**
 * Parses the INI dialect of Python's configparser as the seed's `dwh.cfg` uses it:
 * `[SECTION]`, `key = value` or `key: value`, `#`/`;` comments, keys case-insensitive
 * (stored upper-case), values optionally wrapped in single or double quotes.
 */
export function parseIni(text: string, fileName: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, IniEntry> | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    const lineNo = index + 1;
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim().toUpperCase();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv) throw new UserError(`${fileName}:${lineNo}: expected "KEY = value" or "[SECTION]"`);
    if (!current) throw new UserError(`${fileName}:${lineNo}: "${kv[1]}" is outside any [SECTION]`);
    current.set(kv[1]!.trim().toUpperCase(), { value: unquote(kv[2]!.trim()), line: lineNo });
  });
  return sections;
}

function unquote(value: string): string {
  const m = /^'(.*)'$/.exec(value) ?? /^"(.*)"$/.exec(value);
  return m ? m[1]! : value;
}
