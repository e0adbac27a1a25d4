import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { UserError } from '../cli/errors.js';
import { objectStream } from '../s3/object-stream.js';
import { createS3Client } from '../s3/s3-client.js';
import { describeEndpoint, type S3Options } from '../s3/s3-options.js';
import { userFacingS3Error } from '../s3/s3-errors.js';
import { folderPrefix, parseS3Url, s3Url } from '../s3/s3-url.js';
import { isJsonFile, type Source, type SourceFile } from './source.js';

/**
 * Song files and event logs under two S3 prefixes (usually `ROOT/song_data` and `ROOT/log_data`).
 * Files are named as LocalSource names them, from the data folder on (`song_data/A/B/C/TR….json`),
 * so a warehouse loaded from S3 and one loaded from a copy on disk hold the same `source_file`s.
 */
export class S3Source implements Source {
  private readonly client: S3Client;

  constructor(
    private readonly songData: string,
    private readonly logData: string,
    readonly label: string,
    private readonly options: S3Options = {},
    client?: S3Client,
  ) {
    parseS3Url(songData);
    parseS3Url(logData);
    this.client = client ?? createS3Client(options);
  }

  songFiles(): Promise<SourceFile[]> {
    return this.list(this.songData);
  }

  eventFiles(): Promise<SourceFile[]> {
    return this.list(this.logData);
  }

  /** Every JSON object under the prefix, following ListObjectsV2 pages of 1,000 keys. */
  private async list(url: string): Promise<SourceFile[]> {
    const { bucket, key } = parseS3Url(url);
    const prefix = folderPrefix(key);
    // The folder's parent is what names are relative to: `root/song_data/` → `song_data/…`.
    const base = prefix === '' ? '' : prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
    const files: SourceFile[] = [];
    let objects = 0;
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
      } catch (error) {
        throw userFacingS3Error(error, url, describeEndpoint(this.options));
      }
      for (const object of page.Contents ?? []) {
        if (!object.Key || object.Key.endsWith('/')) continue;
        objects++;
        if (!isJsonFile(object.Key)) continue;
        const objectKey = object.Key;
        const etag = object.ETag;
        files.push({
          name: objectKey.slice(base.length),
          size: object.Size ?? 0,
          version: etag ?? '',
          open: async () => objectStream(this.client, bucket, objectKey, etag),
        });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    if (files.length === 0) {
      const what = objects === 0 ? 'no objects' : `no .json or .json.gz objects (${objects} others)`;
      throw new UserError(`${what} under ${s3Url({ bucket, key: prefix })} on ${describeEndpoint(this.options)}`);
    }
    return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
