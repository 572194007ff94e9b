// Privilege evaluation for the test server: which cluster / index / application privileges a set
// of role descriptors grants, has_privileges, and the actions each endpoint needs.

import { isRawAction, privilegeInfo, type PrivilegeKind } from '../../server/src/language/catalog';
import { globMatches, indexPatternMatches } from './glob';
import type { StoredRole } from './roles';

/** Application privilege definitions: app -> privilege name -> action patterns. */
export type AppPrivilegeDefs = Record<string, Record<string, string[]>>;

/**
 * The permission of a subject: every set must grant a privilege (an API key is limited by its
 * owner's roles, so it has two sets; a user has one).
 */
export type Permission = readonly (readonly StoredRole[])[];

export interface ActionSpec {
  readonly action: string;
  /** Cluster privileges that grant the action, in the order ES lists them; empty = any authenticated user. */
  readonly grantedBy: readonly string[];
}

export const ACTIONS = {
  main: { action: 'cluster:monitor/main', grantedBy: ['monitor', 'manage', 'all'] },
  authenticate: { action: 'cluster:admin/xpack/security/user/authenticate', grantedBy: [] },
  hasPrivileges: { action: 'cluster:admin/xpack/security/user/has_privileges', grantedBy: [] },
  builtin: { action: 'cluster:admin/xpack/security/privilege/builtin/get', grantedBy: ['read_security', 'manage_security', 'all'] },
  getRole: { action: 'cluster:admin/xpack/security/role/get', grantedBy: ['read_security', 'manage_security', 'all'] },
  putRole: { action: 'cluster:admin/xpack/security/role/put', grantedBy: ['manage_security', 'all'] },
  deleteRole: { action: 'cluster:admin/xpack/security/role/delete', grantedBy: ['manage_security', 'all'] },
  bulkPutRole: { action: 'cluster:admin/xpack/security/role/bulk_put', grantedBy: ['manage_security', 'all'] },
  bulkDeleteRole: { action: 'cluster:admin/xpack/security/role/bulk_delete', grantedBy: ['manage_security', 'all'] },
  createApiKey: {
    action: 'cluster:admin/xpack/security/api_key/create',
    grantedBy: ['manage_own_api_key', 'manage_api_key', 'manage_security', 'all'],
  },
  grantApiKey: { action: 'cluster:admin/xpack/security/api_key/grant', grantedBy: ['grant_api_key', 'manage_api_key', 'manage_security', 'all'] },
  getApiKey: {
    action: 'cluster:admin/xpack/security/api_key/get',
    grantedBy: ['manage_own_api_key', 'read_security', 'manage_api_key', 'manage_security', 'all'],
  },
  invalidateApiKey: {
    action: 'cluster:admin/xpack/security/api_key/invalidate',
    grantedBy: ['manage_own_api_key', 'manage_api_key', 'manage_security', 'all'],
  },
  createToken: { action: 'cluster:admin/xpack/security/token/create', grantedBy: ['manage_token', 'manage_security', 'all'] },
} as const satisfies Record<string, ActionSpec>;

/**
 * Action patterns of a few named privileges, used when the catalog has no action data. An
 * approximation good enough for a test double; `excluded` patterns are subtracted.
 */
const FALLBACK_ACTIONS: Record<PrivilegeKind, Record<string, { patterns: string[]; excluded?: string[] }>> = {
  cluster: {
    all: { patterns: ['cluster:*', 'indices:admin/template/*', 'indices:admin/index_template/*'] },
    manage: { patterns: ['cluster:*', 'indices:admin/template/*', 'indices:admin/index_template/*'], excluded: ['cluster:admin/xpack/security/*'] },
    monitor: { patterns: ['cluster:monitor/*'] },
    manage_security: { patterns: ['cluster:admin/xpack/security/*'] },
    read_security: { patterns: ['cluster:admin/xpack/security/*/get', 'cluster:admin/xpack/security/*/get/*', 'cluster:admin/xpack/security/privilege/builtin/get'] },
    manage_api_key: { patterns: ['cluster:admin/xpack/security/api_key/*'] },
    grant_api_key: { patterns: ['cluster:admin/xpack/security/api_key/grant'] },
    manage_token: { patterns: ['cluster:admin/xpack/security/token/*'] },
  },
  index: {
    all: { patterns: ['indices:*', 'internal:transport/proxy/indices:*'] },
    read: { patterns: ['indices:data/read/*'] },
    write: { patterns: ['indices:data/write/*', 'indices:admin/mapping/put'] },
    index: { patterns: ['indices:data/write/index*', 'indices:data/write/update*', 'indices:data/write/bulk*'] },
    delete: { patterns: ['indices:data/write/delete*', 'indices:data/write/bulk*'] },
    monitor: { patterns: ['indices:monitor/*'] },
    manage: { patterns: ['indices:monitor/*', 'indices:admin/*'] },
    view_index_metadata: { patterns: ['indices:admin/get*', 'indices:admin/mappings/get*', 'indices:admin/aliases/get*', 'indices:admin/resolve/*'] },
  },
  remote_cluster: {},
};

const closureCache = new Map<string, Set<string>>();

/** A privilege and everything it implies, transitively (catalog `implies` data). */
function impliedClosure(kind: PrivilegeKind, name: string): Set<string> {
  const key = `${kind}:${name}`;
  let set = closureCache.get(key);
  if (set) return set;
  set = new Set([name]);
  const queue = [name];
  for (let i = 0; i < queue.length && i < 500; i++) {
    for (const next of privilegeInfo(kind, queue[i])?.implies ?? []) {
      if (!set.has(next)) {
        set.add(next);
        queue.push(next);
      }
    }
  }
  closureCache.set(key, set);
  return set;
}

/** True when a named or raw held privilege covers a raw action (pattern) that was requested. */
function coversAction(kind: PrivilegeKind, held: string, action: string): boolean {
  if (isRawAction(kind, held)) return globMatches(`${held}*`, action);
  for (const name of impliedClosure(kind, held)) {
    const info = privilegeInfo(kind, name);
    const fallback = FALLBACK_ACTIONS[kind][name];
    const patterns = info?.actions?.length ? info.actions : (fallback?.patterns ?? []);
    const excluded = info?.actions?.length ? (info.excludedActions ?? []) : (fallback?.excluded ?? []);
    if (patterns.some((p) => globMatches(p, action)) && !excluded.some((p) => globMatches(p, action))) return true;
    if (kind === 'cluster') {
      const spec = Object.values(ACTIONS).find((a) => a.action === action) as ActionSpec | undefined;
      // manage_own_api_key is conditional (own keys only), so it never grants the action outright.
      if (name !== 'manage_own_api_key' && spec?.grantedBy.includes(name)) return true;
    }
  }
  return false;
}

/** Does a held privilege grant the requested one (name or raw action)? */
export function privilegeCovers(kind: PrivilegeKind, heldRaw: string, requestedRaw: string): boolean {
  const held = heldRaw.toLowerCase();
  const requested = requestedRaw.toLowerCase();
  if (held === requested || held === 'all') return true;
  if (impliedClosure(kind, held).has(requested)) return true;
  if (isRawAction(kind, requested)) return coversAction(kind, held, requested);
  return false;
}

function clusterInSet(roles: readonly StoredRole[], privilege: string): boolean {
  return roles.some((r) => r.cluster.some((held) => privilegeCovers('cluster', held, privilege)));
}

/** Restricted (system) indices in the test server: the security indices. */
function isRestricted(index: string): boolean {
  return index.startsWith('.security');
}

/**
 * ES (IndicesPermission.Group): an entry without allow_restricted_indices never covers a restricted
 * index, not even one it names literally; the restricted-indices automaton is subtracted from the
 * entry's names.
 */
function indexInSet(roles: readonly StoredRole[], index: string, privilege: string): boolean {
  return roles.some((r) =>
    r.indices.some(
      (g) =>
        g.names.some((n) => indexPatternMatches(n, index) && (!isRestricted(index) || g.allow_restricted_indices)) &&
        g.privileges.some((held) => privilegeCovers('index', held, privilege)),
    ),
  );
}

/** A name that is not a valid privilege name is an action pattern (ES's application rule). */
function isAppActionName(name: string): boolean {
  return !/^[a-z][a-zA-Z0-9_.-]*$/.test(name);
}

function appActions(defs: AppPrivilegeDefs, app: string, privilege: string): string[] | undefined {
  const defined = defs[app]?.[privilege];
  if (defined) return defined;
  return isAppActionName(privilege) ? [privilege] : undefined;
}

function appInSet(roles: readonly StoredRole[], defs: AppPrivilegeDefs, app: string, resource: string, privilege: string): boolean {
  const wanted = appActions(defs, app, privilege);
  return roles.some((r) =>
    r.applications.some((a) => {
      if (!globMatches(a.application, app) || !a.resources.some((res) => globMatches(res, resource))) return false;
      if (a.privileges.includes('*') || a.privileges.includes(privilege)) return true;
      if (!wanted) return false;
      const held = a.privileges.flatMap((p) => appActions(defs, app, p) ?? []);
      return wanted.every((w) => held.some((h) => globMatches(h, w)));
    }),
  );
}

export const hasCluster = (perm: Permission, privilege: string) => perm.every((set) => clusterInSet(set, privilege));
export const hasIndex = (perm: Permission, index: string, privilege: string) => perm.every((set) => indexInSet(set, index, privilege));
export const hasApplication = (perm: Permission, defs: AppPrivilegeDefs, app: string, resource: string, privilege: string) =>
  perm.every((set) => appInSet(set, defs, app, resource, privilege));

/** May this permission run as `user`? (every set needs a matching `run_as` pattern) */
export function canRunAs(perm: Permission, user: string): boolean {
  return perm.every((set) => set.some((r) => r.run_as.some((p) => globMatches(p, user))));
}

/** Is the action allowed? Actions without `grantedBy` only need authentication. */
export function allows(perm: Permission, spec: ActionSpec): boolean {
  if (spec.grantedBy.length === 0) return true;
  const rawGrant = (set: readonly StoredRole[]) =>
    set.some((r) => r.cluster.some((held) => isRawAction('cluster', held) && globMatches(`${held.toLowerCase()}*`, spec.action)));
  return perm.every((set) => spec.grantedBy.some((p) => clusterInSet(set, p)) || rawGrant(set));
}

export interface HasPrivilegesChecks {
  cluster: string[];
  index: { names: string[]; privileges: string[]; allow_restricted_indices?: boolean }[];
  application: { application: string; resources: string[]; privileges: string[] }[];
}

export interface HasPrivilegesResult {
  username: string;
  has_all_requested: boolean;
  cluster: Record<string, boolean>;
  index: Record<string, Record<string, boolean>>;
  application: Record<string, Record<string, Record<string, boolean>>>;
}

/** Evaluates has_privileges checks; keys echo what was requested. */
export function evaluateHasPrivileges(username: string, perm: Permission, defs: AppPrivilegeDefs, checks: HasPrivilegesChecks): HasPrivilegesResult {
  let all = true;
  const note = (v: boolean) => {
    all &&= v;
    return v;
  };
  const cluster: Record<string, boolean> = {};
  for (const p of checks.cluster) cluster[p] = note(hasCluster(perm, p));
  const index: Record<string, Record<string, boolean>> = {};
  for (const group of checks.index) {
    for (const name of group.names) {
      index[name] ??= {};
      for (const p of group.privileges) index[name][p] = note(hasIndex(perm, name, p));
    }
  }
  const application: Record<string, Record<string, Record<string, boolean>>> = {};
  for (const group of checks.application) {
    const byResource = (application[group.application] ??= {});
    for (const res of group.resources) {
      byResource[res] ??= {};
      for (const p of group.privileges) byResource[res][p] = note(hasApplication(perm, defs, group.application, res, p));
    }
  }
  return { username, has_all_requested: all, cluster, index, application };
}
