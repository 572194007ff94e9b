import type { RoleBody } from './extract';

/**
 * A canonical form of a role for comparison: what GET _security/role returns and what a file says
 * compare equal when Elasticsearch would treat them the same. Ignores key order, privilege order and
 * case, server-filled defaults (`allow_restricted_indices: false`, empty lists, `transient_metadata`),
 * `index`/`application` aliases, and the string-vs-object form of DLS queries.
 */
export function normalizeRole(role: RoleBody): RoleBody {
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v === undefined) return;
    if (Array.isArray(v) && v.length === 0) return;
    if (isObject(v) && Object.keys(v).length === 0) return;
    out[k] = v;
  };
  put('description', typeof role.description === 'string' && role.description !== '' ? role.description : undefined);
  put('cluster', sortedLower(role.cluster));
  put('indices', normalizeIndices(role.indices ?? role.index, false));
  put('remote_indices', normalizeIndices(role.remote_indices, true));
  put('remote_cluster', sortEntries(asArray(role.remote_cluster).map((e) => canonical(isObject(e) ? { privileges: sortedLower(e.privileges), clusters: sorted(e.clusters) } : e))));
  put('applications', sortEntries(asArray(role.applications ?? role.application).map((e) =>
    canonical(isObject(e) ? { application: e.application, privileges: sorted(e.privileges), resources: sorted(e.resources) } : e))));
  put('global', normalizeGlobal(role.global));
  put('run_as', sorted(role.run_as));
  put('metadata', isObject(role.metadata) ? canonical(role.metadata) : undefined);
  put('restriction', isObject(role.restriction) ? canonical({ workflows: sortedLower(role.restriction.workflows) }) : undefined);
  return out;
}

function normalizeIndices(v: unknown, remote: boolean): unknown[] {
  return sortEntries(
    asArray(v).map((e) => {
      if (!isObject(e)) return e;
      const entry: Record<string, unknown> = {};
      if (remote) entry.clusters = sorted(e.clusters);
      entry.names = sorted(typeof e.names === 'string' ? [e.names] : e.names);
      entry.privileges = sortedLower(e.privileges);
      if (isObject(e.field_security)) {
        const fs: Record<string, unknown> = {};
        if (e.field_security.grant !== undefined) fs.grant = sorted(e.field_security.grant);
        if (Array.isArray(e.field_security.except) && e.field_security.except.length > 0) fs.except = sorted(e.field_security.except);
        entry.field_security = fs;
      }
      const query = normalizeQuery(e.query);
      if (query !== undefined) entry.query = query;
      if (e.allow_restricted_indices === true) entry.allow_restricted_indices = true;
      return canonical(entry);
    }),
  );
}

/** Queries compare by meaning: an object and the same JSON in a string are equal. */
function normalizeQuery(q: unknown): unknown {
  if (q === undefined || q === null || q === '') return undefined;
  if (typeof q === 'string') {
    try {
      return canonical(JSON.parse(q));
    } catch {
      return q;
    }
  }
  return canonical(q);
}

function normalizeGlobal(g: unknown): unknown {
  if (!isObject(g)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(g)) {
    if (isObject(v) && Object.keys(v).length === 0) continue;
    out[k] = canonical(v);
  }
  return Object.keys(out).length ? canonical(out) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function sorted(v: unknown): unknown {
  return Array.isArray(v) ? [...new Set(v)].sort(compare) : v;
}
function sortedLower(v: unknown): unknown {
  return Array.isArray(v) ? [...new Set(v.map((x) => (typeof x === 'string' ? x.toLowerCase() : x)))].sort(compare) : v;
}
function sortEntries(v: unknown[]): unknown[] {
  return [...v].sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}
function compare(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Deep copy with object keys sorted. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (!isObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = canonical(v[k]);
  return out;
}

/** Whether two roles are the same for Elasticsearch. */
export function sameRole(a: RoleBody, b: RoleBody): boolean {
  return JSON.stringify(normalizeRole(a)) === JSON.stringify(normalizeRole(b));
}
