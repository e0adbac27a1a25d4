import { UserError } from '../cli/errors.js';

/** An `s3://bucket/key-or-prefix` URL taken apart. `key` has no leading slash; it may be empty. */
export interface S3Location {
  bucket: string;
  key: string;
}

export const isS3Url = (value: string): boolean => /^s3:\/\//i.test(value);

/** Bucket names as S3 allows them (3–63 chars, lower case, digits, dots, hyphens); anything else is a typo. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(url);
  if (!match) throw new UserError(`not an S3 URL: ${url} (expected s3://bucket/prefix)`);
  const [, bucket = '', key = ''] = match;
  if (!BUCKET.test(bucket)) throw new UserError(`not a valid S3 bucket name in ${url}: "${bucket}"`);
  return { bucket, key };
}

export const s3Url = ({ bucket, key }: S3Location): string => `s3://${bucket}/${key}`;

/** A prefix that names a folder: `a/b` → `a/b/`, `` stays `` (the whole bucket). */
export function folderPrefix(key: string): string {
  const trimmed = key.replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}
