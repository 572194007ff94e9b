import type { Catalog, PrivilegeKind } from './types';

/**
 * Raw action patterns ES accepts in place of a named privilege (after lower-casing):
 * cluster: `cluster:*`, `indices:admin/template/*`, `indices:admin/index_template/*`;
 * index: `indices:*`, `internal:transport/proxy/indices:*`. remote_cluster takes none.
 */
const ACTION_PREFIXES: Record<PrivilegeKind, readonly string[]> = {
  cluster: ['cluster:', 'indices:admin/template/', 'indices:admin/index_template/'],
  index: ['indices:', 'internal:transport/proxy/indices:'],
  remote_cluster: [],
};

export type Resolution =
  | { readonly ok: true; readonly via: 'name' | 'action'; readonly name: string }
  | {
      readonly ok: false;
      readonly name: string;
      /** The name is a privilege of another kind (e.g. `read` under `cluster`). */
      readonly otherKind?: PrivilegeKind;
    };

export function isRawAction(kind: PrivilegeKind, name: string): boolean {
  const lower = name.toLowerCase();
  return ACTION_PREFIXES[kind].some((p) => lower.startsWith(p));
}

/** How ES resolves a privilege name of a kind: lower-cased, a raw action pattern, or a built-in name. */
export function resolvePrivilege(catalog: Catalog, kind: PrivilegeKind, raw: string): Resolution {
  const name = raw.toLowerCase();
  if (isRawAction(kind, name)) return { ok: true, via: 'action', name };
  if (catalog.has(kind, name)) return { ok: true, via: 'name', name };
  const others: PrivilegeKind[] = kind === 'cluster' ? ['index'] : kind === 'index' ? ['cluster'] : ['cluster', 'index'];
  for (const other of others) {
    if (catalog.has(other, name) || isRawAction(other, name)) return { ok: false, name, otherKind: other };
  }
  return { ok: false, name };
}
