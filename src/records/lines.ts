import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Gzip'd files are read transparently, whatever the source. */
export function decompressed(stream: Readable, path: string): Readable {
  return path.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

export interface NumberedLine {
  text: string;
  line: number;
}

/**
 * The lines of a JSON-lines file, numbered from 1, a chunk's worth at a time (never the whole file
 * in memory). A UTF-8 BOM, CRLF endings and a missing final newline are not errors; blank lines are
 * skipped. Chunks are split here rather than by `readline`, and handed on in batches: one await
 * per line cost as much as splitting them. The stream's UTF-8 decoder keeps characters cut at a
 * chunk boundary whole.
 */
export async function* lineBatches(stream: Readable): AsyncGenerator<NumberedLine[]> {
  stream.setEncoding('utf8');
  let line = 0;
  let batch: NumberedLine[] = [];
  const add = (raw: string) => {
    line++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() !== '') batch.push({ text, line });
  };
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let end: number;
    while ((end = chunk.indexOf('\n', start)) !== -1) {
      add(start === 0 ? rest + chunk.slice(0, end) : chunk.slice(start, end));
      start = end + 1;
    }
    rest = start === 0 ? rest + chunk : chunk.slice(start);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (rest !== '') add(rest);
  if (batch.length > 0) yield batch;
}

/** The same lines one at a time, for callers that handle few. */
export async function* numberedLines(stream: Readable): AsyncGenerator<NumberedLine> {
  for await (const batch of lineBatches(stream)) yield* batch;
}

export const EXCERPT_LENGTH = 200;

export function excerpt(text: string): string {
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}
