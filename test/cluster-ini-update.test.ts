import { describe, expect, it } from 'vitest';
import { updateIni } from '../src/config/ini-update.js';
import { parseIni } from '../src/config/ini.js';

/** The seed's dwh.cfg, with a comment and our [DWH] section, as a user would have it. */
const SEED = [
  '# Sparkify warehouse settings',
  '[CLUSTER]',
  "HOST=''",
  "DB_NAME=''",
  "DB_USER=''",
  "DB_PASSWORD=''",
  'DB_PORT=5439',
  '',
  '[IAM_ROLE]',
  'ARN=',
  '',
  '; source data, do not change',
  '[S3]',
  "LOG_DATA='s3://udacity-dend/log_data'",
  "LOG_JSONPATH='s3://udacity-dend/log_json_path.json'",
  "SONG_DATA='s3://udacity-dend/song_data'",
  '',
].join('\n');

function linesOf(text: string): string[] {
  return text.split('\n');
}

describe('updateIni', () => {
  it('replaces values in place, keeping quoting style, and leaves every other line byte-for-byte', () => {
    const out = updateIni(SEED, {
      CLUSTER: { HOST: 'c.abc.us-west-2.redshift.amazonaws.com', DB_NAME: 'sparkify', DB_USER: 'etl', DB_PORT: '5440' },
      IAM_ROLE: { ARN: 'arn:aws:iam::123456789012:role/sparkify' },
    });
    const before = linesOf(SEED);
    const after = linesOf(out);
    expect(after).toHaveLength(before.length);
    const changed = new Map([
      [2, "HOST='c.abc.us-west-2.redshift.amazonaws.com'"],
      [3, "DB_NAME='sparkify'"],
      [4, "DB_USER='etl'"],
      [6, 'DB_PORT=5440'],
      [9, 'ARN=arn:aws:iam::123456789012:role/sparkify'],
    ]);
    after.forEach((line, i) => expect(line).toBe(changed.get(i) ?? before[i]));
    const parsed = parseIni(out, 'dwh.cfg');
    expect(parsed.get('CLUSTER')?.get('HOST')?.value).toBe('c.abc.us-west-2.redshift.amazonaws.com');
    expect(parsed.get('IAM_ROLE')?.get('ARN')?.value).toBe('arn:aws:iam::123456789012:role/sparkify');
  });

  it('returns the text unchanged when nothing differs', () => {
    expect(updateIni(SEED, { CLUSTER: { DB_PORT: '5439' } })).toBe(SEED);
    expect(updateIni(SEED, {})).toBe(SEED);
  });

  it('keeps spacing around the separator, the colon form, indentation and trailing spaces', () => {
    const text = '[CLUSTER]\nHOST = old  \n  DB_NAME: "x"\n';
    expect(updateIni(text, { CLUSTER: { HOST: 'new', DB_NAME: 'y' } })).toBe('[CLUSTER]\nHOST = new  \n  DB_NAME: "y"\n');
  });

  it('matches sections and keys case-insensitively and keeps their spelling', () => {
    const text = '[cluster]\nhost=old\n';
    expect(updateIni(text, { CLUSTER: { HOST: 'new' } })).toBe('[cluster]\nhost=new\n');
  });

  it('inserts a missing key after the last key of its section, in that section\'s style', () => {
    const text = '[CLUSTER]\nHOST = h\n\n# next\n[S3]\nSONG_DATA=s3://b/s\n';
    expect(updateIni(text, { CLUSTER: { DB_PORT: '5439', DB_USER: 'u' } })).toBe(
      '[CLUSTER]\nHOST = h\nDB_PORT = 5439\nDB_USER = u\n\n# next\n[S3]\nSONG_DATA=s3://b/s\n',
    );
  });

  it('inserts right after the header of a section that has no keys', () => {
    expect(updateIni('[IAM_ROLE]\n\n[S3]\nA=1\n', { IAM_ROLE: { ARN: 'arn' } })).toBe('[IAM_ROLE]\nARN=arn\n\n[S3]\nA=1\n');
  });

  it('appends a missing section at the end after a blank line, also when the file lacks a final newline', () => {
    expect(updateIni('[S3]\nA = 1', { IAM_ROLE: { ARN: 'arn' } })).toBe('[S3]\nA = 1\n\n[IAM_ROLE]\nARN = arn\n');
    expect(updateIni('[S3]\nA=1\n\n', { IAM_ROLE: { ARN: 'arn' } })).toBe('[S3]\nA=1\n\n[IAM_ROLE]\nARN=arn\n');
    expect(updateIni('', { IAM_ROLE: { ARN: 'arn' } })).toBe('[IAM_ROLE]\nARN=arn\n');
  });

  it('inserts after a last line that has no newline', () => {
    expect(updateIni('[CLUSTER]\nHOST=h', { CLUSTER: { DB_PORT: '1' } })).toBe('[CLUSTER]\nHOST=h\nDB_PORT=1\n');
  });

  it('keeps CRLF line endings and a BOM', () => {
    const text = '\uFEFF[CLUSTER]\r\nHOST=\r\n# c\r\n';
    expect(updateIni(text, { CLUSTER: { HOST: 'h', DB_PORT: '5439' }, IAM_ROLE: { ARN: 'a' } })).toBe(
      '\uFEFF[CLUSTER]\r\nHOST=h\r\nDB_PORT=5439\r\n# c\r\n\r\n[IAM_ROLE]\r\nARN=a\r\n',
    );
  });

  it('updates the last occurrence of a repeated key or section, the one the parser keeps', () => {
    const text = '[CLUSTER]\nHOST=a\nHOST=b\n[S3]\nX=1\n[CLUSTER]\nHOST=c\n';
    const out = updateIni(text, { CLUSTER: { HOST: 'new', DB_PORT: '1' } });
    expect(out).toBe('[CLUSTER]\nHOST=a\nHOST=b\n[S3]\nX=1\n[CLUSTER]\nHOST=new\nDB_PORT=1\n');
    expect(parseIni(out, 'f').get('CLUSTER')?.get('HOST')?.value).toBe('new');
  });

  it('does not mistake comments or keys of other sections for the key', () => {
    const text = '[S3]\nHOST=keep\n[CLUSTER]\n# HOST=commented\n;HOST=also\n';
    expect(updateIni(text, { CLUSTER: { HOST: 'h' } })).toBe('[S3]\nHOST=keep\n[CLUSTER]\nHOST=h\n# HOST=commented\n;HOST=also\n');
  });

  it('quotes values that would not read back as themselves', () => {
    const out = updateIni('[A]\n', { A: { E: '', S: ' x ', Q: "'q'" } });
    expect(out).toBe('[A]\nE=\'\'\nS=\' x \'\nQ="\'q\'"\n');
    const parsed = parseIni(out, 'f').get('A')!;
    expect([parsed.get('E')?.value, parsed.get('S')?.value, parsed.get('Q')?.value]).toEqual(['', ' x ', "'q'"]);
  });

  it('refuses multi-line values and malformed names', () => {
    expect(() => updateIni('', { A: { K: 'a\nb' } })).toThrow(/single line/);
    expect(() => updateIni('', { A: { 'K=1': 'a' } })).toThrow(/invalid INI key/);
    expect(() => updateIni('', { 'A]': { K: 'a' } })).toThrow(/invalid INI section/);
  });
});
