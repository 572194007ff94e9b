// Cluster connection settings: where the cluster is, how to authenticate, how to trust its TLS
// certificate. Pure functions only; no `vscode`, no network.

import { ConfigError } from './errors';

export type ClusterAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** `encoded` is what Kibana and the create-API-key response call "encoded": base64(id:api_key). */
  | { readonly kind: 'apiKey'; readonly encoded: string }
  | { readonly kind: 'apiKey'; readonly id: string; readonly key: string }
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'none' };

export interface ClusterConfig {
  /** The profile name shown to the user ("prod", "local"). */
  readonly name: string;
  /** `https://host:9200`, optionally with a path prefix behind a proxy. Either this or `cloudId`. */
  readonly url?: string;
  /** Elastic Cloud ID: `deployment-name:base64(host$es_uuid$kibana_uuid)`. */
  readonly cloudId?: string;
  readonly auth: ClusterAuth;
  /** Path of a PEM file holding the CA certificate(s) to trust. */
  readonly caFile?: string;
  /** PEM text of the CA certificate(s) to trust (instead of `caFile`). */
  readonly caPem?: string;
  /**
   * SHA-256 fingerprint of a certificate in the server's chain (usually the HTTP CA that
   * Elasticsearch prints at first start), hex with or without colons.
   */
  readonly caFingerprint?: string;
  /** Skip certificate verification entirely. A warning is logged every time a client is created. */
  readonly insecure?: boolean;
  /** Per-attempt request timeout in milliseconds (default 30 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface DecodedCloudId {
  readonly deploymentName: string;
  readonly host: string;
  readonly port: number;
  readonly esUuid: string;
  readonly kibanaUuid?: string;
  /** `https://<es_uuid>.<host>[:port]` */
  readonly url: string;
}

const CLOUD_ID_HELP = 'Copy the Cloud ID from the deployment page in Elastic Cloud; it looks like "name:dXMtZWFzdC0x..."';

/**
 * Decodes an Elastic Cloud ID. The part after the last `:` is base64 of `host$es_uuid$kibana_uuid`;
 * the host may carry a port (`host:9243`), and so may the ES UUID (`uuid:9243`, which wins).
 */
export function decodeCloudId(cloudId: string): DecodedCloudId {
  const fail = (why: string): never => {
    throw new ConfigError(`Invalid Cloud ID: ${why}. ${CLOUD_ID_HELP}.`);
  };
  const trimmed = (cloudId ?? '').trim();
  if (!trimmed) fail('it is empty');
  const colon = trimmed.lastIndexOf(':');
  const deploymentName = colon >= 0 ? trimmed.slice(0, colon) : '';
  const encoded = colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
  if (!encoded) fail('nothing follows the ":"');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) fail('the part after ":" is not base64');
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  if (!/^[\x21-\x7e]+$/.test(decoded)) fail('the part after ":" does not decode to text');
  const parts = decoded.split('$');
  if (parts.length < 2) fail('the decoded value has no "$" separating the host and the Elasticsearch id');
  let [host, esUuid] = parts;
  const kibanaUuid = parts[2] || undefined;
  let port = 443;
  const hostPort = /^(.+):(\d{1,5})$/.exec(host);
  if (hostPort) {
    host = hostPort[1];
    port = Number(hostPort[2]);
  }
  const uuidPort = /^(.+):(\d{1,5})$/.exec(esUuid);
  if (uuidPort) {
    esUuid = uuidPort[1];
    port = Number(uuidPort[2]);
  }
  if (!host || !/^[A-Za-z0-9.-]+$/.test(host)) fail('the host part is empty or malformed');
  if (!esUuid || !/^[A-Za-z0-9_-]+$/.test(esUuid)) fail('the Elasticsearch id is empty or malformed');
  if (!(port > 0 && port < 65536)) fail(`the port ${port} is out of range`);
  const url = `https://${esUuid}.${host}${port === 443 ? '' : `:${port}`}`;
  return { deploymentName, host, port, esUuid, kibanaUuid, url };
}

/** The base URL of a cluster (from `url` or `cloudId`), validated; no trailing slash. */
export function clusterBaseUrl(config: Pick<ClusterConfig, 'url' | 'cloudId' | 'name'>): URL {
  let text = config.url?.trim();
  if (!text && config.cloudId) text = decodeCloudId(config.cloudId).url;
  if (!text) throw new ConfigError(`Cluster "${config.name}" has neither a URL nor a Cloud ID.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`Cluster "${config.name}": "${stripUserInfo(text)}" is not a valid URL (expected e.g. https://localhost:9200).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`Cluster "${config.name}": the URL must start with http:// or https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password) {
    throw new ConfigError(`Cluster "${config.name}": put credentials in the credential store, not in the URL.`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`Cluster "${config.name}": the URL must not have a query string or fragment.`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function stripUserInfo(text: string): string {
  return text.replace(/\/\/[^/@\s]*@/, '//');
}

/**
 * Normalises a SHA-256 fingerprint to Node's `fingerprint256` form (`AA:BB:...`, upper case).
 * Accepts hex with or without colons (Elasticsearch prints it lower case without colons).
 */
export function normalizeFingerprint(text: string): string {
  const hex = text.trim().replace(/^sha-?256[:=\s]*/i, '').replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) {
    throw new ConfigError(
      'The CA fingerprint must be the 64-hex-digit SHA-256 fingerprint of the CA certificate (colons optional), ' +
        'as Elasticsearch prints it at first start.',
    );
  }
  return hex.match(/../g)!.join(':');
}

/** The `Authorization` header value for an auth setting, or undefined for `none`. */
export function authorizationHeader(auth: ClusterAuth): string | undefined {
  switch (auth.kind) {
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
    case 'apiKey':
      return `ApiKey ${'encoded' in auth ? auth.encoded.trim() : Buffer.from(`${auth.id}:${auth.key}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${auth.token.trim()}`;
    case 'none':
      return undefined;
  }
}

/** Every form in which an auth setting's secret could appear in text. Used by `redact`. */
export function secretsOf(auth: ClusterAuth): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  switch (auth.kind) {
    case 'basic':
      return [auth.password, b64(`${auth.username}:${auth.password}`)];
    case 'apiKey': {
      if ('encoded' in auth) {
        const encoded = auth.encoded.trim();
        const decoded = Buffer.from(encoded, 'base64').toString('utf8');
        const key = decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : '';
        return [encoded, decoded.includes(':') ? decoded : '', key];
      }
      return [auth.key, `${auth.id}:${auth.key}`, b64(`${auth.id}:${auth.key}`)];
    }
    case 'bearer':
      return [auth.token.trim()];
    case 'none':
      return [];
  }
}

/** Checks that an auth setting is complete; throws a ConfigError naming the missing part. */
export function validateAuth(name: string, auth: ClusterAuth): void {
  const missing = (what: string): never => {
    throw new ConfigError(`Cluster "${name}": the ${what} is empty. Set the credentials for this cluster.`);
  };
  switch (auth.kind) {
    case 'basic':
      if (!auth.username) missing('username');
      if (!auth.password) missing('password');
      break;
    case 'apiKey':
      if ('encoded' in auth) {
        if (!auth.encoded?.trim()) missing('API key');
      } else {
        if (!auth.id) missing('API key id');
        if (!auth.key) missing('API key secret');
      }
      break;
    case 'bearer':
      if (!auth.token?.trim()) missing('bearer token');
      break;
    case 'none':
      break;
  }
  const header = authorizationHeader(auth);
  if (header && /[\r\n]/.test(header)) {
    throw new ConfigError(`Cluster "${name}": the credentials contain a line break.`);
  }
}
