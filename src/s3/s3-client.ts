import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Options } from './s3-options.js';

export const DEFAULT_MAX_ATTEMPTS = 8;
/** Used when nothing names a region: S3 redirects to the bucket's own region (followRegionRedirects). */
const FALLBACK_REGION = 'us-east-1';
/** Song files are fetched 64 at a time; room for that plus the listing and an upload. */
const MAX_SOCKETS = 96;

export function createS3Client(options: S3Options = {}): S3Client {
  const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
  return new S3Client({
    region: options.region ?? FALLBACK_REGION,
    followRegionRedirects: true,
    endpoint: options.endpoint,
    forcePathStyle: options.pathStyle ?? false,
    credentials: options.credentials,
    // S3-compatible stores often reject the SDK's default aws-chunked checksum uploads.
    ...(options.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    // Standard mode: exponential backoff with jitter on throttling, 5xx, timeouts and resets.
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler: {
      connectionTimeout: 10_000,
      // Idle time on the socket, body included: a stalled transfer fails and is retried.
      requestTimeout: 60_000,
      httpAgent: new HttpAgent(agent),
      httpsAgent: new HttpsAgent(agent),
    },
  });
}
