/** The IAM documents of the role Redshift assumes to COPY from (and UNLOAD to) S3. */

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** The trust policy: Redshift, and nothing else, may assume the role. */
export function trustPolicyJson(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RedshiftAssumesRole',
        Effect: 'Allow',
        Principal: { Service: 'redshift.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ],
  });
}

/** Does a role's trust policy (as GetRole returns it: URL-encoded JSON) let Redshift assume it? */
export function trustsRedshift(encodedDocument: string | undefined): boolean {
  if (!encodedDocument) return false;
  let text = encodedDocument;
  try {
    text = decodeURIComponent(encodedDocument);
  } catch {
    // Already plain JSON.
  }
  return text.includes('redshift.amazonaws.com');
}

export interface S3Location {
  bucket: string;
  /** Key prefix, possibly empty (the whole bucket). */
  prefix: string;
}

export function parseS3Url(url: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url.trim());
  if (!m || m[1] === '') return undefined;
  return { bucket: m[1]!, prefix: m[2]! };
}

function objectArn({ bucket, prefix }: S3Location): string {
  return `arn:aws:s3:::${bucket}/${prefix}*`;
}

/**
 * An inline policy scoped to the configured locations: read (list + get) on the sources, read and
 * write on the staging prefix. Returns undefined when no `s3://` location is configured.
 */
export function accessPolicy(readUrls: string[], writeUrls: string[]): PolicyDocument | undefined {
  const reads = readUrls.map(parseS3Url).filter((l): l is S3Location => l !== undefined);
  const writes = writeUrls.map(parseS3Url).filter((l): l is S3Location => l !== undefined);
  const all = [...reads, ...writes];
  if (all.length === 0) return undefined;

  const buckets = [...new Set(all.map((l) => l.bucket))];
  const statements: PolicyStatement[] = [];
  buckets.forEach((bucket, i) => {
    const inBucket = all.filter((l) => l.bucket === bucket);
    const wholeBucket = inBucket.some((l) => l.prefix === '');
    const prefixes = [...new Set(inBucket.map((l) => `${l.prefix}*`))];
    statements.push({
      Sid: `List${i}`,
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: `arn:aws:s3:::${bucket}`,
      ...(wholeBucket ? {} : { Condition: { StringLike: { 's3:prefix': prefixes } } }),
    });
  });
  statements.push({
    Sid: 'BucketLocation',
    Effect: 'Allow',
    Action: ['s3:GetBucketLocation'],
    Resource: buckets.map((b) => `arn:aws:s3:::${b}`),
  });
  if (reads.length > 0) {
    statements.push({
      Sid: 'ReadSources',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [...new Set(reads.map(objectArn))],
    });
  }
  if (writes.length > 0) {
    statements.push({
      Sid: 'ReadWriteStaging',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      Resource: [...new Set(writes.map(objectArn))],
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** A one-line summary for logs: "read s3://a/b, s3://a/c; read/write s3://x/y". */
export function describeAccess(readUrls: string[], writeUrls: string[]): string {
  const parts: string[] = [];
  if (readUrls.length > 0) parts.push(`read ${readUrls.join(', ')}`);
  if (writeUrls.length > 0) parts.push(`read/write ${writeUrls.join(', ')}`);
  return parts.join('; ');
}
