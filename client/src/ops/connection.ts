// Cluster settings for the command line, from environment variables (secrets) and flags (never
// secrets). No `vscode` import.

import { ConfigError, decodeCloudId, type ClusterAuth, type ClusterConfig } from '../cluster';

/** The variables `clusterConfigFromEnv` reads, for help texts. */
export const CLUSTER_ENV_HELP = `Environment:
  ES_URL                 Cluster URL, e.g. https://localhost:9200 (or --url)
  ES_CLOUD_ID            Elastic Cloud ID instead of ES_URL (or --cloud-id)
  ES_API_KEY             API key, encoded (base64 of id:key, as Kibana shows it)
  ES_USERNAME            User name, with ES_PASSWORD
  ES_PASSWORD            Password of ES_USERNAME
  ES_BEARER_TOKEN        OAuth2 / service account bearer token
                         (first set wins: ES_API_KEY, ES_USERNAME + ES_PASSWORD, ES_BEARER_TOKEN)
  ES_CA_CERT             PEM file of the CA to trust for https
  ES_CA_FINGERPRINT      SHA-256 fingerprint of the CA, as Elasticsearch prints it at first start
  ES_INSECURE=true       Skip TLS certificate verification (never the default)
  ES_TIMEOUT_MS          Request timeout in milliseconds (default 30000)
Secrets are read from the environment only, never from command-line flags.
`;

export interface ConnectionFlags {
  readonly url?: string;
  readonly cloudId?: string;
  /** `--run-as`: checked here, sent by each call as `es-security-runas-user`. */
  readonly runAs?: string;
}

/** A ClusterConfig plus the run-as user the commands send. */
export type CliClusterConfig = ClusterConfig & { readonly runAs?: string };

type Env = Readonly<Record<string, string | undefined>>;

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** `127.0.0.1:9200` for a URL, the deployment name for a Cloud ID: how messages name the cluster. */
function displayName(url: string | undefined, cloudId: string | undefined): string {
  if (cloudId) {
    const decoded = decodeCloudId(cloudId);
    return decoded.deploymentName || decoded.host;
  }
  try {
    return new URL(url!).host || withoutUserInfo(url!);
  } catch {
    return withoutUserInfo(url!);
  }
}

/** `http://user:pw@host` -> `http://host`, also when the rest is not a valid URL. */
function withoutUserInfo(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}

/** Whether a URL carries user info (`user:password@`), valid URL or not. */
function hasUserInfo(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url.trim());
}

function auth(env: Env): ClusterAuth {
  const apiKey = value(env, 'ES_API_KEY');
  const username = value(env, 'ES_USERNAME');
  const password = env.ES_PASSWORD;
  const token = value(env, 'ES_BEARER_TOKEN');
  if (apiKey) return { kind: 'apiKey', encoded: apiKey.trim() };
  if (username !== undefined || (password !== undefined && password !== '')) {
    if (username === undefined) throw new ConfigError('ES_PASSWORD is set but ES_USERNAME is not: set ES_USERNAME to the user of the password.');
    if (password === undefined || password === '') throw new ConfigError(`ES_USERNAME is set but ES_PASSWORD is not: set ES_PASSWORD to the password of "${username}".`);
    return { kind: 'basic', username, password };
  }
  if (token) return { kind: 'bearer', token: token.trim() };
  throw new ConfigError('no credentials: set ES_API_KEY, or ES_USERNAME and ES_PASSWORD, or ES_BEARER_TOKEN.');
}

function insecure(env: Env): boolean {
  const v = env.ES_INSECURE?.trim().toLowerCase();
  if (v === undefined || v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  throw new ConfigError(`ES_INSECURE must be true or false (got "${env.ES_INSECURE}").`);
}

function timeout(env: Env): number | undefined {
  const v = value(env, 'ES_TIMEOUT_MS');
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) <= 0) throw new ConfigError(`ES_TIMEOUT_MS must be a positive number of milliseconds (got "${v}").`);
  return Number(v);
}

/**
 * The cluster settings of a command line: where from `--url` / `--cloud-id` or ES_URL /
 * ES_CLOUD_ID; credentials from ES_API_KEY, ES_USERNAME + ES_PASSWORD or ES_BEARER_TOKEN (that
 * order); TLS from ES_CA_CERT (a file) and ES_CA_FINGERPRINT; ES_INSECURE only when set to true;
 * ES_TIMEOUT_MS. Throws a ConfigError naming the variable that is missing or wrong.
 */
export function clusterConfigFromEnv(env: Env, flags: ConnectionFlags = {}): CliClusterConfig {
  if (flags.url !== undefined && flags.cloudId !== undefined) throw new ConfigError('give --url or --cloud-id, not both.');
  let url = flags.url;
  let cloudId = flags.cloudId;
  if (url === undefined && cloudId === undefined) {
    url = value(env, 'ES_URL');
    cloudId = value(env, 'ES_CLOUD_ID');
    if (url && cloudId) throw new ConfigError('both ES_URL and ES_CLOUD_ID are set: unset one of them (or pass --url / --cloud-id).');
    if (!url && !cloudId) throw new ConfigError('no cluster: set ES_URL (e.g. https://localhost:9200) or ES_CLOUD_ID, or pass --url / --cloud-id.');
  }
  if (url !== undefined && !url.trim()) throw new ConfigError('--url is empty.');
  if (url !== undefined && hasUserInfo(url)) {
    // Never echoed: the URL holds a password. Flags and URLs end up in shell history and process lists.
    throw new ConfigError(
      `${flags.url !== undefined ? '--url' : 'ES_URL'} must not contain credentials: remove "user:password@" and set ES_USERNAME and ES_PASSWORD (or ES_API_KEY, or ES_BEARER_TOKEN) instead.`,
    );
  }
  if (cloudId !== undefined && !cloudId.trim()) throw new ConfigError('--cloud-id is empty.');
  if (flags.runAs !== undefined && (!flags.runAs.trim() || /[\x00-\x1f\x7f]/.test(flags.runAs))) {
    throw new ConfigError('--run-as needs a user name.');
  }
  const name = displayName(url?.trim(), cloudId?.trim());
  const caFile = value(env, 'ES_CA_CERT');
  const caFingerprint = value(env, 'ES_CA_FINGERPRINT');
  const timeoutMs = timeout(env);
  return {
    name,
    ...(url !== undefined ? { url: url.trim() } : { cloudId: cloudId!.trim() }),
    auth: auth(env),
    ...(caFile ? { caFile } : {}),
    ...(caFingerprint ? { caFingerprint: caFingerprint.trim() } : {}),
    ...(insecure(env) ? { insecure: true } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(flags.runAs !== undefined ? { runAs: flags.runAs } : {}),
  };
}
