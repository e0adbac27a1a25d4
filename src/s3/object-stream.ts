import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** How often a body that breaks off mid-transfer is resumed before the read fails. */
export const BODY_RESUMES = 5;

/**
 * An object's body as a stream, fetched as it is read (backpressure reaches the socket; nothing
 * is buffered whole). The SDK retries a failed request; this also survives a connection that
 * drops mid-body, by asking for the rest (`Range: bytes=N-`) of the same version (`If-Match`).
 */
export function objectStream(client: S3Client, bucket: string, key: string, etag?: string): Readable {
  async function* body(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (let resume = 0; ; resume++) {
      const response = await client.send(new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(offset > 0 ? { Range: `bytes=${offset}-`, IfMatch: etag } : {}),
      }));
      const stream = response.Body as Readable | undefined;
      if (!stream) return;
      try {
        for await (const chunk of stream) {
          offset += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
        return;
      } catch (error) {
        stream.destroy();
        if (resume >= BODY_RESUMES) throw error;
        await sleep(Math.min(100 * 2 ** resume, 5_000) * (0.5 + Math.random() / 2));
      }
    }
  }
  return Readable.from(body(), { objectMode: false });
}
