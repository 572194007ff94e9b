/**
 * The offline counterpart of `GET _security/user/_has_privileges`: given roles (a user holding all of
 * them: their grants are unioned, as ES merges the groups of a user's roles) and a has_privileges
 * request body, answers in the has_privileges response shape, plus `granted_by` (which role and
 * entry granted each privilege) and `notes` (where the model is unsure).
 *
 * Semantics (IndicesPermission.checkResourcePrivileges / Group in ES):
 * - an entry covers an index when one of its `names` matches and, unless the entry sets
 *   `allow_restricted_indices`, the index is not restricted (this holds for literal names too);
 * - a requested pattern (`logs-*`) is covered when every name it matches is covered; restricted
 *   names are left out of the check unless the request sets `allow_restricted_indices` or names a
 *   restricted index literally; entries with the same privileges are unioned first;
 * - a privilege is held when the held privileges imply it (privileges.ts `coverage`).
 * Extension: `cluster_actions` and `index[].actions` check concrete action names the way ES
 * authorises a request (membership, minus excluded patterns), not the `action*` pattern
 * has_privileges checks for a raw action given as a privilege.
 */
import { isPattern } from './syntax';
import { compilePattern, intersects, isEmptyNameSet, isRestrictedIndex, uncoveredName, type NameSet } from './patterns';
import { actionCoverage, coverage, type Coverage } from './privileges';
import type { ApplicationGrant, GrantSource, IndexGrant, ModelRole } from './roles';

export interface IndexCheck {
  readonly names: readonly string[];
  readonly privileges?: readonly string[];
  /** Extension: concrete index actions (`indices:data/write/bulk`). */
  readonly actions?: readonly string[];
  readonly allow_restricted_indices?: boolean;
}

export interface ApplicationCheck {
  readonly application: string;
  readonly resources: readonly string[];
  readonly privileges: readonly string[];
}

/** A has_privileges request body (plus the action extension). */
export interface PrivilegesRequest {
  readonly cluster?: readonly string[];
  /** Extension: concrete cluster actions (`cluster:monitor/health`). */
  readonly cluster_actions?: readonly string[];
  readonly index?: readonly IndexCheck[];
  readonly application?: readonly ApplicationCheck[];
}

/** Who granted one privilege: a role and one of its entries. */
export interface Grantor {
  readonly role: string;
  readonly path: string;
  readonly line?: number;
  /** The entry's privileges that grant it. */
  readonly privileges: readonly string[];
}

type Nested<T> = Record<string, Record<string, T>>;

export interface PrivilegesAnswer {
  has_all_requested: boolean;
  cluster: Record<string, boolean>;
  index: Nested<boolean>;
  application: Record<string, Nested<boolean>>;
  granted_by: {
    cluster: Record<string, Grantor[]>;
    index: Nested<Grantor[]>;
    application: Record<string, Nested<Grantor[]>>;
  };
  /** Where the model is not sure of an answer (missing action data, unsupported patterns, ...). */
  notes: string[];
}

export function evaluate(roles: readonly ModelRole[], request: PrivilegesRequest): PrivilegesAnswer {
  const answer: PrivilegesAnswer = {
    has_all_requested: true,
    cluster: {},
    index: {},
    application: {},
    granted_by: { cluster: {}, index: {}, application: {} },
    notes: [],
  };
  const note = (text: string) => {
    if (!answer.notes.includes(text)) answer.notes.push(text);
  };
  const record = (granted: boolean) => {
    if (!granted) answer.has_all_requested = false;
    return granted;
  };
  checkCluster(roles, request, answer, record, note);
  const groups = roles.flatMap((r) => r.indices);
  for (const g of groups) {
    for (const n of g.names) {
      const u = compilePattern(n).unsupported;
      if (u) note(`${g.where.role} ${g.where.path}: pattern ${n} is not understood by the model (${u}); it matches nothing here`);
    }
  }
  for (const check of request.index ?? []) {
    for (const name of check.names) {
      const byPriv = (answer.index[name] ??= {});
      const byGrant = (answer.granted_by.index[name] ??= {});
      const ask = (key: string, cover: (held: readonly string[]) => Coverage) => {
        const result = checkIndex(groups, name, check.allow_restricted_indices === true, cover);
        byPriv[key] = record(result.granted);
        byGrant[key] = result.grantors;
        if (result.uncertain) note(`index ${name} ${key}: ${result.uncertain}`);
        if (result.missingAction) note(`index ${name} ${key}: not held, e.g. action ${result.missingAction}`);
        if (!result.granted && !isPattern(name) && isRestrictedIndex(name)) {
          const skipped = groups.filter((g) => !g.allowRestricted && g.names.some((n) => compilePattern(n).test(name)));
          if (skipped.length > 0) {
            note(`${name} is a restricted index: ${skipped.map((g) => `${g.where.role} ${g.where.path}`).join(', ')} would match it but ${skipped.length === 1 ? 'does' : 'do'} not set allow_restricted_indices`);
          }
        }
      };
      for (const p of check.privileges ?? []) ask(p, (held) => coverage('index', held, p));
      for (const a of check.actions ?? []) ask(a, (held) => actionCoverage('index', held, a));
    }
  }
  for (const check of request.application ?? []) {
    const app = (answer.application[check.application] ??= {});
    const appGrants = (answer.granted_by.application[check.application] ??= {});
    const grants = roles.flatMap((r) => r.applications);
    for (const resource of check.resources) {
      const res = (app[resource] ??= {});
      const by = (appGrants[resource] ??= {});
      for (const p of check.privileges) {
        const grantors = applicationGrantors(grants, check.application, resource, p);
        res[p] = record(grantors.length > 0);
        by[p] = grantors;
        if (grantors.length === 0 && !isApplicationAction(p)) {
          note(`application ${check.application}: privilege ${p} is checked by name only (application privilege definitions are not known offline)`);
        }
      }
    }
  }
  return answer;
}

function checkCluster(
  roles: readonly ModelRole[],
  request: PrivilegesRequest,
  answer: PrivilegesAnswer,
  record: (granted: boolean) => boolean,
  note: (text: string) => void,
): void {
  const held = roles.flatMap((r) => r.cluster);
  const grantors = (by: readonly string[]): Grantor[] =>
    roles
      .map((r) => ({ r, privileges: r.cluster.filter((p) => by.includes(p.toLowerCase())) }))
      .filter((x) => x.privileges.length > 0)
      .map(({ r, privileges }) => ({ role: r.name, path: r.clusterWhere.path, line: r.clusterWhere.line, privileges }));
  const ask = (key: string, result: Coverage) => {
    answer.cluster[key] = record(result.granted);
    answer.granted_by.cluster[key] = result.granted ? grantors(result.by) : [];
    if (result.uncertain) note(`cluster ${key}: ${result.uncertain}`);
    if (!result.granted && result.missingAction) note(`cluster ${key}: not held, e.g. action ${result.missingAction}`);
  };
  for (const p of request.cluster ?? []) ask(p, coverage('cluster', held, p));
  for (const a of request.cluster_actions ?? []) ask(a, actionCoverage('cluster', held, a));
}

interface IndexResult {
  readonly granted: boolean;
  readonly grantors: Grantor[];
  readonly uncertain?: string;
  /** When not granted only because of the privileges: an action they lack. */
  readonly missingAction?: string;
}

/** The groups whose names cover the requested index name or pattern (ES semantics, see above). */
function coveringGroups(groups: readonly IndexGrant[], name: string, allowRestricted: boolean): { groups: IndexGrant[]; uncertain?: string } {
  const nameSet = (g: IndexGrant): NameSet => ({ patterns: g.names, includeRestricted: g.allowRestricted });
  if (!isPattern(name)) {
    const restricted = isRestrictedIndex(name);
    return { groups: groups.filter((g) => (g.allowRestricted || !restricted) && g.names.some((n) => compilePattern(n).test(name))) };
  }
  const unsupported = compilePattern(name).unsupported;
  if (unsupported) return { groups: [], uncertain: `the requested pattern is not understood by the model (${unsupported})` };
  const check: NameSet = { patterns: [name], includeRestricted: allowRestricted };
  if (isEmptyNameSet(check)) {
    return { groups: [], uncertain: 'the pattern matches only restricted indices; ES answers false unless the request sets allow_restricted_indices' };
  }
  // ES unions the names of groups with the same privileges before the subset check.
  const byPrivileges = new Map<string, IndexGrant[]>();
  for (const g of groups) {
    const key = [...new Set(g.privileges.map((p) => p.toLowerCase()))].sort().join(',');
    const list = byPrivileges.get(key) ?? [];
    list.push(g);
    byPrivileges.set(key, list);
  }
  const out: IndexGrant[] = [];
  let uncertain: string | undefined;
  for (const list of byPrivileges.values()) {
    const missing = uncoveredName(check, list.map(nameSet));
    if (missing === undefined) out.push(...list.filter((g) => intersects(check, nameSet(g))));
    else if ('unknown' in missing) uncertain = 'the pattern comparison hit its bound';
  }
  return { groups: out, uncertain };
}

function checkIndex(groups: readonly IndexGrant[], name: string, allowRestricted: boolean, cover: (held: readonly string[]) => Coverage): IndexResult {
  const found = coveringGroups(groups, name, allowRestricted);
  const held = found.groups.flatMap((g) => g.privileges);
  const result = cover(held);
  const uncertain = [found.uncertain, result.uncertain].filter(Boolean).join('; ') || undefined;
  // An action is worth naming only when some entry covers the index at all.
  const missingAction = found.groups.length > 0 ? result.missingAction : undefined;
  if (!result.granted) return { granted: false, grantors: [], uncertain, missingAction };
  const grantors = found.groups
    .map((g) => ({ g, privileges: g.privileges.filter((p) => result.by.includes(p.toLowerCase())) }))
    .filter((x) => x.privileges.length > 0)
    .map(({ g, privileges }) => toGrantor(g.where, privileges));
  return { granted: true, grantors, uncertain };
}

const toGrantor = (where: GrantSource, privileges: readonly string[]): Grantor => ({
  role: where.role,
  path: where.path,
  line: where.line,
  privileges,
});

/** An application privilege name that is an action (ES: anything not a valid privilege name). */
function isApplicationAction(name: string): boolean {
  return !/^[a-z][a-zA-Z0-9_.-]*$/.test(name);
}

function applicationGrantors(grants: readonly ApplicationGrant[], app: string, resource: string, privilege: string): Grantor[] {
  const out: Grantor[] = [];
  for (const g of grants) {
    if (!compilePattern(g.application).test(app)) continue;
    if (!g.resources.some((r) => r === resource || compilePattern(r).test(resource))) continue;
    const by = g.privileges.filter(
      (p) => p === privilege || p === '*' || (isApplicationAction(p) && isApplicationAction(privilege) && compilePattern(p).test(privilege)),
    );
    if (by.length > 0) out.push(toGrantor(g.where, by));
  }
  return out;
}
