// Routes of the test server and the request pipeline: route -> params -> body -> authn -> run-as
// -> authz -> handler, with ES's errors at each step.

import type { IncomingHttpHeaders } from 'node:http';
import { atLeast } from '../../server/src/language/catalog';
import * as apiKeys from './apiKeyHandlers';
import { applyRunAs, authenticate, authorize } from './auth';
import type { Ctx, Reply } from './context';
import { EsHttpError, illegalArgument, noHandler, wrongMethod } from './esErrors';
import * as privileges from './privilegeHandlers';
import { ACTIONS, type ActionSpec } from './privileges';
import * as roles from './roleHandlers';
import type { ServerState } from './state';

interface Endpoint {
  readonly action: ActionSpec;
  readonly handler: (ctx: Ctx) => Reply;
  /** Query parameters besides the global ones. */
  readonly params?: readonly string[];
  /** First version with this endpoint ("8.15"). */
  readonly since?: string;
}

interface Route {
  readonly segments: readonly string[];
  readonly methods: Readonly<Record<string, Endpoint>>;
}

const GLOBAL_PARAMS = ['pretty', 'human', 'error_trace', 'filter_path'];
const REFRESH = ['refresh'];

export interface RouterOptions extends privileges.RootOptions {
  /** Status for endpoints newer than the configured version when the path exists (ES: 405). */
  readonly legacyStatus?: 400 | 404 | 405;
}

function routes(opts: RouterOptions): Route[] {
  const main: Endpoint = { action: ACTIONS.main, handler: (ctx) => privileges.root(ctx, opts) };
  const hasPriv: Endpoint = { action: ACTIONS.hasPrivileges, handler: privileges.hasPrivileges };
  const getRole: Endpoint = { action: ACTIONS.getRole, handler: roles.getRoles };
  const putRole: Endpoint = { action: ACTIONS.putRole, handler: roles.putRole, params: REFRESH };
  const createKey: Endpoint = { action: ACTIONS.createApiKey, handler: apiKeys.createApiKey, params: REFRESH };
  return [
    { segments: [], methods: { GET: main, HEAD: main } },
    { segments: ['_security', '_authenticate'], methods: { GET: { action: ACTIONS.authenticate, handler: privileges.authenticate } } },
    { segments: ['_security', 'privilege', '_builtin'], methods: { GET: { action: ACTIONS.builtin, handler: privileges.builtinPrivileges } } },
    { segments: ['_security', 'user', '_has_privileges'], methods: { GET: hasPriv, POST: hasPriv } },
    { segments: ['_security', 'user', ':user', '_has_privileges'], methods: { GET: hasPriv, POST: hasPriv } },
    {
      segments: ['_security', 'role'],
      methods: {
        GET: getRole,
        POST: { action: ACTIONS.bulkPutRole, handler: roles.bulkPutRoles, params: REFRESH, since: '8.15' },
        DELETE: { action: ACTIONS.bulkDeleteRole, handler: roles.bulkDeleteRoles, params: REFRESH, since: '8.15' },
      },
    },
    {
      segments: ['_security', 'role', ':name'],
      methods: { GET: getRole, PUT: putRole, POST: putRole, DELETE: { action: ACTIONS.deleteRole, handler: roles.deleteRole, params: REFRESH } },
    },
    {
      segments: ['_security', 'api_key'],
      methods: {
        GET: {
          action: ACTIONS.getApiKey,
          handler: apiKeys.getApiKeys,
          params: ['id', 'name', 'username', 'realm_name', 'owner', 'with_limited_by', 'with_profile_uid', 'active_only'],
        },
        PUT: createKey,
        POST: createKey,
        DELETE: { action: ACTIONS.invalidateApiKey, handler: apiKeys.invalidateApiKeys },
      },
    },
    { segments: ['_security', 'api_key', 'grant'], methods: { POST: { action: ACTIONS.grantApiKey, handler: apiKeys.grantApiKey, params: REFRESH } } },
    { segments: ['_security', 'oauth2', 'token'], methods: { POST: { action: ACTIONS.createToken, handler: privileges.createToken } } },
  ];
}

function match(route: Route, segments: readonly string[]): Record<string, string> | undefined {
  if (route.segments.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const want = route.segments[i];
    if (want.startsWith(':')) {
      if (!segments[i]) return undefined;
      params[want.slice(1)] = segments[i];
    } else if (want !== segments[i]) return undefined;
  }
  return params;
}

export interface IncomingCall {
  readonly method: string;
  /** Path and query as sent. */
  readonly uri: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly now: number;
}

export class Router {
  private readonly table: Route[];

  constructor(
    private readonly state: ServerState,
    private readonly opts: RouterOptions,
  ) {
    this.table = routes(opts);
  }

  /** Runs the pipeline; throws EsHttpError for ES error answers. */
  dispatch(call: IncomingCall): Reply {
    const url = new URL(call.uri, 'http://localhost');
    const rawSegments = url.pathname.split('/').filter((s) => s !== '');
    let segments: string[];
    try {
      segments = rawSegments.map((s) => decodeURIComponent(s));
    } catch {
      throw illegalArgument(`unable to decode path [${url.pathname}]`);
    }
    const method = call.method.toUpperCase();
    let found: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.table) {
      const params = match(route, segments);
      if (params) {
        found = { route, params };
        break;
      }
    }
    if (!found) throw noHandler(method, call.uri);
    const available = Object.entries(found.route.methods).filter(([, e]) => !e.since || atLeast(this.state.version, e.since));
    const endpoint = available.find(([m]) => m === method)?.[1];
    if (!endpoint) {
      const allowed = available.map(([m]) => m);
      const newer = found.route.methods[method];
      if (newer && this.opts.legacyStatus && this.opts.legacyStatus !== 405) {
        throw new EsHttpError(this.opts.legacyStatus, undefined, `no handler found for uri [${call.uri}] and method [${method}]`, {}, {}, true);
      }
      throw wrongMethod(method, call.uri, allowed);
    }
    for (const key of url.searchParams.keys()) {
      if (!GLOBAL_PARAMS.includes(key) && !(endpoint.params ?? []).includes(key)) {
        throw illegalArgument(`request [${url.pathname}] contains unrecognized parameter: [${key}]`);
      }
    }
    let body: unknown;
    if (call.rawBody.trim()) {
      try {
        body = JSON.parse(call.rawBody);
      } catch (e) {
        throw new EsHttpError(400, 'x_content_parse_exception', `[1:1] failed to parse request body: ${(e as Error).message}`);
      }
    }
    let authn = authenticate(this.state, call.headers, call.uri, call.now);
    authn = applyRunAs(this.state, authn, call.headers, endpoint.action.action);
    authorize(this.state, authn, endpoint.action);
    const ctx: Ctx = { method, uri: call.uri, params: found.params, query: url.searchParams, headers: call.headers, body, state: this.state, authn, now: call.now };
    return endpoint.handler(ctx);
  }
}
