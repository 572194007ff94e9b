// has_privileges requests built from role files, and their answers as table rows. No `vscode` import.

import type { HasPrivilegesRequest, HasPrivilegesResponse } from '../cluster';
import type { RoleBody } from '../roles/extract';

/** The role file asks for nothing a has_privileges request can check, or names a missing role. */
export class PrivilegesRequestError extends Error {
  override readonly name = 'PrivilegesRequestError';
}

type IndexCheck = { names: string[]; privileges: string[]; allow_restricted_indices?: boolean };
type ApplicationCheck = { application: string; privileges: string[]; resources: string[] };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function pick(roles: Record<string, RoleBody>, roleName: string | undefined): [string, RoleBody][] {
  if (roleName === undefined) return Object.entries(roles);
  if (!Object.hasOwn(roles, roleName)) {
    const known = Object.keys(roles);
    throw new PrivilegesRequestError(`no role named "${roleName}" in the file${known.length ? ` (it has: ${known.join(', ')})` : ''}`);
  }
  return [[roleName, roles[roleName]]];
}

/**
 * A has_privileges body asking for what the role(s) grant: their cluster privileges, one `index`
 * entry per `indices` entry (names, privileges, allow_restricted_indices), one `application` entry
 * per `applications` entry. Only `roleName` when given. Duplicates are dropped. Throws
 * `PrivilegesRequestError` when that is nothing.
 */
export function hasPrivilegesRequest(roles: Record<string, RoleBody>, roleName?: string): HasPrivilegesRequest {
  const cluster: string[] = [];
  const index: IndexCheck[] = [];
  const application: ApplicationCheck[] = [];
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && !!seen.add(key);
  for (const [, role] of pick(roles, roleName)) {
    for (const p of strings(role.cluster)) if (once(`c:${p}`)) cluster.push(p);
    const indices = Array.isArray(role.indices) ? role.indices : Array.isArray(role.index) ? role.index : [];
    for (const e of indices) {
      if (!isObject(e)) continue;
      const entry: IndexCheck = { names: strings(e.names), privileges: strings(e.privileges) };
      if (e.allow_restricted_indices === true) entry.allow_restricted_indices = true;
      if (entry.names.length && entry.privileges.length && once(`i:${JSON.stringify(entry)}`)) index.push(entry);
    }
    const apps = Array.isArray(role.applications) ? role.applications : Array.isArray(role.application) ? role.application : [];
    for (const e of apps) {
      if (!isObject(e) || typeof e.application !== 'string') continue;
      const entry: ApplicationCheck = { application: e.application, privileges: strings(e.privileges), resources: strings(e.resources) };
      if (entry.privileges.length && entry.resources.length && once(`a:${JSON.stringify(entry)}`)) application.push(entry);
    }
  }
  if (cluster.length + index.length + application.length === 0) {
    const which = roleName ? `role "${roleName}"` : 'file';
    throw new PrivilegesRequestError(
      `the ${which} lists no cluster, index or application privileges to check (has_privileges cannot check run_as, global, remote_indices or remote_cluster)`,
    );
  }
  return {
    ...(cluster.length ? { cluster } : {}),
    ...(index.length ? { index } : {}),
    ...(application.length ? { application } : {}),
  };
}

/** Parts of the role(s) a has_privileges request cannot check (to mention them to the user). */
export function uncheckableFields(roles: Record<string, RoleBody>, roleName?: string): string[] {
  const fields = ['run_as', 'global', 'remote_indices', 'remote_cluster'];
  const found = new Set<string>();
  for (const [, role] of pick(roles, roleName)) {
    for (const f of fields) {
      const v = role[f];
      if ((Array.isArray(v) && v.length > 0) || (isObject(v) && Object.keys(v).length > 0)) found.add(f);
    }
  }
  return fields.filter((f) => found.has(f));
}

export interface PrivilegeRow {
  readonly kind: 'cluster' | 'index' | 'application';
  /** The index pattern or application resource; '' for cluster privileges. */
  readonly resource: string;
  /** For `application` rows: the application name. */
  readonly application?: string;
  readonly privilege: string;
  readonly granted: boolean;
}

/** One row per privilege checked: cluster, then index (by pattern), then application (by app and resource). */
export function summarizeHasPrivileges(response: HasPrivilegesResponse): PrivilegeRow[] {
  const rows: PrivilegeRow[] = [];
  for (const [privilege, granted] of Object.entries(response.cluster ?? {})) {
    rows.push({ kind: 'cluster', resource: '', privilege, granted: granted === true });
  }
  for (const [resource, privileges] of Object.entries(response.index ?? {})) {
    for (const [privilege, granted] of Object.entries(privileges ?? {})) rows.push({ kind: 'index', resource, privilege, granted: granted === true });
  }
  for (const [application, resources] of Object.entries(response.application ?? {})) {
    for (const [resource, privileges] of Object.entries(resources ?? {})) {
      for (const [privilege, granted] of Object.entries(privileges ?? {})) {
        rows.push({ kind: 'application', application, resource, privilege, granted: granted === true });
      }
    }
  }
  return rows;
}
