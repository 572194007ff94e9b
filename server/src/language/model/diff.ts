/**
 * What one set of roles grants that another does not, for reviewing a change: `diffRoles(a, b)`
 * lists `added` (b grants, a does not: privilege growth) and `removed` (the reverse).
 *
 * Granularity: cluster privileges; index privileges per entry pattern (`write` on `logs-*`, with an
 * example index name the other side does not reach); remote_indices per cluster pattern and index
 * pattern; remote_cluster privileges per cluster pattern; application privileges per resource;
 * run_as patterns; `global` (compared as JSON). An index grant without DLS/FLS is growth over one
 * the other side only gives with DLS or FLS; queries and field lists themselves are not compared.
 */
import { isEmptyNameSet, uncoveredName, type NameSet } from './patterns';
import { coverage } from './privileges';
import type { ApplicationGrant, GrantSource, IndexGrant, ModelRole, RemoteClusterGrant } from './roles';

export type GrantKind = 'cluster' | 'index' | 'remote_index' | 'remote_cluster' | 'application' | 'run_as' | 'global';

export interface GrantChange {
  readonly kind: GrantKind;
  /** The privilege (cluster, index, remote_cluster, application). */
  readonly privilege?: string;
  /** The index pattern (index, remote_index), the user pattern (run_as). */
  readonly names?: string;
  /** remote_index / remote_cluster: the cluster alias pattern. */
  readonly clusters?: string;
  readonly application?: string;
  readonly resource?: string;
  /** A name the grant reaches that the other side does not (index, user, cluster alias). */
  readonly example?: string;
  /** `unrestricted`: the other side grants it only with document- or field-level security. */
  readonly reason: 'not-granted' | 'unrestricted' | 'undecided';
  /** Where the grant is, on the side that has it. */
  readonly where: GrantSource;
}

export interface RoleDiff {
  readonly added: GrantChange[];
  readonly removed: GrantChange[];
}

export function diffRoles(a: readonly ModelRole[], b: readonly ModelRole[]): RoleDiff {
  return { added: grantsNotIn(b, a), removed: grantsNotIn(a, b) };
}

const ALL_NAMES = (patterns: readonly string[]): NameSet => ({ patterns, includeRestricted: true });

/** Every grant of `from` that `other` does not give. */
export function grantsNotIn(from: readonly ModelRole[], other: readonly ModelRole[]): GrantChange[] {
  const out: GrantChange[] = [];
  const seen = new Set<string>();
  const push = (c: GrantChange) => {
    const key = JSON.stringify([c.kind, c.privilege?.toLowerCase(), c.names, c.clusters, c.application, c.resource, c.reason]);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(c);
    }
  };
  const otherCluster = other.flatMap((r) => r.cluster);
  for (const r of from) {
    for (const p of r.cluster) {
      if (!coverage('cluster', otherCluster, p).granted) push({ kind: 'cluster', privilege: p, reason: 'not-granted', where: r.clusterWhere });
    }
  }
  const otherIndices = other.flatMap((r) => r.indices);
  const otherRemote = other.flatMap((r) => r.remoteIndices);
  for (const r of from) {
    for (const e of r.indices) indexChanges(e, otherIndices, 'index').forEach(push);
    for (const e of r.remoteIndices) indexChanges(e, otherRemote, 'remote_index').forEach(push);
    for (const e of r.remoteCluster) remoteClusterChanges(e, other.flatMap((o) => o.remoteCluster)).forEach(push);
    for (const e of r.applications) applicationChanges(e, other.flatMap((o) => o.applications)).forEach(push);
    const otherRunAs = ALL_NAMES(other.flatMap((o) => o.runAs));
    for (const user of r.runAs) {
      const missing = uncoveredName(ALL_NAMES([user]), [otherRunAs]);
      if (missing) push({ kind: 'run_as', names: user, ...exampleOf(missing), where: r.runAsWhere });
    }
    if (r.global !== undefined && !other.some((o) => JSON.stringify(o.global) === JSON.stringify(r.global))) {
      push({ kind: 'global', reason: 'not-granted', where: { role: r.name, path: 'global' } });
    }
  }
  return out;
}

function exampleOf(missing: { example: string } | { unknown: true }): { example?: string; reason: 'not-granted' | 'undecided' } {
  return 'example' in missing ? { example: missing.example, reason: 'not-granted' } : { reason: 'undecided' };
}

const grantsPrivilege = (kind: 'index' | 'remote_cluster', held: readonly string[], p: string) => coverage(kind, held, p).granted;

/** Does `others` give privilege `p` on every name of `set`? Returns the uncovered example if not. */
function indexCovered(set: NameSet, p: string, others: readonly IndexGrant[]): { example: string } | { unknown: true } | undefined {
  const nameSet = (g: IndexGrant): NameSet => ({ patterns: g.names, includeRestricted: g.allowRestricted });
  // Entries that each grant `p`, unioned over their names.
  const single = others.filter((g) => grantsPrivilege('index', g.privileges, p));
  const missing = uncoveredName(set, single.map(nameSet));
  if (missing === undefined) return undefined;
  // Entries that each cover all the names, unioned over their privileges (ES's has_privileges).
  const containing = others.filter((g) => uncoveredName(set, [nameSet(g)]) === undefined);
  if (containing.length > 1 && grantsPrivilege('index', containing.flatMap((g) => g.privileges), p)) return undefined;
  return missing;
}

function indexChanges(e: IndexGrant, others: readonly IndexGrant[], kind: 'index' | 'remote_index'): GrantChange[] {
  const out: GrantChange[] = [];
  const clusterPatterns = e.clusters ?? [''];
  for (const cluster of clusterPatterns) {
    // remote_indices: only entries whose cluster aliases include all of this entry's count.
    const candidates =
      kind === 'remote_index' ? others.filter((o) => uncoveredName(ALL_NAMES([cluster]), [ALL_NAMES(o.clusters ?? [])]) === undefined) : others;
    const unrestricted = candidates.filter((o) => !o.dls && !o.fls);
    for (const names of e.names) {
      const set: NameSet = { patterns: [names], includeRestricted: e.allowRestricted };
      if (isEmptyNameSet(set)) continue;
      for (const p of e.privileges) {
        const base = { kind, privilege: p, names, clusters: kind === 'remote_index' ? cluster : undefined, where: e.where };
        const missing = indexCovered(set, p, candidates);
        if (missing) out.push({ ...base, ...exampleOf(missing) });
        else if (!e.dls && !e.fls && indexCovered(set, p, unrestricted)) out.push({ ...base, reason: 'unrestricted' });
      }
    }
  }
  return out;
}

function remoteClusterChanges(e: RemoteClusterGrant, others: readonly RemoteClusterGrant[]): GrantChange[] {
  const out: GrantChange[] = [];
  for (const p of e.privileges) {
    const covering = others.filter((o) => grantsPrivilege('remote_cluster', o.privileges, p));
    for (const cluster of e.clusters) {
      const missing = uncoveredName(ALL_NAMES([cluster]), covering.map((o) => ALL_NAMES(o.clusters)));
      if (missing) out.push({ kind: 'remote_cluster', privilege: p, clusters: cluster, ...exampleOf(missing), where: e.where });
    }
  }
  return out;
}

/** Application privileges are opaque offline: a privilege is covered by the same name or `*`. */
function applicationChanges(e: ApplicationGrant, others: readonly ApplicationGrant[]): GrantChange[] {
  const out: GrantChange[] = [];
  const sameApp = others.filter((o) => uncoveredName(ALL_NAMES([e.application]), [ALL_NAMES([o.application])]) === undefined);
  for (const p of e.privileges) {
    const covering = sameApp.filter((o) => o.privileges.includes(p) || o.privileges.includes('*'));
    for (const resource of e.resources) {
      const missing = uncoveredName(ALL_NAMES([resource]), covering.map((o) => ALL_NAMES(o.resources)));
      if (missing) out.push({ kind: 'application', application: e.application, privilege: p, resource, ...exampleOf(missing), where: e.where });
    }
  }
  return out;
}
