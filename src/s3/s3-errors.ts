import { UserError } from '../cli/errors.js';

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const DENIED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'InvalidToken', 'AllAccessDisabled', 'AccountProblem']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'TimeoutError']);

/**
 * The one-line message for an S3 failure the user can act on (no bucket, no access, no
 * credentials, no connection); other errors come back unchanged. Never includes credentials.
 */
export function userFacingS3Error(error: unknown, url: string, where: string): unknown {
  if (error instanceof UserError || typeof error !== 'object' || error === null) return error;
  const e = error as SdkError;
  const codes = [e.name, e.Code, e.code, causeCode(error)].filter((c): c is string => typeof c === 'string' && c !== '' && c !== 'Error');
  const code = codes[0] ?? '';
  const is = (set: ReadonlySet<string>) => codes.some((c) => set.has(c));
  const status = e.$metadata?.httpStatusCode;
  const bucket = /^s3:\/\/([^/]+)/.exec(url)?.[1] ?? url;
  if (codes.includes('NoSuchBucket')) return new UserError(`S3 bucket "${bucket}" does not exist (${url}, ${where})`);
  if (is(DENIED) || status === 403) {
    return new UserError(`S3 denied access to ${url} (${code || 'HTTP 403'}): check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID…) and their permissions`);
  }
  if (codes.includes('CredentialsProviderError') || /Could not load credentials/i.test(e.message ?? '')) {
    return new UserError(`no AWS credentials to read ${url}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run where a role provides them`);
  }
  if (codes.includes('PermanentRedirect') || codes.includes('AuthorizationHeaderMalformed')) {
    return new UserError(`S3 bucket "${bucket}" is in another region: set AWS_REGION (or [S3] REGION in dwh.cfg)`);
  }
  if (is(UNREACHABLE)) {
    return new UserError(`cannot reach ${where} for ${url}: ${firstLine(e.message ?? code)}`);
  }
  return error;
}

function causeCode(error: object): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? '';
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
