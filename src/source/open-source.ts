import type { SourceSetting } from '../config/settings.js';
import type { S3Options } from '../s3/s3-options.js';
import { isS3Url } from '../s3/s3-url.js';
import { UserError } from '../cli/errors.js';
import { LocalSource } from './local-source.js';
import type { Source } from './source.js';

export interface OpenSourceOptions {
  /** Endpoint, addressing, region, credentials for s3:// sources (`resolveS3Options`). */
  s3?: S3Options;
}

export async function openSource(setting: SourceSetting, options: OpenSourceOptions = {}): Promise<Source> {
  const songsOnS3 = isS3Url(setting.songData);
  if (songsOnS3 !== isS3Url(setting.logData)) {
    throw new UserError(`song and log data must both be local or both on S3: ${setting.songData}, ${setting.logData}`);
  }
  if (songsOnS3) {
    // Loaded on demand: a local run never pays for the AWS SDK.
    const { S3Source } = await import('./s3-source.js');
    return new S3Source(setting.songData, setting.logData, setting.label, options.s3);
  }
  return new LocalSource(setting.songData, setting.logData, setting.label);
}
