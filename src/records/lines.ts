import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Gzip'd files are read transparently, whatever the source. */
export function decompressed(stream: Readable, path: string): Readable {
  return path.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

/**
 * The lines of a JSON-lines file, one at a time (never the whole file in memory), numbered from 1.
 * A UTF-8 BOM, CRLF endings and a missing final newline are not errors; blank lines are skipped.
 */
export async function* numberedLines(stream: Readable): AsyncGenerator<{ text: string; line: number }> {
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of reader) {
    line++;
    const text = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (text.trim() !== '') yield { text, line };
  }
}

export const EXCERPT_LENGTH = 200;

export function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
