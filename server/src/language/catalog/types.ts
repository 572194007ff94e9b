import type { EsVersion } from './version';

/** The three lists GET _security/privilege/_builtin returns. */
export type PrivilegeKind = 'cluster' | 'index' | 'remote_cluster';

export interface PrivilegeInfo {
  readonly name: string;
  readonly kind: PrivilegeKind;
  /** What the privilege grants, in a sentence or two (from the Elasticsearch docs). */
  readonly description?: string;
  /** Action name patterns the privilege grants (what ES's automaton matches). */
  readonly actions?: readonly string[];
  /** Action patterns excluded from `actions`. */
  readonly excludedActions?: readonly string[];
  /** Other privileges of the same kind whose actions this one covers. */
  readonly implies?: readonly string[];
  /** The first ES version known to have it, e.g. "8.15". */
  readonly introduced?: string;
  readonly deprecated?: { readonly since?: string; readonly replacement?: string; readonly note?: string };
  /** A documented caveat (e.g. "also grants ILM start/stop"). */
  readonly caveat?: string;
}

/** Which built-in privileges exist, for one ES version or one live cluster. */
export interface Catalog {
  /** "9.1" for a bundled catalog, the cluster's version for a live one. */
  readonly version: EsVersion;
  readonly source: 'bundled' | 'cluster';
  /** Shown in the status bar: "ES 9.1 (bundled)", "ES 8.17.2 (prod)". */
  readonly label: string;
  /** How sure the bundled list is: high, medium-high, medium, medium-low; "live" for a cluster. */
  readonly confidence: string;
  /** Names per kind, lower-case, sorted. */
  names(kind: PrivilegeKind): readonly string[];
  /** Case-insensitive membership, as ES lower-cases names before resolving them. */
  has(kind: PrivilegeKind, name: string): boolean;
  /** Documentation for a name (case-insensitive); also for names this catalog lacks. */
  info(kind: PrivilegeKind, name: string): PrivilegeInfo | undefined;
}

/** The body of GET _security/privilege/_builtin. */
export interface BuiltinPrivilegesResponse {
  readonly cluster: readonly string[];
  readonly index: readonly string[];
  readonly remote_cluster?: readonly string[];
}
