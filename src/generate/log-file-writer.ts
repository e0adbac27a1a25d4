// Appends lines to one log file in ~1 MB writes. Lines are encoded straight into one of two
// buffers: one is being written while the other fills, so generation (CPU) and writing (I/O)
// overlap, and memory stays at two buffers however large the file. Encoding line by line into a
// buffer is about twice as fast as concatenating a 1 MB string and converting it at the end.

import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flush once this many bytes are buffered. */
export const CHUNK_BYTES = 1 << 20;
/** Room past CHUNK_BYTES, so a line never has to wait for a flush. */
const SLACK_BYTES = 256 << 10;
const NEWLINE = 0x0a;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class LogFileWriter {
  private buffers = [Buffer.allocUnsafe(CHUNK_BYTES + SLACK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES + SLACK_BYTES)];
  private filling = 0;
  private offset = 0;
  private empty = true;
  private inFlight: Promise<void> = Promise.resolve();
  /** A failed write, kept until the next flush: a stored promise that rejects unobserved would crash Node. */
  private failure: unknown = null;
  bytes = 0;

  private constructor(private readonly file: FileHandle) {}

  static async create(path: string, bom: boolean): Promise<LogFileWriter> {
    await mkdir(dirname(path), { recursive: true });
    const writer = new LogFileWriter(await open(path, 'w'));
    if (bom) writer.offset = BOM.copy(writer.buffer, 0);
    return writer;
  }

  private get buffer(): Buffer {
    return this.buffers[this.filling] as Buffer;
  }

  /** Lines are separated rather than terminated, so close() decides about the final newline. */
  line(text: string): void {
    const worstCase = text.length * 3 + 1; // UTF-8 bytes per UTF-16 unit, plus the separator
    if (this.offset + worstCase > this.buffer.length) this.grow(this.offset + worstCase);
    if (!this.empty) this.buffer[this.offset++] = NEWLINE;
    this.offset += this.buffer.write(text, this.offset, 'utf8');
    this.empty = false;
  }

  /** Bytes waiting to be written; flush() when this reaches CHUNK_BYTES. */
  get buffered(): number {
    return this.offset;
  }

  /** Hands the buffer to the file once the previous write is done (back-pressure). */
  async flush(): Promise<void> {
    if (this.offset === 0) return;
    await this.settle();
    const chunk = this.buffer.subarray(0, this.offset);
    this.bytes += chunk.length;
    this.inFlight = writeAll(this.file, chunk).catch((error: unknown) => {
      this.failure = error;
    });
    this.filling = 1 - this.filling;
    this.offset = 0;
  }

  async close(finalNewline: boolean): Promise<void> {
    if (finalNewline && !this.empty) this.line(''); // just the separator: a newline after the last line
    try {
      await this.flush();
      await this.settle();
    } finally {
      await this.file.close();
    }
  }

  private async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure !== null) throw this.failure;
  }

  /** Only for a line longer than the slack (never the case for event lines). */
  private grow(size: number): void {
    const bigger = Buffer.allocUnsafe(size);
    this.buffer.copy(bigger, 0, 0, this.offset);
    this.buffers[this.filling] = bigger;
  }
}

async function writeAll(file: FileHandle, chunk: Buffer): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}
