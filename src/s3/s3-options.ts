import type { DwhConfig } from '../config/dwh-cfg.js';

/**
 * How to reach S3 or an S3-compatible store. Credentials are normally left to the SDK's standard
 * chain (env AWS_ACCESS_KEY_ID…, AWS_PROFILE / ~/.aws, SSO, container and instance roles).
 */
export interface S3Options {
  /** An S3-compatible endpoint, e.g. `http://127.0.0.1:9000`; unset means AWS S3. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible stores need. */
  pathStyle?: boolean;
  region?: string;
  /** Explicit keys; only when the standard chain should not be used (dwh.cfg [AWS], tests). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request, the first included, for throttling, timeouts, 5xx and dropped connections. */
  maxAttempts?: number;
}

/**
 * The S3 options of a run. Precedence as everywhere: flags, then environment, then dwh.cfg.
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` are the SDK's own variables for a custom endpoint;
 * `SPARKIFY_S3_PATH_STYLE=1` asks for path-style addressing (implied for IP and localhost endpoints).
 */
export function resolveS3Options(
  flags: { s3Endpoint?: string; s3PathStyle?: boolean },
  env: NodeJS.ProcessEnv = process.env,
  config: DwhConfig = {},
): S3Options {
  const endpoint = flags.s3Endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const pathStyle = flags.s3PathStyle ?? (truthy(env.SPARKIFY_S3_PATH_STYLE) || (endpoint !== undefined && isLocalHost(endpoint)));
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? config.S3?.REGION ?? config.AWS?.REGION ?? config.WAREHOUSE?.REGION;
  const options: S3Options = { endpoint, pathStyle, region };
  // The course notebooks' dwh.cfg holds [AWS] KEY/SECRET; the environment's own keys win over them.
  if (config.AWS?.KEY && config.AWS.SECRET && !env.AWS_ACCESS_KEY_ID && !env.AWS_PROFILE) {
    options.credentials = { accessKeyId: config.AWS.KEY, secretAccessKey: config.AWS.SECRET };
  }
  return options;
}

/** What to print for an endpoint: never credentials, which a URL could carry. */
export function describeEndpoint(options: S3Options): string {
  if (!options.endpoint) return 'AWS S3';
  try {
    const url = new URL(options.endpoint);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured S3 endpoint';
  }
}

function isLocalHost(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname;
    return host === 'localhost' || /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');
  } catch {
    return false;
  }
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
