/**
 * Cluster profiles as kept in the `elasticsearchRoles.clusters` setting: validation, normalisation,
 * and the ClusterConfig built from a profile plus its secret. No `vscode` import (unit-tested).
 *
 * A profile never holds a secret: the password / API key / token lives in SecretStorage under
 * `secretKey(profile.name)`.
 */
import { ConfigError, clusterBaseUrl, decodeCloudId, normalizeFingerprint, type ClusterAuth, type ClusterConfig } from '../cluster';

export type AuthKind = 'basic' | 'apiKey' | 'bearer' | 'none';
export const AUTH_KINDS: readonly AuthKind[] = ['basic', 'apiKey', 'bearer', 'none'];

export interface ClusterProfile {
  readonly name: string;
  readonly url?: string;
  readonly cloudId?: string;
  readonly auth: AuthKind;
  /** Basic auth only. */
  readonly username?: string;
  readonly caFile?: string;
  readonly caFingerprint?: string;
  readonly insecure?: boolean;
  readonly timeoutMs?: number;
}

export const SECRET_KEY_PREFIX = 'elasticsearchRoles.cluster.';
/** The SecretStorage key of a profile's secret. */
export function secretKey(profileName: string): string {
  return `${SECRET_KEY_PREFIX}${profileName}`;
}

/** Fields that must never be in settings; a profile carrying one is used without it, with a warning. */
const SECRET_FIELDS = ['password', 'apiKey', 'api_key', 'encoded', 'token', 'secret', 'key'];

const MAX_NAME_LENGTH = 64;

/** An error message for an unusable profile name, or undefined when it is fine. */
export function validateProfileName(name: string, existing: readonly string[] = []): string | undefined {
  const n = name.trim();
  if (!n) return 'Enter a name for this cluster, e.g. "prod" or "local".';
  if (n.length > MAX_NAME_LENGTH) return `At most ${MAX_NAME_LENGTH} characters.`;
  if (/[\x00-\x1f\x7f]/.test(n)) return 'The name must not contain control characters.';
  if (existing.some((e) => e.toLowerCase() === n.toLowerCase())) return `A cluster named "${n}" already exists.`;
  return undefined;
}

export type Endpoint = { readonly url: string } | { readonly cloudId: string };

/**
 * What the user typed as the cluster address: a URL (http/https) or an Elastic Cloud ID.
 * Returns the endpoint, or an error message for the input box.
 */
export function parseEndpoint(input: string): Endpoint | { readonly error: string } {
  const text = input.trim();
  if (!text) return { error: 'Enter the cluster URL (e.g. https://localhost:9200) or an Elastic Cloud ID.' };
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
      const url = clusterBaseUrl({ name: 'new', url: text });
      return { url: url.href.replace(/\/+$/, '') };
    }
    decodeCloudId(text);
    return { cloudId: text };
  } catch (err) {
    return { error: err instanceof Error ? err.message.replace(/^Cluster "new": /, '') : String(err) };
  }
}

/** Error message for a CA fingerprint input (empty is allowed: no pinning). */
export function validateFingerprintInput(input: string): string | undefined {
  if (!input.trim()) return undefined;
  try {
    normalizeFingerprint(input);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export interface NormalizedProfiles {
  readonly profiles: ClusterProfile[];
  /** One line per dropped entry or ignored field, for the log. Never holds a secret value. */
  readonly problems: string[];
}

/** Reads the raw `elasticsearchRoles.clusters` value; drops unusable entries and any secret fields. */
export function normalizeProfiles(raw: unknown): NormalizedProfiles {
  const profiles: ClusterProfile[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { profiles, problems };
  if (!Array.isArray(raw)) return { profiles, problems: ['elasticsearchRoles.clusters must be an array of cluster profiles.'] };
  raw.forEach((entry, i) => {
    const where = `elasticsearchRoles.clusters[${i}]`;
    if (!isObject(entry)) {
      problems.push(`${where} is not an object; ignored.`);
      return;
    }
    const name = optString(entry.name);
    const nameProblem = validateProfileName(name ?? '', profiles.map((p) => p.name));
    if (!name || nameProblem) {
      problems.push(`${where}: ${nameProblem ?? 'no name'}; ignored.`);
      return;
    }
    const secretFields = SECRET_FIELDS.filter((f) => f in entry);
    if (secretFields.length) {
      problems.push(`Cluster "${name}": ${secretFields.join(', ')} in settings ignored — secrets belong in the credential store (run "Set Credentials").`);
    }
    const auth = AUTH_KINDS.includes(entry.auth as AuthKind) ? (entry.auth as AuthKind) : undefined;
    if (!auth) {
      problems.push(`Cluster "${name}": auth must be one of ${AUTH_KINDS.join(', ')}; ignored.`);
      return;
    }
    const url = optString(entry.url);
    const cloudId = optString(entry.cloudId);
    if (!url && !cloudId) {
      problems.push(`Cluster "${name}": neither url nor cloudId is set; ignored.`);
      return;
    }
    const timeout = typeof entry.timeoutMs === 'number' && entry.timeoutMs > 0 ? Math.round(entry.timeoutMs) : undefined;
    profiles.push(
      stripUndefined({
        name,
        url,
        cloudId: url ? undefined : cloudId,
        auth,
        username: auth === 'basic' ? optString(entry.username) : undefined,
        caFile: optString(entry.caFile),
        caFingerprint: optString(entry.caFingerprint),
        insecure: entry.insecure === true ? true : undefined,
        timeoutMs: timeout,
      }),
    );
  });
  return { profiles, problems };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The profile as written to settings: known fields only, never a secret. */
export function profileToSetting(p: ClusterProfile): Record<string, unknown> {
  return stripUndefined({
    name: p.name,
    url: p.url,
    cloudId: p.url ? undefined : p.cloudId,
    auth: p.auth,
    username: p.auth === 'basic' ? p.username : undefined,
    caFile: p.caFile,
    caFingerprint: p.caFingerprint,
    insecure: p.insecure ? true : undefined,
    timeoutMs: p.timeoutMs,
  });
}

/**
 * The new raw settings array with `profile` added or replacing the entry of the same name. Entries
 * that are not ours to understand are kept as they are.
 */
export function upsertProfileSetting(raw: unknown, profile: ClusterProfile): unknown[] {
  const list = Array.isArray(raw) ? [...raw] : [];
  const index = list.findIndex((e) => isObject(e) && typeof e.name === 'string' && e.name.trim().toLowerCase() === profile.name.toLowerCase());
  if (index >= 0) list[index] = profileToSetting(profile);
  else list.push(profileToSetting(profile));
  return list;
}

/** The raw settings array without the profile named `name`. */
export function removeProfileSetting(raw: unknown, name: string): unknown[] {
  const list = Array.isArray(raw) ? raw : [];
  return list.filter((e) => !(isObject(e) && typeof e.name === 'string' && e.name.trim().toLowerCase() === name.toLowerCase()));
}

/** Thrown when a profile needs a secret and none is stored. suggestedAction: Set Credentials. */
export class MissingCredentialsError extends ConfigError {
  constructor(readonly profileName: string) {
    super(`Cluster "${profileName}": no credentials are stored for this cluster. Run "Set Credentials".`);
  }
}

/** Thrown when a command needs a cluster and none is selected. */
export class NoClusterError extends ConfigError {
  constructor(readonly hasProfiles: boolean) {
    super(hasProfiles ? 'No cluster is selected. Run "Select Cluster".' : 'No cluster is configured. Run "Add Cluster".');
  }
}

/**
 * The auth setting from a profile and its stored secret. API keys are accepted either as the
 * `encoded` value (base64 of id:api_key) or as `id:api_key`.
 */
export function authFromSecret(profile: Pick<ClusterProfile, 'name' | 'auth' | 'username'>, secret: string | undefined): ClusterAuth {
  if (profile.auth === 'none') return { kind: 'none' };
  const s = secret?.trim();
  if (!s) throw new MissingCredentialsError(profile.name);
  switch (profile.auth) {
    case 'basic':
      if (!profile.username) throw new ConfigError(`Cluster "${profile.name}": no username is set. Run "Set Credentials".`);
      return { kind: 'basic', username: profile.username, password: secret! };
    case 'apiKey':
      return parseApiKeySecret(s);
    case 'bearer':
      return { kind: 'bearer', token: s };
  }
}

export function parseApiKeySecret(secret: string): ClusterAuth & { kind: 'apiKey' } {
  const s = secret.trim();
  const colon = s.indexOf(':');
  if (colon > 0 && colon < s.length - 1) return { kind: 'apiKey', id: s.slice(0, colon), key: s.slice(colon + 1) };
  return { kind: 'apiKey', encoded: s };
}

/** The cluster module's settings for a profile and its secret. */
export function buildClusterConfig(profile: ClusterProfile, secret: string | undefined): ClusterConfig {
  return stripUndefined({
    name: profile.name,
    url: profile.url,
    cloudId: profile.url ? undefined : profile.cloudId,
    auth: authFromSecret(profile, secret),
    caFile: profile.caFile,
    caFingerprint: profile.caFingerprint,
    insecure: profile.insecure,
    timeoutMs: profile.timeoutMs,
  }) as ClusterConfig;
}

/** Where the profile points, for detail lines ("https://es.example:9200" or "Cloud: my-deployment"). */
export function profileLocation(profile: ClusterProfile): string {
  if (profile.url) return profile.url;
  try {
    const d = decodeCloudId(profile.cloudId ?? '');
    return `Elastic Cloud${d.deploymentName ? `: ${d.deploymentName}` : ''} (${d.url})`;
  } catch {
    return 'Elastic Cloud';
  }
}

/** The secret prompt for an auth kind. */
export function secretPrompt(kind: AuthKind, profileName: string, username?: string): { prompt: string; placeHolder: string } | undefined {
  switch (kind) {
    case 'basic':
      return { prompt: `Password of "${username ?? ''}" on cluster "${profileName}"`, placeHolder: 'Password (stored in the OS credential store)' };
    case 'apiKey':
      return { prompt: `API key for cluster "${profileName}"`, placeHolder: 'The "encoded" value, or id:api_key' };
    case 'bearer':
      return { prompt: `Bearer token for cluster "${profileName}"`, placeHolder: 'An OAuth2 / service account token' };
    case 'none':
      return undefined;
  }
}

/** Human label of an auth kind for quick picks and details. */
export function authKindLabel(kind: AuthKind): string {
  switch (kind) {
    case 'basic':
      return 'Username and password';
    case 'apiKey':
      return 'API key';
    case 'bearer':
      return 'Bearer token';
    case 'none':
      return 'No authentication';
  }
}
