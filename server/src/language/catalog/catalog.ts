import catalogData from './data/catalog.json';
import privilegeDocs from './data/privilegeDocs.json';
import type { BuiltinPrivilegesResponse, Catalog, PrivilegeInfo, PrivilegeKind } from './types';
import { compareVersions, formatVersion, parseVersion, type EsVersion } from './version';

interface VersionEntry {
  version: string;
  confidence: string;
  method: string;
  cluster: string[];
  index: string[];
  remote_cluster: string[];
  uncertain?: Record<string, string>;
}
interface MetaEntry {
  introduced?: string;
  firstCatalog?: string | null;
  implies?: string[];
  deprecated?: { since?: string; replacement?: string; note?: string };
  caveat?: string;
}
interface DocEntry {
  description?: string;
  actions?: string[];
  excludedActions?: string[];
}

const KINDS: readonly PrivilegeKind[] = ['cluster', 'index', 'remote_cluster'];
const VERSIONS = (catalogData.versions as VersionEntry[])
  .map((v) => ({ ...v, parsed: parseVersion(v.version)! }))
  .sort((a, b) => compareVersions(a.parsed, b.parsed));

/** Bundled catalog versions, oldest first ("7.17", "8.0", ... "9.1"). */
export const BUNDLED_VERSIONS: readonly string[] = VERSIONS.map((v) => v.version);
export const NEWEST_BUNDLED_VERSION = BUNDLED_VERSIONS[BUNDLED_VERSIONS.length - 1];

/** Per kind, by name as given (validation asks for every privilege of every role: no key building). */
const infoCache: Record<PrivilegeKind, Map<string, PrivilegeInfo | null>> = { cluster: new Map(), index: new Map(), remote_cluster: new Map() };

/** Documentation of a built-in privilege, independent of version. */
export function privilegeInfo(kind: PrivilegeKind, rawName: string): PrivilegeInfo | undefined {
  const cache = infoCache[kind];
  const hit = cache.get(rawName);
  if (hit !== undefined) return hit ?? undefined;
  const name = rawName.toLowerCase();
  let info = name === rawName ? undefined : cache.get(name);
  if (info === undefined) info = lookupInfo(kind, name);
  // Bounded: names in documents that are not privileges at all must not grow the cache forever.
  if (cache.size < 10_000) cache.set(name, info).set(rawName, info);
  return info ?? undefined;
}

function lookupInfo(kind: PrivilegeKind, name: string): PrivilegeInfo | null {
  const meta = (catalogData[kind] as Record<string, MetaEntry>)[name];
  const docs = (privilegeDocs[kind] as Record<string, DocEntry>)[name];
  let info: PrivilegeInfo | null = null;
  if (meta || docs) {
    info = {
      name,
      kind,
      description: docs?.description,
      actions: docs?.actions,
      excludedActions: docs?.excludedActions,
      implies: meta?.implies,
      // A name already in the oldest bundled list is older than it: no "introduced in 7.17".
      introduced: meta?.introduced ?? (meta?.firstCatalog && meta.firstCatalog !== VERSIONS[0].version ? meta.firstCatalog : undefined),
      deprecated: meta?.deprecated,
      caveat: meta?.caveat,
    };
  }
  return info;
}

class NameCatalog implements Catalog {
  private readonly lists: Record<PrivilegeKind, readonly string[]>;
  private readonly sets: Record<PrivilegeKind, ReadonlySet<string>>;

  constructor(
    readonly version: EsVersion,
    readonly source: 'bundled' | 'cluster',
    readonly label: string,
    readonly confidence: string,
    lists: Record<PrivilegeKind, readonly string[]>,
  ) {
    const norm = (xs: readonly string[]) => [...new Set(xs.map((x) => x.toLowerCase()))].sort();
    this.lists = { cluster: norm(lists.cluster), index: norm(lists.index), remote_cluster: norm(lists.remote_cluster) };
    this.sets = {
      cluster: new Set(this.lists.cluster),
      index: new Set(this.lists.index),
      remote_cluster: new Set(this.lists.remote_cluster),
    };
  }

  names(kind: PrivilegeKind): readonly string[] {
    return this.lists[kind];
  }

  has(kind: PrivilegeKind, name: string): boolean {
    return this.sets[kind].has(name.toLowerCase());
  }

  info(kind: PrivilegeKind, name: string): PrivilegeInfo | undefined {
    return privilegeInfo(kind, name);
  }
}

const bundledCache = new Map<string, Catalog>();

/**
 * The bundled catalog for a target version: the newest bundled list not newer than the target
 * ("8.12" -> the 8.10 list), the oldest for anything older, the newest when no target is given.
 */
export function bundledCatalog(targetVersion?: string): Catalog {
  const target = parseVersion(targetVersion ?? '') ?? VERSIONS[VERSIONS.length - 1].parsed;
  let entry = VERSIONS[0];
  for (const v of VERSIONS) if (compareVersions(v.parsed, target) <= 0) entry = v;
  const key = `${entry.version}|${formatVersion(target)}`;
  let cat = bundledCache.get(key);
  if (!cat) {
    cat = new NameCatalog(target, 'bundled', `ES ${formatVersion(target)} (bundled)`, entry.confidence, {
      cluster: entry.cluster,
      index: entry.index,
      remote_cluster: entry.remote_cluster,
    });
    bundledCache.set(key, cat);
  }
  return cat;
}

/** A catalog from a cluster's GET _security/privilege/_builtin answer. */
export function liveCatalog(body: BuiltinPrivilegesResponse, version: string, clusterName: string): Catalog {
  const parsed = parseVersion(version) ?? VERSIONS[VERSIONS.length - 1].parsed;
  // The names come over the network: an empty one would become an empty completion label.
  const names = (xs: readonly string[] | undefined) => (xs ?? []).filter((x) => x.length > 0);
  return new NameCatalog(parsed, 'cluster', `ES ${formatVersion(parsed, true)} (${clusterName})`, 'live', {
    cluster: names(body.cluster),
    index: names(body.index),
    remote_cluster: names(body.remote_cluster),
  });
}

/** Every kind's documented names, for lookups that do not depend on a version. */
export function allKnownNames(kind: PrivilegeKind): readonly string[] {
  return Object.keys(catalogData[kind] as Record<string, unknown>);
}

export { KINDS as PRIVILEGE_KINDS };
