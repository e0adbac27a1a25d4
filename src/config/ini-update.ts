/**
 * Line-preserving updates of an INI file in the dialect `parseIni` reads (Python configparser
 * style). Only the lines of the keys being set change; every other byte — comments, blank lines,
 * order, unrelated keys, line endings, a BOM — stays as it was.
 *
 * - An existing key keeps its spelling, indentation, separator (`=`, ` = `, `:`) and quoting
 *   style (`'...'`, `"..."` or bare); only the value between them is replaced. If a section or
 *   key occurs more than once, the last occurrence is updated, because that is the one
 *   `parseIni` keeps.
 * - A missing key is inserted after the last key line of (the last occurrence of) its section,
 *   using that section's separator style.
 * - A missing section is appended at the end of the file, after a blank line.
 */

/** section → key → new value. Section and key names match case-insensitively. */
export type IniUpdates = Record<string, Record<string, string>>;

interface Line {
  content: string;
  eol: string;
}

const HEADER = /^\s*\[([^\]]+)\]\s*$/;
const KEY_VALUE = /^(\s*)([^=:]+?)(\s*[=:]\s*)(.*?)(\s*)$/;

interface KeyLine {
  section: string;
  key: string;
  index: number;
}

function splitLines(text: string): Line[] {
  const parts = text.split(/(\r?\n)/);
  const lines: Line[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push({ content: parts[i]!, eol: parts[i + 1] ?? '' });
  }
  // "a\n" splits into ["a", "\n", ""]: the empty tail is not a line of its own.
  if (lines.length > 1 && lines[lines.length - 1]!.content === '') lines.pop();
  return lines;
}

function isKeyLine(content: string): boolean {
  const trimmed = content.trim();
  if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return false;
  if (HEADER.test(content)) return false;
  return /^([^=:]+?)\s*[=:]\s*(.*)$/.test(trimmed);
}

/** How a value is written: bare unless it would not read back as itself. */
function formatValue(value: string, quote: string): string {
  if (quote !== '') return `${quote}${value}${quote}`;
  const needsQuotes = value === '' || value !== value.trim() || /^'.*'$/.test(value) || /^".*"$/.test(value);
  if (!needsQuotes) return value;
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

function quoteOf(rawValue: string): string {
  if (/^'.*'$/.test(rawValue)) return "'";
  if (/^".*"$/.test(rawValue)) return '"';
  return '';
}

export function updateIni(text: string, updates: IniUpdates): string {
  for (const [section, keys] of Object.entries(updates)) {
    if (/[\r\n\]]/.test(section)) throw new Error(`invalid INI section name ${JSON.stringify(section)}`);
    for (const [key, value] of Object.entries(keys)) {
      if (/[\r\n=:]/.test(key) || key.trim() === '') throw new Error(`invalid INI key ${JSON.stringify(key)}`);
      if (/[\r\n]/.test(value)) throw new Error(`INI value for ${key} must be a single line`);
    }
  }

  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const lines = splitLines(bom ? text.slice(1) : text);
  const eol = lines.find((l) => l.eol !== '')?.eol ?? '\n';

  // Index the file once: where each section starts (last occurrence) and where its keys are.
  let current: string | undefined;
  const lastHeader = new Map<string, number>();
  const keyLines: KeyLine[] = [];
  lines.forEach((line, index) => {
    const header = HEADER.exec(line.content);
    if (header) {
      current = header[1]!.trim().toUpperCase();
      lastHeader.set(current, index);
      return;
    }
    if (current !== undefined && isKeyLine(line.content)) {
      const key = KEY_VALUE.exec(line.content)![2]!.trim().toUpperCase();
      keyLines.push({ section: current, key, index });
    }
  });

  const replaced = new Map<number, string>();
  const insertedAfter = new Map<number, string[]>();
  const appended: string[] = [];
  // The separator style (`=`, ` = `, `: `) of the section's first key with a value, else the file's.
  const separatorFor = (section: string): string => {
    const withValue = keyLines.filter((k) => KEY_VALUE.exec(lines[k.index]!.content)![4] !== '');
    const model = withValue.find((k) => k.section === section) ?? withValue[0];
    return model ? KEY_VALUE.exec(lines[model.index]!.content)![3]! : '=';
  };

  for (const [rawSection, keys] of Object.entries(updates)) {
    const section = rawSection.trim().toUpperCase();
    const headerIndex = lastHeader.get(section);
    const newLines: string[] = [];
    for (const [rawKey, value] of Object.entries(keys)) {
      const key = rawKey.trim().toUpperCase();
      const existing = keyLines.filter((k) => k.section === section && k.key === key).at(-1);
      if (existing) {
        const m = KEY_VALUE.exec(lines[existing.index]!.content)!;
        const [, indent, name, separator, rawValue, trailing] = m;
        const quote = quoteOf(rawValue!);
        replaced.set(existing.index, `${indent}${name}${separator}${formatValue(value, quote)}${trailing}`);
      } else {
        newLines.push(`${key}${separatorFor(section)}${formatValue(value, '')}`);
      }
    }
    if (newLines.length === 0) continue;
    if (headerIndex === undefined) {
      appended.push(`[${section}]`, ...newLines);
      continue;
    }
    // After the last key line of the section's last occurrence, or right after its header.
    const lastKey = keyLines.filter((k) => k.section === section && k.index > headerIndex).at(-1);
    const anchor = lastKey?.index ?? headerIndex;
    insertedAfter.set(anchor, [...(insertedAfter.get(anchor) ?? []), ...newLines]);
  }

  let out = bom;
  lines.forEach((line, index) => {
    const content = replaced.get(index) ?? line.content;
    const extra = insertedAfter.get(index);
    if (!extra) {
      out += content + line.eol;
      return;
    }
    // The anchor may be the last line with no line ending: give it one before inserting.
    out += content + (line.eol || eol);
    out += extra.map((l) => l + eol).join('');
  });
  if (appended.length > 0) {
    const lastLine = lines[lines.length - 1];
    const hasContent = out.length > bom.length;
    if (hasContent && !out.endsWith('\n')) out += eol;
    if (hasContent && lastLine !== undefined && lastLine.content.trim() !== '') out += eol;
    out += appended.map((l) => l + eol).join('');
  }
  return out;
}
