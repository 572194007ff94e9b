// One typed function per security endpoint. Reads retry on transient failures (see http.ts);
// writes never do.

import { EsApiError, esApiError, isClusterError, type EsErrorCause } from './errors';
import type { EsClient } from './http';
import type {
  ApiKeyInfo,
  AuthenticateResponse,
  BuiltinPrivileges,
  BulkPutRolesResult,
  CreateApiKeyRequest,
  CreateApiKeyResponse,
  GetApiKeysQuery,
  GrantApiKeyRequest,
  HasPrivilegesRequest,
  HasPrivilegesResponse,
  InvalidateApiKeysRequest,
  InvalidateApiKeysResponse,
  RoleDescriptor,
  RolesByName,
  RootInfo,
} from './types';

export interface CallOptions {
  /** Run the request as this user (`es-security-runas-user`). */
  readonly runAs?: string;
  readonly signal?: AbortSignal;
}

export type Refresh = 'true' | 'false' | 'wait_for';

export interface WriteOptions extends CallOptions {
  readonly refresh?: Refresh;
}

/** The first ES version with bulk put role (`POST _security/role`). */
export const BULK_ROLES_SINCE = { major: 8, minor: 15 };
export const DEFAULT_PUT_CONCURRENCY = 8;

const enc = encodeURIComponent;

/** `GET /`: node and cluster name, version. */
export async function getRoot(client: EsClient, opts: CallOptions = {}): Promise<RootInfo> {
  return (await client.request<RootInfo>({ method: 'GET', path: '/', ...opts })).body;
}

/** `GET /_security/_authenticate`: who the credentials (or run-as) resolve to. */
export async function authenticate(client: EsClient, opts: CallOptions = {}): Promise<AuthenticateResponse> {
  return (await client.request<AuthenticateResponse>({ method: 'GET', path: '/_security/_authenticate', ...opts })).body;
}

/** `GET /_security/privilege/_builtin`. */
export async function getBuiltinPrivileges(client: EsClient, opts: CallOptions = {}): Promise<BuiltinPrivileges> {
  return (await client.request<BuiltinPrivileges>({ method: 'GET', path: '/_security/privilege/_builtin', ...opts })).body;
}

/**
 * `POST /_security/user/_has_privileges`, or `/_security/user/{user}/_has_privileges` with `user`
 * (Elasticsearch only lets a user check their own account; use `runAs` to check another user).
 * A read: retried like a GET.
 */
export async function hasPrivileges(
  client: EsClient,
  body: HasPrivilegesRequest,
  opts: CallOptions & { readonly user?: string } = {},
): Promise<HasPrivilegesResponse> {
  const path = opts.user ? `/_security/user/${enc(opts.user)}/_has_privileges` : '/_security/user/_has_privileges';
  const res = await client.request<HasPrivilegesResponse>({ method: 'POST', path, body, retry: true, runAs: opts.runAs, signal: opts.signal });
  return res.body;
}

/**
 * `GET /_security/role[/{names}]`. Missing roles are simply absent from the result; when none of
 * the names exists (ES answers 404 `{}`) the result is `{}`.
 */
export async function getRoles(client: EsClient, names?: string | readonly string[], opts: CallOptions = {}): Promise<RolesByName> {
  const list = names === undefined ? [] : typeof names === 'string' ? [names] : [...names];
  const path = list.length ? `/_security/role/${list.map(enc).join(',')}` : '/_security/role';
  const res = await client.request<RolesByName | undefined>({ method: 'GET', path, okStatuses: [404], ...opts });
  if (res.status === 404) {
    if (res.body && typeof res.body === 'object' && 'error' in res.body) {
      // An error object (a proxy's or a plugin's 404), not ES's `{}` for unknown names: its type and reason, never "[object Object]".
      throw esApiError(404, res.body, { method: 'GET', path, origin: client.origin });
    }
    return {};
  }
  return res.body ?? {};
}

/** `PUT /_security/role/{name}`: `created` is false when an existing role was updated. */
export async function putRole(client: EsClient, name: string, body: RoleDescriptor, opts: WriteOptions = {}): Promise<{ created: boolean }> {
  const res = await client.request<{ role: { created: boolean } }>({
    method: 'PUT',
    path: `/_security/role/${enc(name)}`,
    query: { refresh: opts.refresh },
    body,
    runAs: opts.runAs,
    signal: opts.signal,
  });
  return { created: res.body?.role?.created === true };
}

/** `DELETE /_security/role/{name}`: `found` is false when there was no such role (ES answers 404). */
export async function deleteRole(client: EsClient, name: string, opts: WriteOptions = {}): Promise<{ found: boolean }> {
  const res = await client.request<{ found?: boolean }>({
    method: 'DELETE',
    path: `/_security/role/${enc(name)}`,
    query: { refresh: opts.refresh },
    okStatuses: [404],
    runAs: opts.runAs,
    signal: opts.signal,
  });
  if (res.status === 404 && !(res.body && 'found' in res.body)) {
    throw new EsApiError(404, undefined, 'not found', [], res.body, { method: 'DELETE', path: `/_security/role/${enc(name)}`, origin: client.origin });
  }
  return { found: res.body?.found === true };
}

export interface BulkPutOptions extends WriteOptions {
  /** The cluster version when known ("8.12.2"); below 8.15 the bulk API is not tried. */
  readonly esVersion?: string;
  /** Parallel PUTs in the fallback (default 8). */
  readonly concurrency?: number;
  /** Called after each role in the PUT fallback (for progress). */
  readonly onProgress?: (done: number, total: number) => void;
}

function versionBelowBulk(version: string | undefined): boolean {
  const m = /^\s*v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < BULK_ROLES_SINCE.major || (major === BULK_ROLES_SINCE.major && minor < BULK_ROLES_SINCE.minor);
}

/**
 * Creates or updates many roles: `POST /_security/role` (8.15+). When the cluster is older, or
 * answers 400/404/405 to the bulk path, falls back to one `PUT /_security/role/{name}` per role
 * (bounded concurrency, keep-alive). Never retried: a write may have been applied.
 */
export async function bulkPutRoles(client: EsClient, roles: RolesByName, opts: BulkPutOptions = {}): Promise<BulkPutRolesResult> {
  if (!versionBelowBulk(opts.esVersion)) {
    try {
      const res = await client.request<{
        created?: string[];
        updated?: string[];
        noop?: string[];
        errors?: { count?: number; details?: Record<string, EsErrorCause> };
      }>({ method: 'POST', path: '/_security/role', query: { refresh: opts.refresh }, body: { roles }, runAs: opts.runAs, signal: opts.signal });
      const b = res.body ?? {};
      const details = b.errors?.details ?? {};
      return {
        created: b.created ?? [],
        updated: b.updated ?? [],
        noop: b.noop ?? [],
        errors: { count: b.errors?.count ?? Object.keys(details).length, details },
        method: 'bulk',
      };
    } catch (err) {
      if (!(err instanceof EsApiError && [400, 404, 405].includes(err.status))) throw err;
    }
  }
  return putRolesOneByOne(client, roles, opts);
}

async function putRolesOneByOne(client: EsClient, roles: RolesByName, opts: BulkPutOptions): Promise<BulkPutRolesResult> {
  const names = Object.keys(roles);
  const created: string[] = [];
  const updated: string[] = [];
  const details: Record<string, EsErrorCause> = {};
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++];
      try {
        const { created: isNew } = await putRole(client, name, roles[name], opts);
        (isNew ? created : updated).push(name);
      } catch (err) {
        if (err instanceof EsApiError) details[name] = { type: err.type ?? `http_${err.status}`, reason: err.reason ?? err.message };
        else if (isClusterError(err)) details[name] = { type: err.kind, reason: err.message };
        else throw err;
      }
      opts.onProgress?.(++done, names.length);
    }
  };
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? DEFAULT_PUT_CONCURRENCY, names.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const order = (xs: string[]) => names.filter((n) => xs.includes(n));
  return {
    created: order(created),
    updated: order(updated),
    noop: [],
    errors: { count: Object.keys(details).length, details },
    method: 'put',
  };
}

/** `POST /_security/api_key`. Never retried. The answer holds the secret: do not log it. */
export async function createApiKey(client: EsClient, body: CreateApiKeyRequest, opts: WriteOptions = {}): Promise<CreateApiKeyResponse> {
  const res = await client.request<CreateApiKeyResponse>({
    method: 'POST',
    path: '/_security/api_key',
    query: { refresh: opts.refresh },
    body,
    runAs: opts.runAs,
    signal: opts.signal,
  });
  return res.body;
}

/** `POST /_security/api_key/grant` for another user (password or access token, optional run_as). Never retried. */
export async function grantApiKey(client: EsClient, body: GrantApiKeyRequest, opts: WriteOptions = {}): Promise<CreateApiKeyResponse> {
  const secrets = [
    'password' in body ? body.password : undefined,
    'access_token' in body ? body.access_token : undefined,
    body.client_authentication?.value,
  ].filter((s): s is string => !!s);
  const res = await client.request<CreateApiKeyResponse>({
    method: 'POST',
    path: '/_security/api_key/grant',
    query: { refresh: opts.refresh },
    body,
    secrets,
    runAs: opts.runAs,
    signal: opts.signal,
  });
  return res.body;
}

/** `GET /_security/api_key?id=&name=&owner=...`; an empty list when nothing matches. */
export async function getApiKeys(client: EsClient, query: GetApiKeysQuery = {}, opts: CallOptions = {}): Promise<ApiKeyInfo[]> {
  const res = await client.request<{ api_keys?: ApiKeyInfo[] }>({
    method: 'GET',
    path: '/_security/api_key',
    query: { ...query },
    okStatuses: [404],
    ...opts,
  });
  if (res.status === 404) return [];
  return res.body?.api_keys ?? [];
}

/** `DELETE /_security/api_key` by `ids` or `name` (or owner/username/realm_name). Never retried. */
export async function invalidateApiKeys(
  client: EsClient,
  body: InvalidateApiKeysRequest,
  opts: CallOptions = {},
): Promise<InvalidateApiKeysResponse> {
  const res = await client.request<InvalidateApiKeysResponse>({ method: 'DELETE', path: '/_security/api_key', body, ...opts });
  const b = res.body;
  return {
    invalidated_api_keys: b?.invalidated_api_keys ?? [],
    previously_invalidated_api_keys: b?.previously_invalidated_api_keys ?? [],
    error_count: b?.error_count ?? 0,
    ...(b?.error_details ? { error_details: b.error_details } : {}),
  };
}
