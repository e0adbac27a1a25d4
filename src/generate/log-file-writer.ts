// Appends lines to one log file in ~1 MB writes. One write is in flight while the next chunk is
// being built, so generation (CPU) and writing (I/O) overlap, and memory stays at about two
// chunks however large the file.

import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export const CHUNK_CHARS = 1 << 20;

export class LogFileWriter {
  private text = '';
  private empty = true;
  private inFlight: Promise<void> = Promise.resolve();
  /** A failed write, kept until the next flush: a stored promise that rejects unobserved would crash Node. */
  private failure: unknown = null;
  bytes = 0;

  private constructor(private readonly file: FileHandle) {}

  static async create(path: string, bom: boolean): Promise<LogFileWriter> {
    await mkdir(dirname(path), { recursive: true });
    const writer = new LogFileWriter(await open(path, 'w'));
    if (bom) writer.text = '\uFEFF';
    return writer;
  }

  /** Lines are separated rather than terminated, so the caller decides about the final newline. */
  line(text: string): void {
    this.text += this.empty ? text : '\n' + text;
    this.empty = false;
  }

  get buffered(): number {
    return this.text.length;
  }

  /** Hands the buffer to the file once the previous write is done (back-pressure). */
  async flush(): Promise<void> {
    if (this.text.length === 0) return;
    const chunk = Buffer.from(this.text, 'utf8');
    this.text = '';
    this.bytes += chunk.length;
    await this.settle();
    this.inFlight = writeAll(this.file, chunk).catch((error: unknown) => {
      this.failure = error;
    });
  }

  private async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure !== null) throw this.failure;
  }

  async close(finalNewline: boolean): Promise<void> {
    if (finalNewline && !this.empty) this.text += '\n';
    try {
      await this.flush();
      await this.settle();
    } finally {
      await this.file.close();
    }
  }
}

async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}
