// Root, authenticate, builtin privileges, has_privileges and the token endpoint.

import { atLeast, resolvePrivilege } from '../../server/src/language/catalog';
import { authenticate as authenticateCredentials, authenticateResponse } from './auth';
import { isObject, objectBody, ok, type Ctx, type Reply } from './context';
import { illegalArgument, parseError, unauthorized, validationError } from './esErrors';
import { evaluateHasPrivileges, type HasPrivilegesChecks } from './privileges';
import { applicationNameProblem, unknownClusterPrivilege, unknownIndexPrivilege } from './roleValidation';

export interface RootOptions {
  readonly nodeName: string;
  readonly clusterName: string;
  readonly clusterUuid: string;
}

/** GET / */
export function root(ctx: Ctx, opts: RootOptions): Reply {
  const v = ctx.state.version;
  return ok({
    name: opts.nodeName,
    cluster_name: opts.clusterName,
    cluster_uuid: opts.clusterUuid,
    version: {
      number: ctx.state.versionText,
      build_flavor: 'default',
      build_type: 'tar',
      build_hash: '0000000000000000000000000000000000000000',
      build_date: '2025-01-01T00:00:00.000Z',
      build_snapshot: false,
      lucene_version: v.major >= 9 ? '10.2.1' : '9.12.0',
      minimum_wire_compatibility_version: v.major >= 9 ? '8.18.0' : '7.17.0',
      minimum_index_compatibility_version: v.major >= 9 ? '8.0.0' : '7.0.0',
    },
    tagline: 'You Know, for Search',
  });
}

/** GET /_security/_authenticate */
export function authenticate(ctx: Ctx): Reply {
  return ok(authenticateResponse(ctx.authn));
}

/** GET /_security/privilege/_builtin: sorted names; remote_cluster since 8.15. */
export function builtinPrivileges(ctx: Ctx): Reply {
  const cat = ctx.state.catalog;
  const body: Record<string, unknown> = { cluster: [...cat.names('cluster')].sort(), index: [...cat.names('index')].sort() };
  if (atLeast(ctx.state.version, '8.15')) body.remote_cluster = [...cat.names('remote_cluster')].sort();
  return ok(body);
}

function stringList(value: unknown, fail: () => never): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return fail();
  return value as string[];
}

/** Parses a has_privileges body as ES does (`index`, not `indices`; no FLS/DLS). */
export function parseHasPrivileges(username: string, body: unknown): HasPrivilegesChecks {
  const prefix = `failed to parse privileges check [${username}]. `;
  if (body === undefined) throw parseError('request body is required');
  if (!isObject(body)) throw parseError(`${prefix}expected an object but found [${Array.isArray(body) ? 'START_ARRAY' : 'VALUE'}] instead`);
  const checks: HasPrivilegesChecks = { cluster: [], index: [], application: [] };
  let seen = false;
  for (const [field, value] of Object.entries(body)) {
    const bad = (): never => {
      throw parseError(`${prefix}could not parse [${field}] field`);
    };
    if (field === 'cluster') {
      checks.cluster = stringList(value, bad);
    } else if (field === 'index') {
      if (!Array.isArray(value)) bad();
      checks.index = (value as unknown[]).map((e) => {
        if (!isObject(e)) return bad();
        for (const k of Object.keys(e)) {
          if (k === 'field_security' || k === 'query') throw parseError(`Field [${k}] is not supported in a has_privileges request`);
          if (!['names', 'privileges', 'allow_restricted_indices'].includes(k)) throw parseError(`${prefix}unexpected field [${k}]`);
        }
        if (e.names === undefined) throw parseError(`failed to parse indices privileges for role [${username}]. missing required [names] field`);
        if (e.privileges === undefined) throw parseError(`failed to parse indices privileges for role [${username}]. missing required [privileges] field`);
        return { names: stringList(e.names, bad), privileges: stringList(e.privileges, bad), allow_restricted_indices: e.allow_restricted_indices === true };
      });
    } else if (field === 'application' || field === 'applications') {
      if (!Array.isArray(value)) bad();
      checks.application = (value as unknown[]).map((e) => {
        if (!isObject(e) || typeof e.application !== 'string') return bad();
        return { application: e.application, privileges: stringList(e.privileges ?? [], bad), resources: stringList(e.resources ?? [], bad) };
      });
    } else {
      throw parseError(`${prefix}unexpected field [${field}]`);
    }
    seen = true;
  }
  if (!seen) throw parseError(`${prefix}All privilege fields [cluster,index,applications] are missing`);
  return checks;
}

/** GET/POST /_security/user/_has_privileges and /_security/user/{user}/_has_privileges */
export function hasPrivileges(ctx: Ctx): Reply {
  const self = ctx.authn.user.username;
  const checks = parseHasPrivileges(ctx.params.user ?? self, ctx.body);
  const errors: string[] = [];
  if (checks.cluster.length + checks.index.length + checks.application.length === 0) errors.push('must specify at least one privilege');
  for (const a of checks.application) {
    const problem = applicationNameProblem(a.application, false);
    if (problem) errors.push(problem);
  }
  if (errors.length) throw validationError(errors);
  if (ctx.params.user !== undefined && ctx.params.user !== self) throw illegalArgument('users may only check the privileges of their own account');
  const cat = ctx.state.catalog;
  for (const p of checks.cluster) if (!resolvePrivilege(cat, 'cluster', p).ok) throw illegalArgument(unknownClusterPrivilege(cat, p));
  for (const g of checks.index) {
    for (const p of g.privileges) if (!resolvePrivilege(cat, 'index', p).ok) throw illegalArgument(unknownIndexPrivilege(cat, p));
  }
  return ok(evaluateHasPrivileges(self, ctx.authn.permission, ctx.state.appPrivileges, checks));
}

/** POST /_security/oauth2/token with grant_type password or client_credentials. */
export function createToken(ctx: Ctx): Reply {
  const body = objectBody(ctx);
  let username: string;
  if (body.grant_type === 'password') {
    const basic = `Basic ${Buffer.from(`${String(body.username)}:${String(body.password)}`).toString('base64')}`;
    try {
      username = authenticateCredentials(ctx.state, { authorization: basic }, ctx.uri).user.username;
    } catch {
      throw unauthorized(`unable to authenticate user [${String(body.username)}] for action [cluster:admin/xpack/security/token/create]`);
    }
  } else if (body.grant_type === 'client_credentials') {
    username = ctx.authn.user.username;
  } else {
    throw validationError([`grant_type [${String(body.grant_type)}] is not supported`]);
  }
  const token = ctx.state.mintToken(username);
  return ok({ access_token: token, type: 'Bearer', expires_in: 1200, scope: 'full', ...(body.grant_type === 'password' ? { refresh_token: `r${token}` } : {}) });
}

