import type { SourceSetting } from '../config/settings.js';
import { UserError } from '../cli/errors.js';
import { LocalSource } from './local-source.js';
import type { Source } from './source.js';

export async function openSource(setting: SourceSetting): Promise<Source> {
  if (setting.songData.startsWith('s3://') || setting.logData.startsWith('s3://')) {
    throw new UserError(`S3 sources are not supported yet: ${setting.label}`);
  }
  return new LocalSource(setting.songData, setting.logData, setting.label);
}
