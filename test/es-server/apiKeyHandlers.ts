// API key endpoints: create, grant, get, invalidate.

import { atLeast } from '../../server/src/language/catalog';
import { actionDenied, authenticate as authenticateCredentials } from './auth';
import { flag, isObject, objectBody, ok, type Ctx, type Reply } from './context';
import { EsHttpError, illegalArgument, parseError, securityException, unauthorized, validationError } from './esErrors';
import { globMatches } from './glob';
import { ACTIONS, allows, canRunAs, type ActionSpec } from './privileges';
import { outputRole, parseRole, type StoredRole } from './roles';
import { validateRole } from './roleValidation';
import { randomId, type ApiKeyRecord, type TestUser } from './state';

const UNITS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** ES TimeValue: "30d", "1h", "500ms"; throws ES's parse error. */
export function parseDuration(text: unknown): number {
  const m = typeof text === 'string' ? /^\s*(\d+)\s*(nanos|micros|ms|s|m|h|d)\s*$/.exec(text) : null;
  if (!m) throw parseError(`failed to parse setting [expiration] with value [${String(text)}] as a time value: unit is missing or unrecognized`);
  return Math.round(Number(m[1]) * UNITS[m[2]]);
}

function nameProblems(name: unknown): string[] {
  if (typeof name !== 'string' || name === '') return ['api key name is required'];
  const errors: string[] = [];
  if (name.length > 256) errors.push('api key name may not be more than 256 characters long');
  if (name.trim() !== name) errors.push('api key name may not begin or end with whitespace');
  if (name.startsWith('_')) errors.push('api key name may not begin with an underscore');
  return errors;
}

const FULL_READ: ActionSpec = { action: ACTIONS.getApiKey.action, grantedBy: ['read_security', 'manage_api_key', 'manage_security', 'all'] };
const FULL_MANAGE: ActionSpec = { action: ACTIONS.invalidateApiKey.action, grantedBy: ['manage_api_key', 'manage_security', 'all'] };
const OWN_MANAGE: ActionSpec = { action: ACTIONS.invalidateApiKey.action, grantedBy: ['manage_own_api_key'] };

/** Validates a create-API-key body and stores the key for `owner`, limited by `limitedBy`. */
function makeKey(ctx: Ctx, body: Record<string, unknown>, owner: TestUser, limitedBy: Record<string, StoredRole>): Record<string, unknown> {
  for (const key of Object.keys(body)) {
    if (!['name', 'expiration', 'role_descriptors', 'metadata'].includes(key)) {
      throw new EsHttpError(400, 'x_content_parse_exception', `[1:2] [api_key_request] unknown field [${key}]`);
    }
  }
  const errors = nameProblems(body.name);
  const descriptors: Record<string, StoredRole> = {};
  const rd = body.role_descriptors ?? {};
  if (!isObject(rd)) throw parseError(`failed to parse api key request. expected field [role_descriptors] to be an object`);
  const ctxFlags = { version: ctx.state.version, allowDescription: false, allowRestriction: true };
  for (const [name, desc] of Object.entries(rd)) {
    descriptors[name] = parseRole(name, desc, ctxFlags);
    errors.push(...validateRole(descriptors[name], ctx.state.catalog, ctx.state.version));
  }
  const restricted = Object.values(descriptors).filter((d) => d.restriction);
  if (restricted.length > 1) throw illegalArgument('more than one role descriptor with restriction is not supported');
  if (restricted.length === 1 && Object.keys(descriptors).length > 1) {
    throw illegalArgument('combining role descriptors with and without restriction is not supported');
  }
  const metadata = body.metadata ?? {};
  if (!isObject(metadata)) throw parseError('failed to parse api key request. expected field [metadata] to be an object');
  if (Object.keys(metadata).some((k) => k.startsWith('_'))) errors.push('API key metadata keys may not start with [_]');
  if (errors.length) throw validationError(errors);
  const expiration = body.expiration === undefined || body.expiration === null ? undefined : ctx.now + parseDuration(body.expiration);
  const record: ApiKeyRecord = {
    id: randomId(15),
    secret: randomId(16),
    name: body.name as string,
    creation: ctx.now,
    expiration,
    invalidated: false,
    username: owner.username,
    realm: owner.realm ?? { name: 'default_native', type: 'native' },
    metadata,
    roleDescriptors: descriptors,
    limitedBy,
  };
  ctx.state.apiKeys.set(record.id, record);
  const encoded = Buffer.from(`${record.id}:${record.secret}`).toString('base64');
  return { id: record.id, name: record.name, ...(expiration !== undefined ? { expiration } : {}), api_key: record.secret, encoded };
}

/** PUT/POST /_security/api_key: a key for the effective user, limited by its roles. */
export function createApiKey(ctx: Ctx): Reply {
  const { authn } = ctx;
  const body = objectBody(ctx);
  if (authn.apiKey && !authn.runAs && grantsAnyPrivileges(body.role_descriptors)) {
    throw illegalArgument('creating derived api keys requires an explicit role descriptor that is empty (has no privileges)');
  }
  const limitedBy = authn.apiKey && !authn.runAs ? authn.apiKey.limitedBy : ctx.state.rolesOf(authn.user).found;
  return ok(makeKey(ctx, body, authn.user, limitedBy));
}

/** A derived key (created with an API key) must carry only explicitly empty descriptors. */
function grantsAnyPrivileges(descriptors: unknown): boolean {
  if (!isObject(descriptors) || Object.keys(descriptors).length === 0) return true;
  const privilegeFields = ['cluster', 'indices', 'index', 'applications', 'application', 'run_as', 'global', 'remote_indices', 'remote_cluster'];
  return Object.values(descriptors).some(
    (d) => !isObject(d) || privilegeFields.some((f) => (Array.isArray(d[f]) ? d[f].length > 0 : isObject(d[f]) ? Object.keys(d[f]).length > 0 : false)),
  );
}

/** POST /_security/api_key/grant: a key for another user (password or access token, optional run_as). */
export function grantApiKey(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const errors: string[] = [];
  const grantType = body.grant_type;
  if (grantType === undefined) errors.push('[grant_type] is required');
  else if (grantType === 'password') {
    if (!body.username) errors.push('[username] is required for grant_type [password]');
    if (!body.password) errors.push('[password] is required for grant_type [password]');
  } else if (grantType === 'access_token') {
    if (!body.access_token) errors.push('[access_token] is required for grant_type [access_token]');
  } else errors.push(`grant_type [${String(grantType)}] is not supported`);
  if (!isObject(body.api_key)) errors.push('api key is required');
  if (errors.length) throw validationError(errors);
  let grantee: TestUser;
  if (grantType === 'access_token') {
    if (body.client_authentication !== undefined) throw securityException(400, '[client_authentication] not supported with the supplied access_token type');
    const username = ctx.state.tokens.get(String(body.access_token));
    const user = username ? ctx.state.users.get(username) : undefined;
    if (!user) throw unauthorized('unable to authenticate with provided credentials and anonymous access is not allowed for this request');
    grantee = user;
  } else {
    const basic = `Basic ${Buffer.from(`${String(body.username)}:${String(body.password)}`).toString('base64')}`;
    try {
      grantee = authenticateCredentials(ctx.state, { authorization: basic }, ctx.uri).user;
    } catch {
      throw unauthorized(`unable to authenticate user [${String(body.username)}] for action [${ACTIONS.grantApiKey.action}]`);
    }
  }
  let owner = grantee;
  if (body.run_as !== undefined) {
    const target = ctx.state.users.get(String(body.run_as));
    if (!target || !canRunAs(ctx.state.userPermission(grantee), String(body.run_as))) {
      const roles = Object.keys(ctx.state.rolesOf(grantee).found).sort().join(',');
      throw securityException(
        403,
        `action [${ACTIONS.authenticate.action}] is unauthorized for user [${grantee.username}] with effective roles [${roles}], ` +
          `because user [${grantee.username}] is unauthorized to run as [${String(body.run_as)}]`,
      );
    }
    owner = target;
  }
  return ok(makeKey(ctx, body.api_key as Record<string, unknown>, owner, ctx.state.rolesOf(owner).found));
}

function isOwn(ctx: Ctx, key: ApiKeyRecord): boolean {
  const u = ctx.authn.user;
  return key.username === u.username && key.realm.name === (u.realm?.name ?? 'default_native');
}

function describeKey(ctx: Ctx, key: ApiKeyRecord, withLimitedBy: boolean): Record<string, unknown> {
  const print = (m: Record<string, StoredRole>) => Object.fromEntries(Object.entries(m).map(([n, r]) => [n, outputRole(r, ctx.state.version)]));
  return {
    id: key.id,
    name: key.name,
    ...(atLeast(ctx.state.version, '8.10') ? { type: 'rest' } : {}),
    creation: key.creation,
    ...(key.expiration !== undefined ? { expiration: key.expiration } : {}),
    invalidated: key.invalidated,
    ...(key.invalidation !== undefined ? { invalidation: key.invalidation } : {}),
    username: key.username,
    realm: key.realm.name,
    realm_type: key.realm.type,
    metadata: key.metadata,
    role_descriptors: print(key.roleDescriptors),
    ...(withLimitedBy ? { limited_by: [print(key.limitedBy)] } : {}),
  };
}

/** May the caller see / manage only its own keys, and is this request limited to them? */
function ownOnlyAllowed(ctx: Ctx, ownerFlag: boolean, username: unknown, ids: readonly string[]): boolean {
  if (ownerFlag || username === ctx.authn.user.username) return true;
  const key = ctx.authn.apiKey;
  return !!key && !ctx.authn.runAs && ids.length > 0 && ids.every((id) => id === key.id);
}

/** GET /_security/api_key?id=&name=&username=&realm_name=&owner=&with_limited_by=&active_only= */
export function getApiKeys(ctx: Ctx): Reply {
  const q = ctx.query;
  const perm = ctx.authn.permission;
  const id = q.get('id') ?? undefined;
  const owner = flag(q, 'owner');
  const full = allows(perm, FULL_READ);
  if (!full && !(allows(perm, OWN_MANAGE) && ownOnlyAllowed(ctx, owner, q.get('username'), id ? [id] : []))) {
    throw actionDenied(ctx.state, ctx.authn, ACTIONS.getApiKey);
  }
  const withLimitedBy = flag(q, 'with_limited_by');
  if (withLimitedBy && !allows(perm, FULL_MANAGE)) throw actionDenied(ctx.state, ctx.authn, ACTIONS.getApiKey);
  const name = q.get('name');
  const username = q.get('username');
  const realm = q.get('realm_name');
  const activeOnly = flag(q, 'active_only');
  const keys = [...ctx.state.apiKeys.values()].filter(
    (k) =>
      (full || isOwn(ctx, k)) &&
      (!id || k.id === id) &&
      (!name || globMatches(name, k.name)) &&
      (!username || k.username === username) &&
      (!realm || k.realm.name === realm) &&
      (!owner || isOwn(ctx, k)) &&
      (!activeOnly || (!k.invalidated && (k.expiration === undefined || k.expiration > ctx.now))),
  );
  return ok({ api_keys: keys.map((k) => describeKey(ctx, k, withLimitedBy)) });
}

/** DELETE /_security/api_key with ids / id / name / username / realm_name / owner. */
export function invalidateApiKeys(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  const ids = body.ids === undefined ? (typeof body.id === 'string' ? [body.id] : []) : body.ids;
  const errors: string[] = [];
  if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) throw parseError('failed to parse invalidate api key request. [ids] must be an array of strings');
  if (body.ids !== undefined && ids.length === 0) errors.push('Field [ids] cannot be an empty array');
  const { name, username, realm_name: realm } = body as { name?: string; username?: string; realm_name?: string };
  const owner = body.owner === true;
  if (!ids.length && !name && !username && !realm && !owner) {
    errors.push('One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag is false');
  }
  if ((ids.length || name) && (username || realm)) errors.push('username or realm name must not be specified when the api key id(s) or api key name are specified');
  if (ids.length && name) errors.push('only one of [api key id(s), api key name] can be specified');
  if (errors.length) throw validationError(errors);
  const perm = ctx.authn.permission;
  const full = allows(perm, FULL_MANAGE);
  if (!full && !(allows(perm, OWN_MANAGE) && ownOnlyAllowed(ctx, owner, username, ids as string[]))) {
    throw actionDenied(ctx.state, ctx.authn, ACTIONS.invalidateApiKey);
  }
  const invalidated: string[] = [];
  const previously: string[] = [];
  for (const k of ctx.state.apiKeys.values()) {
    const selected =
      (full || isOwn(ctx, k)) &&
      (!ids.length || (ids as string[]).includes(k.id)) &&
      (!name || globMatches(name, k.name)) &&
      (!username || k.username === username) &&
      (!realm || k.realm.name === realm) &&
      (!owner || isOwn(ctx, k));
    if (!selected) continue;
    if (k.invalidated) previously.push(k.id);
    else {
      k.invalidated = true;
      k.invalidation = ctx.now;
      invalidated.push(k.id);
    }
  }
  return ok({ invalidated_api_keys: invalidated, previously_invalidated_api_keys: previously, error_count: 0 });
}
