import { UserError } from '../cli/errors.js';

export type Service = 'redshift' | 'iam' | 'ec2';

/** An AWS call that failed, with a one-line message for the user; `code` is the AWS error name. */
export class AwsCallError extends UserError {
  constructor(
    message: string,
    readonly service: Service,
    readonly command: string,
    readonly code: string,
    /** AWS's own message, one line, secrets scrubbed. */
    readonly detail: string,
  ) {
    super(message);
  }
}

const ACCESS_DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'AccessDeniedFault', 'UnauthorizedOperation', 'UnauthorizedAccess',
  'AccessToClusterDeniedFault', 'DependentServiceAccessDeniedFault',
]);
const BAD_CREDENTIALS = new Set([
  'InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClientException', 'AuthFailure',
  'InvalidAccessKeyId', 'ExpiredToken', 'ExpiredTokenException', 'InvalidToken', 'TokenRefreshRequired',
  'CredentialsProviderError', 'IncompleteSignature', 'MissingAuthenticationToken',
]);
const QUOTA = new Set([
  'ClusterQuotaExceeded', 'ClusterQuotaExceededFault', 'NumberOfNodesQuotaExceeded', 'NumberOfNodesQuotaExceededFault',
  'NumberOfNodesPerClusterLimitExceeded', 'NumberOfNodesPerClusterLimitExceededFault', 'LimitExceeded',
  'LimitExceededException', 'RulesPerSecurityGroupLimitExceeded',
]);
const CAPACITY = new Set(['InsufficientClusterCapacity', 'InsufficientClusterCapacityFault']);
const BAD_STATE = new Set(['InvalidClusterState', 'InvalidClusterStateFault']);

/** Errors that only mean "it is already there": the caller reuses what exists. */
export const ALREADY_EXISTS = new Set([
  'EntityAlreadyExists', 'EntityAlreadyExistsException', 'ClusterAlreadyExists', 'ClusterAlreadyExistsFault',
  'InvalidPermission.Duplicate',
]);
export const NOT_FOUND = new Set(['NoSuchEntity', 'NoSuchEntityException', 'ClusterNotFound', 'ClusterNotFoundFault']);

/** One line, no secrets, not too long. */
export function oneLine(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) {
    if (secret !== '') out = out.split(secret).join('***');
  }
  return out.length > 400 ? `${out.slice(0, 397)}...` : out;
}

export function errorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Error';
  const e = error as { name?: unknown; Code?: unknown; code?: unknown };
  for (const candidate of [e.name, e.Code, e.code]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return 'Error';
}

/** Turns whatever an SDK call threw into an AwsCallError with a clear, single-line message. */
export function toAwsCallError(error: unknown, service: Service, command: string, secrets: readonly string[]): AwsCallError {
  const code = errorCode(error);
  const detail = oneLine(error instanceof Error ? error.message : String(error), secrets);
  const action = `${service}:${command}`;
  let message: string;
  if (BAD_CREDENTIALS.has(code)) {
    message = code === 'CredentialsProviderError'
      ? `no AWS credentials found (${detail}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run "aws sso login"`
      : `AWS rejected the credentials (${code} on ${action}): check AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or [AWS] KEY/SECRET in dwh.cfg, and renew expired session tokens`;
  } else if (ACCESS_DENIED.has(code)) {
    message = `AWS denied ${action}: the credentials in use lack that permission (${detail})`;
  } else if (QUOTA.has(code)) {
    message = `AWS quota exceeded on ${action} (${code}): delete unused resources or request a higher limit in the Service Quotas console`;
  } else if (CAPACITY.has(code)) {
    message = `AWS has no capacity for this node type right now (${action}): try another DWH_NODE_TYPE or region, or retry later`;
  } else if (BAD_STATE.has(code)) {
    message = `the cluster is busy and does not allow ${command} now (${detail}); check "sparkify cluster status" and retry`;
  } else if (code === 'TimeoutError' || /^E(NOTFOUND|CONNREFUSED|CONNRESET|TIMEDOUT|AI_AGAIN)$/.test(code)) {
    message = `could not reach AWS for ${action} (${code}): check your network and region`;
  } else {
    message = `AWS ${action} failed: ${code}: ${detail}`;
  }
  return new AwsCallError(message, service, command, code, detail);
}

/** Parameter names whose values are masked in dry-run output and logs. */
const SECRET_PARAMETER = /password|secret|token/i;

/** A JSON rendering of call parameters with secrets replaced by `***`. */
export function maskedJson(input: unknown): string {
  return JSON.stringify(input, (key, value: unknown) => (key !== '' && SECRET_PARAMETER.test(key) && value !== undefined ? '***' : value));
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

export const messages = {
  credentialsFromConfig:
    'warning: using [AWS] KEY/SECRET from dwh.cfg; credentials from the environment or an AWS profile (AWS_PROFILE, "aws sso login") are preferred, so that no key sits in a config file',
  noCidr: (port: number, dryRun = false) =>
    `no --cidr or [DWH] DWH_ALLOWED_CIDR given: the cluster port ${port} ${dryRun ? 'would not be' : 'was NOT'} opened to any address; rerun with --cidr <your-ip>/32 to connect from outside its VPC`,
  regionMismatch: (cluster: string, s3: string) =>
    `warning: the cluster is in ${cluster} but [S3] REGION is ${s3}; COPY across regions is slower and costs transfer fees`,
  noS3Locations:
    'warning: no s3:// location in [S3] SONG_DATA/LOG_DATA/LOG_JSONPATH/STAGING: the role gets no S3 access policy',
  roleNotTrusted: (role: string) =>
    `warning: the existing role ${role} does not list redshift.amazonaws.com in its trust policy; Redshift may be unable to assume it`,
  noClusterForStatus: (id: string, region: string) => `no cluster ${id} in ${region}`,
  deleteNeedsYes: (id: string) =>
    `refusing to delete cluster ${id} without confirmation: not a terminal, so pass --yes to confirm`,
};
