// Authentication (basic, API key, bearer), run-as and action authorization of the test server,
// with Elasticsearch's 401 / 403 bodies.

import type { IncomingHttpHeaders } from 'node:http';
import { securityException, unauthorized } from './esErrors';
import { allows, canRunAs, type ActionSpec, type Permission } from './privileges';
import { API_KEY_REALM, NATIVE_REALM, type ApiKeyRecord, type ServerState, type TestUser } from './state';

export const RUN_AS_HEADER = 'es-security-runas-user';

export interface Authn {
  /** The effective user (the run-as target when run-as is used). */
  user: TestUser;
  /** Who the credentials belong to. */
  authenticatingUser: TestUser;
  runAs: boolean;
  apiKey?: ApiKeyRecord;
  type: 'realm' | 'api_key' | 'token';
  permission: Permission;
}

const GENERIC_401 = 'unable to authenticate with provided credentials and anonymous access is not allowed for this request';

function decodeBase64Pair(text: string): [string, string] | undefined {
  if (!/^[A-Za-z0-9+/=_-]+$/.test(text)) return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? [decoded.slice(0, colon), decoded.slice(colon + 1)] : undefined;
}

function authenticateApiKey(state: ServerState, encoded: string, now: number): Authn {
  const pair = decodeBase64Pair(encoded);
  if (!pair) throw unauthorized(GENERIC_401, 'API key: invalid ApiKey value');
  const [id, secret] = pair;
  const key = state.apiKeys.get(id);
  if (!key) throw unauthorized(GENERIC_401, `API key: unable to find apikey with id ${id}`);
  if (key.secret !== secret) throw unauthorized(GENERIC_401, `API key: invalid credentials for API key [${id}]`);
  if (key.invalidated) throw unauthorized(GENERIC_401, `API key: api key [${id}] has been invalidated`);
  if (key.expiration !== undefined && key.expiration <= now) throw unauthorized(GENERIC_401, 'API key: api key is expired');
  const owner: TestUser = state.users.get(key.username) ?? { username: key.username, password: '', roles: [], realm: key.realm };
  return { user: owner, authenticatingUser: owner, runAs: false, apiKey: key, type: 'api_key', permission: state.apiKeyPermission(key) };
}

/** Authenticates a request's credentials; throws ES's 401. `uri` is the request URI as sent. */
export function authenticate(state: ServerState, headers: IncomingHttpHeaders, uri: string, now = Date.now()): Authn {
  const header = headers.authorization;
  const m = header ? /^\s*(\S+)\s+(\S+)\s*$/.exec(header) : null;
  const scheme = m?.[1].toLowerCase();
  if (!m || !['basic', 'apikey', 'bearer'].includes(scheme!)) {
    throw unauthorized(`missing authentication credentials for REST request [${uri}]`);
  }
  const credential = m[2];
  if (scheme === 'apikey') return authenticateApiKey(state, credential, now);
  if (scheme === 'bearer') {
    const username = state.tokens.get(credential);
    const user = username ? state.users.get(username) : undefined;
    if (!user || user.enabled === false) throw unauthorized(GENERIC_401, 'bearer token: unable to authenticate bearer token');
    return { user, authenticatingUser: user, runAs: false, type: 'token', permission: state.userPermission(user) };
  }
  const pair = decodeBase64Pair(credential);
  const user = pair ? state.users.get(pair[0]) : undefined;
  if (!pair || !user || user.password !== pair[1] || user.enabled === false) {
    throw unauthorized(`unable to authenticate user [${pair?.[0] ?? ''}] for REST request [${uri}]`);
  }
  return { user, authenticatingUser: user, runAs: false, type: 'realm', permission: state.userPermission(user) };
}

function rolesText(state: ServerState, user: TestUser): string {
  const { found, missing } = state.rolesOf(user);
  let text = ` with effective roles [${Object.keys(found).sort().join(',')}]`;
  if (missing.length) text += ` (assigned roles [${[...missing].sort().join(',')}] were not found)`;
  return text;
}

/** "user [x]" or "API key id [id] of user [x]" (ES's description of who authenticated). */
function authenticatedText(authn: Authn): string {
  const user = `user [${authn.authenticatingUser.username}]`;
  return authn.apiKey ? `API key id [${authn.apiKey.id}] of ${user}` : user;
}

/** Applies `es-security-runas-user`; throws ES's 403 when run-as is not allowed. */
export function applyRunAs(state: ServerState, authn: Authn, headers: IncomingHttpHeaders, action: string): Authn {
  const target = headers[RUN_AS_HEADER];
  if (target === undefined) return authn;
  const name = Array.isArray(target) ? target[0] : target;
  const runAsUser = state.users.get(name);
  if (!name || !runAsUser || !canRunAs(authn.permission, name)) {
    const roles = authn.apiKey ? '' : rolesText(state, authn.authenticatingUser);
    throw securityException(
      403,
      `action [${action}] is unauthorized for ${authenticatedText(authn)}${roles}, because ${authenticatedText(authn)} is unauthorized to run as [${name}]`,
    );
  }
  return { ...authn, user: runAsUser, runAs: true, apiKey: authn.apiKey, permission: state.userPermission(runAsUser) };
}

/** ES's 403 for an action the subject may not perform. */
export function actionDenied(state: ServerState, authn: Authn, spec: ActionSpec): Error {
  let who = authenticatedText(authn);
  if (authn.runAs) who += ` run as [${authn.user.username}]`;
  if (!authn.apiKey || authn.runAs) who += rolesText(state, authn.user);
  const granted = spec.grantedBy.length ? `, this action is granted by the cluster privileges [${spec.grantedBy.join(',')}]` : '';
  return securityException(403, `action [${spec.action}] is unauthorized for ${who}${granted}`);
}

export function authorize(state: ServerState, authn: Authn, spec: ActionSpec): void {
  if (!allows(authn.permission, spec)) throw actionDenied(state, authn, spec);
}

/** The body of GET _security/_authenticate. */
export function authenticateResponse(authn: Authn): Record<string, unknown> {
  const u = authn.user;
  if (authn.apiKey && !authn.runAs) {
    return {
      username: u.username,
      roles: [],
      full_name: u.full_name ?? null,
      email: u.email ?? null,
      metadata: u.metadata ?? {},
      enabled: true,
      authentication_realm: API_KEY_REALM,
      lookup_realm: API_KEY_REALM,
      authentication_type: 'api_key',
      api_key: { id: authn.apiKey.id, name: authn.apiKey.name },
    };
  }
  return {
    username: u.username,
    roles: u.roles,
    full_name: u.full_name ?? null,
    email: u.email ?? null,
    metadata: u.metadata ?? {},
    enabled: u.enabled !== false,
    authentication_realm: authn.apiKey ? API_KEY_REALM : (authn.authenticatingUser.realm ?? NATIVE_REALM),
    lookup_realm: u.realm ?? NATIVE_REALM,
    authentication_type: authn.type,
  };
}
