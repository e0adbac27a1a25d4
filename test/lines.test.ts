import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { numberedLines } from '../src/records/lines.js';

async function lines(chunks: Buffer[]): Promise<{ text: string; line: number }[]> {
  const out = [];
  for await (const item of numberedLines(Readable.from(chunks))) out.push(item);
  return out;
}

describe('numberedLines', () => {
  it('numbers lines from 1, skips blank ones, and takes a BOM, CRLF and a missing final newline', async () => {
    const text = '\ufeff{"a":1}\r\n\n  \n{"b":2}\n{"c":3}';
    expect(await lines([Buffer.from(text)])).toEqual([
      { text: '{"a":1}', line: 1 }, { text: '{"b":2}', line: 4 }, { text: '{"c":3}', line: 5 },
    ]);
  });

  it('gives the same lines however the bytes are cut, through multi-byte characters too', async () => {
    const bytes = Buffer.from('{"t":"Café"}\n{"t":"日本"}\r\n\n{"t":"x"}\n');
    const expected = await lines([bytes]);
    expect(expected.map((l) => l.text)).toEqual(['{"t":"Café"}', '{"t":"日本"}', '{"t":"x"}']);
    for (let size = 1; size <= bytes.length; size++) {
      const chunks = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      expect(await lines(chunks), `chunks of ${size} bytes`).toEqual(expected);
    }
  });

  it('keeps a long line whole across many chunks', async () => {
    const long = `{"x":"${'y'.repeat(100_000)}"}`;
    const bytes = Buffer.from(`${long}\n{"z":1}\n`);
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 4096) chunks.push(bytes.subarray(i, i + 4096));
    expect((await lines(chunks)).map((l) => l.text)).toEqual([long, '{"z":1}']);
  });
});
