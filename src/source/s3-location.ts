import { UserError } from '../cli/errors.js';
import type { SourceSetting } from '../config/settings.js';
import type { Source } from './source.js';

export function isS3Setting(setting: SourceSetting): boolean {
  return setting.songData.startsWith('s3://') && setting.logData.startsWith('s3://');
}

/**
 * An S3 source that only names its prefixes. Enough for a warehouse that COPYs from S3 itself
 * (Redshift lists and reads the objects); anything that needs the files listed here fails clearly.
 */
export function s3PrefixSource(setting: SourceSetting): Source {
  const unsupported = async (): Promise<never> => {
    throw new UserError(`reading ${setting.label} from here is not supported yet; only a warehouse that loads from S3 itself (Redshift) can use it`);
  };
  return {
    label: setting.label,
    s3: { songData: setting.songData, logData: setting.logData, logJsonPath: setting.logJsonPath },
    songFiles: unsupported,
    eventFiles: unsupported,
  };
}
