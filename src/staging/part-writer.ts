import { once } from 'node:events';
import { Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { s3Url } from '../s3/s3-url.js';

/** One uploaded part: what a Redshift manifest entry needs, and what it holds. */
export interface StagedPart {
  url: string;
  /** Bytes of the object as stored (gzip'd): the manifest's `meta.content_length`. */
  contentLength: number;
  records: number;
  /** JSON-lines bytes before compression. */
  uncompressedBytes: number;
}

/** S3 multipart chunks: the SDK buffers at most PART_SIZE × QUEUE_SIZE per open part. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;
const CHUNK_CHARS = 64 * 1024;

/**
 * A gzip'd JSON-lines object written line by line and uploaded as it is written (a streamed
 * multipart upload): memory stays bounded whatever the part's size.
 */
export class PartWriter {
  private readonly gzip = createGzip();
  private readonly done: Promise<unknown>;
  private contentLength = 0;
  private records = 0;
  private uncompressedBytes = 0;
  /** Lines are handed to gzip in ~64 KB chunks: per-line writes spend their time waiting for 'drain'. */
  private pending = '';

  constructor(client: S3Client, private readonly bucket: string, private readonly key: string) {
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.contentLength += chunk.length;
        callback(null, chunk);
      },
    });
    this.gzip.pipe(counter);
    const upload = new Upload({
      client,
      params: { Bucket: bucket, Key: key, Body: counter, ContentType: 'application/x-ndjson' },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    this.done = upload.done();
    // Observed by write() and finish(); this keeps an early failure from going unhandled.
    this.done.catch(() => undefined);
  }

  async write(line: string): Promise<void> {
    const text = `${line}\n`;
    this.records++;
    this.uncompressedBytes += Buffer.byteLength(text);
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = '';
    if (!this.gzip.write(chunk)) {
      await Promise.race([once(this.gzip, 'drain'), this.done.then(() => { throw new Error(`upload of ${this.key} ended early`); })]);
    }
  }

  async finish(): Promise<StagedPart> {
    if (this.pending !== '') await this.flush();
    this.gzip.end();
    await this.done;
    return { url: s3Url({ bucket: this.bucket, key: this.key }), contentLength: this.contentLength, records: this.records, uncompressedBytes: this.uncompressedBytes };
  }
}
