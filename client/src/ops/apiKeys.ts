// Create / grant API key request bodies from role files and API-key files. No `vscode` import.

import type { CreateApiKeyRequest, GrantApiKeyRequest, RoleDescriptor } from '../cluster';
import type { RoleBody, RoleFileContent } from '../roles/extract';

/** The file cannot become the requested API-key body (the message says why). */
export class ApiKeyRequestError extends Error {
  override readonly name = 'ApiKeyRequestError';
}

export interface CreateApiKeyOptions {
  /** The key's name (overrides the file's). */
  readonly name: string;
  /** A duration such as "30d" (overrides the file's); Elasticsearch validates it. */
  readonly expiration?: string;
  /** Replaces the file's metadata. */
  readonly metadata?: Record<string, unknown>;
  /** Only this role of the file becomes a role descriptor. */
  readonly roleName?: string;
}

export interface GrantApiKeyOptions {
  /** The key's name (overrides the file's; required when the file has none). */
  readonly name?: string;
  readonly grantType: 'password' | 'access_token';
  /** Overrides the file's `username` (password grants). */
  readonly username?: string;
  /** The grantee's password: injected at run time, never read from a file. */
  readonly password?: string;
  /** The grantee's access token: injected at run time, never read from a file. */
  readonly accessToken?: string;
  /** Overrides the file's `run_as`: the key is created for this user. */
  readonly runAs?: string;
  readonly expiration?: string;
  readonly roleName?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const ROLE_SHAPES = new Set(['role', 'roles', 'bulk']);

/** A role body as an API-key role descriptor: `description` (refused by API keys) and `transient_metadata` dropped. */
export function toRoleDescriptor(role: RoleBody): RoleDescriptor {
  const { description: _description, transient_metadata: _transient, ...rest } = role;
  return rest as RoleDescriptor;
}

function selectRoles(roles: Record<string, RoleBody>, roleName: string | undefined, what: string): Record<string, RoleBody> {
  if (roleName === undefined) return roles;
  if (!Object.hasOwn(roles, roleName)) {
    const known = Object.keys(roles);
    throw new ApiKeyRequestError(`no ${what} named "${roleName}" in the file${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
  }
  return { [roleName]: roles[roleName] };
}

function checkUsable(content: RoleFileContent): void {
  if (content.syntaxError) throw new ApiKeyRequestError(`the file is not valid JSON (${content.syntaxError})`);
}

/** The `api_key` part (name, expiration, role_descriptors, metadata) a file stands for, before overrides. */
function baseKey(content: RoleFileContent, roleName: string | undefined): Record<string, unknown> {
  checkUsable(content);
  if (content.shape === 'api_key_create' || content.shape === 'api_key_grant') {
    const body = content.shape === 'api_key_create' ? content.body : content.body?.api_key;
    const key: Record<string, unknown> = isObject(body) ? { ...body } : {};
    if (roleName !== undefined) key.role_descriptors = selectRoles(content.roles, roleName, 'role descriptor');
    return key;
  }
  if (ROLE_SHAPES.has(content.shape)) {
    const roles = selectRoles(content.roles, roleName, 'role');
    if (Object.keys(roles).length === 0) throw new ApiKeyRequestError('the file holds no roles');
    return { role_descriptors: Object.fromEntries(Object.entries(roles).map(([n, r]) => [n, toRoleDescriptor(r)])) };
  }
  throw new ApiKeyRequestError(
    content.shape === 'has_privileges'
      ? 'a has_privileges file cannot become an API key; use a role file or an API-key file'
      : 'not a role or API-key file',
  );
}

/**
 * The body of `POST _security/api_key`: an API-key create file as is (a grant file's `api_key`),
 * or a role file's roles as `role_descriptors` (without `description`, which API keys refuse);
 * then `name`, `expiration` and `metadata` from the options override the file's.
 */
export function createApiKeyRequest(content: RoleFileContent, opts: CreateApiKeyOptions): CreateApiKeyRequest {
  if (!opts.name) throw new ApiKeyRequestError('the API key needs a name');
  const key = baseKey(content, opts.roleName);
  key.name = opts.name;
  if (opts.expiration !== undefined) key.expiration = opts.expiration;
  if (opts.metadata !== undefined) key.metadata = opts.metadata;
  return key as unknown as CreateApiKeyRequest;
}

/**
 * The body of `POST _security/api_key/grant`: a grant file's body (or `{api_key: <create body or
 * roles>}` for other files) with the options applied and the secret injected. A password or token
 * in the file is never used: the grant type's secret must come from the options.
 */
export function grantApiKeyRequest(content: RoleFileContent, opts: GrantApiKeyOptions): GrantApiKeyRequest {
  const apiKey = baseKey(content, opts.roleName);
  if (opts.name !== undefined) apiKey.name = opts.name;
  if (opts.expiration !== undefined) apiKey.expiration = opts.expiration;
  if (typeof apiKey.name !== 'string' || !apiKey.name) throw new ApiKeyRequestError('the API key needs a name (the file has none)');
  const file = content.shape === 'api_key_grant' && isObject(content.body) ? content.body : {};
  const { password: _password, access_token: _token, username: fileUser, run_as: fileRunAs, grant_type: _type, ...rest } = file;
  const body: Record<string, unknown> = { ...rest, grant_type: opts.grantType, api_key: apiKey };
  const runAs = opts.runAs ?? (typeof fileRunAs === 'string' ? fileRunAs : undefined);
  if (runAs !== undefined) body.run_as = runAs;
  if (opts.grantType === 'password') {
    const username = opts.username ?? (typeof fileUser === 'string' ? fileUser : undefined);
    if (!username) throw new ApiKeyRequestError('a password grant needs the username of the user to grant the key for');
    if (!opts.password) throw new ApiKeyRequestError('a password grant needs the user\'s password');
    body.username = username;
    body.password = opts.password;
  } else {
    if (!opts.accessToken) throw new ApiKeyRequestError('an access_token grant needs the user\'s access token');
    body.access_token = opts.accessToken;
  }
  return body as unknown as GrantApiKeyRequest;
}
