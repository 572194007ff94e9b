/**
 * Roles as the privilege model sees them: plain data extracted from a parsed document (a role, a
 * roles map, a bulk body, or the role descriptors of an API-key create/grant body), each grant
 * remembering where it came from (role name, JSON path, line) so answers can say who granted what.
 */
import { getNodeValue, parseTree, type Node } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RoleDocument } from '../document';
import { getProperty, parseRoleDocument, properties } from '../document';
import { Kind } from '../tree';

export interface GrantSource {
  readonly role: string;
  /** `indices[0]`, `cluster`, `applications[1]`, ... */
  readonly path: string;
  /** 1-based line of the entry in its file, when known. */
  readonly line?: number;
}

export interface IndexGrant {
  readonly names: readonly string[];
  readonly privileges: readonly string[];
  readonly allowRestricted: boolean;
  /** Document-level security: a `query` is set. */
  readonly dls: boolean;
  /** Field-level security that hides something (not `grant: ["*"]` without `except`). */
  readonly fls: boolean;
  /** remote_indices: the cluster alias patterns. */
  readonly clusters?: readonly string[];
  readonly where: GrantSource;
}

export interface ApplicationGrant {
  readonly application: string;
  readonly privileges: readonly string[];
  readonly resources: readonly string[];
  readonly where: GrantSource;
}

export interface RemoteClusterGrant {
  readonly clusters: readonly string[];
  readonly privileges: readonly string[];
  readonly where: GrantSource;
}

export interface ModelRole {
  readonly name: string;
  readonly cluster: readonly string[];
  readonly clusterWhere: GrantSource;
  readonly indices: readonly IndexGrant[];
  readonly remoteIndices: readonly IndexGrant[];
  readonly remoteCluster: readonly RemoteClusterGrant[];
  readonly applications: readonly ApplicationGrant[];
  readonly runAs: readonly string[];
  readonly runAsWhere: GrantSource;
  /** `global` as written (compared as JSON only). */
  readonly global?: unknown;
}

export interface RoleSet {
  readonly roles: readonly ModelRole[];
  /** What the set stands for: `role`, `roles`, `api_key` (descriptors limit a key: an upper bound). */
  readonly kind: 'role' | 'roles' | 'api_key';
  /** Set for an API-key body without role descriptors: the key gets its owner's privileges. */
  readonly unrestrictedApiKey?: boolean;
}

/** A role descriptor's node, with its name and, in a map, its key. */
export interface DescriptorNode {
  readonly name: string;
  readonly node: Node;
  readonly key?: Node;
}

/** A role descriptor of a document by tree index: its name, its object and its key (-1 for a single role body). */
export interface DescriptorIndex {
  readonly name: string;
  readonly node: number;
  readonly key: number;
}

/** The role descriptors of a document, by index in its tree (tree.ts). */
export function descriptorIndices(doc: RoleDocument): DescriptorIndex[] {
  const t = doc.tree;
  if (!t || t.kind(0) !== Kind.Object) return [];
  const mapOf = (map: number): DescriptorIndex[] => {
    const out: DescriptorIndex[] = [];
    if (t.kind(map) !== Kind.Object) return out;
    for (let p = t.first(map); p >= 0; p = t.next(p)) {
      const name = t.propertyName(p);
      const value = t.propertyValue(p);
      if (name !== undefined && value >= 0 && t.kind(value) === Kind.Object) out.push({ name, node: value, key: p + 1 });
    }
    return out;
  };
  switch (doc.shape.shape) {
    case 'role':
      return [{ name: doc.shape.roleName ?? 'role', node: 0, key: -1 }];
    case 'roles':
      return mapOf(0);
    case 'bulk':
      return mapOf(t.get(0, 'roles'));
    case 'api_key_create':
      return mapOf(t.get(0, 'role_descriptors'));
    case 'api_key_grant':
      return mapOf(t.get(t.get(0, 'api_key'), 'role_descriptors'));
    default:
      return [];
  }
}

/** The role descriptor nodes of a document, with their names. */
export function descriptorNodes(doc: RoleDocument): DescriptorNode[] {
  const t = doc.tree;
  if (!t) return [];
  return descriptorIndices(doc).map((d) => ({ name: d.name, node: t.node(d.node), key: d.key >= 0 ? t.node(d.key) : undefined }));
}

/** The roles a document defines, or undefined when it is not a role-bearing body. */
export function rolesFromDocument(doc: RoleDocument): RoleSet | undefined {
  const shape = doc.shape.shape;
  if (shape === 'unknown' || shape === 'has_privileges' || !doc.root) return undefined;
  const lineOf = (node: Node) => doc.document.positionAt(node.offset).line + 1;
  const roles = descriptorNodes(doc).map((d) => roleFromNode(d.name, d.node, lineOf));
  if (shape === 'api_key_create' || shape === 'api_key_grant') {
    const holder = shape === 'api_key_create' ? doc.root : getProperty(doc.root, 'api_key');
    const rd = getProperty(holder, 'role_descriptors');
    return { roles, kind: 'api_key', unrestrictedApiKey: !rd || rd.type !== 'object' || properties(rd).length === 0 };
  }
  return { roles, kind: shape === 'role' ? 'role' : 'roles' };
}

const strings = (node: Node | undefined): string[] => {
  if (!node) return [];
  if (node.type === 'string') return [node.value as string];
  if (node.type !== 'array') return [];
  return (node.children ?? []).filter((c) => c.type === 'string').map((c) => c.value as string);
};

/** A role descriptor object node -> model role (fields of the wrong type are skipped). */
export function roleFromNode(name: string, node: Node, lineOf: (n: Node) => number | undefined = () => undefined): ModelRole {
  const field = (primary: string, alias?: string) => getProperty(node, primary) ?? (alias ? getProperty(node, alias) : undefined);
  const where = (path: string, n: Node): GrantSource => ({ role: name, path, line: lineOf(n) });
  const entries = (arr: Node | undefined) => (arr?.type === 'array' ? (arr.children ?? []).filter((c) => c.type === 'object') : []);
  const indexGrant = (entry: Node, path: string, remote: boolean): IndexGrant => {
    const fs = getProperty(entry, 'field_security');
    return {
      names: strings(getProperty(entry, 'names')),
      privileges: strings(getProperty(entry, 'privileges')),
      allowRestricted: getProperty(entry, 'allow_restricted_indices')?.value === true,
      dls: hasQuery(getProperty(entry, 'query')),
      fls: fs !== undefined && restrictsFields(fs),
      clusters: remote ? strings(getProperty(entry, 'clusters')) : undefined,
      where: where(path, entry),
    };
  };
  const clusterNode = field('cluster');
  const globalNode = getProperty(node, 'global');
  return {
    name,
    cluster: strings(clusterNode),
    clusterWhere: where('cluster', clusterNode ?? node),
    indices: entries(field('indices', 'index')).map((e, i) => indexGrant(e, `indices[${i}]`, false)),
    remoteIndices: entries(field('remote_indices')).map((e, i) => indexGrant(e, `remote_indices[${i}]`, true)),
    remoteCluster: entries(field('remote_cluster')).map((e, i) => ({
      clusters: strings(getProperty(e, 'clusters')),
      privileges: strings(getProperty(e, 'privileges')),
      where: where(`remote_cluster[${i}]`, e),
    })),
    applications: entries(field('applications', 'application')).map((e, i) => ({
      application: String(getProperty(e, 'application')?.value ?? ''),
      privileges: strings(getProperty(e, 'privileges')),
      resources: strings(getProperty(e, 'resources')),
      where: where(`applications[${i}]`, e),
    })),
    runAs: strings(field('run_as')),
    runAsWhere: where('run_as', field('run_as') ?? node),
    global: globalNode?.type === 'object' && properties(globalNode).length > 0 ? getNodeValue(globalNode) : undefined,
  };
}

function hasQuery(node: Node | undefined): boolean {
  if (!node || node.type === 'null') return false;
  if (node.type === 'string') return (node.value as string).trim() !== '';
  return node.type === 'object';
}

/** Whether field_security hides any field: anything but `grant` containing `*` with no `except`. */
export function restrictsFields(fs: Node): boolean {
  const grant = strings(getProperty(fs, 'grant'));
  const except = strings(getProperty(fs, 'except'));
  return !(grant.includes('*') && except.length === 0);
}

/** Roles from plain JSON (tests, has_privileges-like callers): a role descriptor object per name. */
export function rolesFromJson(roles: Readonly<Record<string, unknown>>): ModelRole[] {
  return Object.entries(roles).map(([name, value]) => {
    const text = JSON.stringify(value ?? {});
    // Reuse the node-based extraction on a parse of the JSON, so both paths agree.
    return roleFromNode(name, parseTree(text) ?? { type: 'object', offset: 0, length: 2, children: [] });
  });
}

export type LoadedRoles =
  | { readonly ok: true; readonly set: RoleSet; readonly doc: RoleDocument }
  | { readonly ok: false; readonly reason: string };

/** Parses a file's text (the URI's name helps tell the shape) and extracts its roles. */
export function rolesFromText(text: string, uri: string): LoadedRoles {
  const doc = parseRoleDocument(TextDocument.create(uri, 'json', 1, text));
  const first = doc.syntaxErrors[0];
  if (first) {
    const pos = doc.document.positionAt(first.offset);
    return { ok: false, reason: `${first.message} at line ${pos.line + 1}, column ${pos.character + 1}` };
  }
  if (doc.shape.shape === 'has_privileges') return { ok: false, reason: 'a has_privileges request, not roles' };
  const set = rolesFromDocument(doc);
  if (!set) return { ok: false, reason: 'not a role, roles map, bulk or API-key body' };
  return { ok: true, set, doc };
}

/** Keeps the named roles; the names not found are returned for an error message. */
export function pickRoles(set: RoleSet, names: readonly string[]): { set: RoleSet; missing: string[] } {
  if (names.length === 0) return { set, missing: [] };
  const missing = names.filter((n) => !set.roles.some((r) => r.name === n));
  return { set: { ...set, roles: set.roles.filter((r) => names.includes(r.name)) }, missing };
}
