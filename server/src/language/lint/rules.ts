/**
 * The security lint rules, run over the role descriptors of a parsed document (a role, a roles
 * map, a bulk body, API-key role descriptors). Each descriptor is visited once and each rule looks
 * only at that descriptor, so the cost is linear in the document.
 */
import type { Node } from 'jsonc-parser';
import { isRawAction } from '../catalog';
import { Codes, DiagnosticSeverity, type DiagnosticSink } from '../diagnostics';
import { getProperty, properties, type RoleDocument } from '../document';
import { Kind, type Tree } from '../tree';
import { matchesEverything } from '../model/patterns';
import { descriptorIndices } from '../model/roles';
import { isPattern } from '../model/syntax';
import { checkRedundant } from './redundant';

const W = DiagnosticSeverity.Warning;
const I = DiagnosticSeverity.Information;

interface Ctx {
  readonly sink: DiagnosticSink;
  readonly text: string;
  /** The document's tree: the rules read it by index and make nodes only for findings. */
  readonly tree: Tree;
}

export function runLintRules(doc: RoleDocument, sink: DiagnosticSink): void {
  const t = doc.tree;
  if (!doc.root || !t || t.kind(0) !== Kind.Object) return;
  const ctx: Ctx = { sink, text: doc.text, tree: t };
  for (const d of descriptorIndices(doc)) {
    if (sink.full) return;
    lintDescriptor(ctx, d.name, d.node, d.key);
  }
  if (doc.shape.shape === 'api_key_create') checkApiKeyRestricted(ctx, doc.root, undefined);
  if (doc.shape.shape === 'api_key_grant') {
    const apiKey = getProperty(doc.root, 'api_key');
    const key = properties(doc.root).find((p) => p.name === 'api_key')?.key;
    if (apiKey?.type === 'object') checkApiKeyRestricted(ctx, apiKey, key);
  }
}

/** Whether array `a` has elements, all of them strings and every one `none`; `strs` are its string nodes. */
const onlyNone = (t: Tree, a: number, strs: readonly number[]) =>
  strs.length > 0 && strs.length === t.childCount(a) && strs.every((c) => t.lower(c) === 'none');
const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/** A raw action privilege `X` grants `X*`: does that reach every action starting with `prefix`? */
function rawCovers(name: string, prefix: string): boolean {
  const stem = name.replace(/\*+$/, '');
  return !/[*?]/.test(stem) && !stem.startsWith('/') && prefix.startsWith(stem);
}

function lintDescriptor(ctx: Ctx, name: string, o: number, key: number): void {
  const t = ctx.tree;
  checkCluster(ctx, name, t.get(o, 'cluster'));
  for (const u of t.stringNodes(t.get(o, 'run_as'))) {
    const user = t.str(u);
    if (isPattern(user)) {
      ctx.sink.add(
        Codes.runAsWildcard,
        t.node(u),
        `run_as \`${user}\` lets this role submit requests as any matching user, administrators included, with their privileges. List the users it must act as.`,
        W,
      );
    }
  }
  let indices = t.get(o, 'indices');
  if (indices < 0) indices = t.get(o, 'index');
  for (const entry of objects(t, indices)) checkIndexEntry(ctx, entry, false);
  for (const entry of objects(t, t.get(o, 'remote_indices'))) checkIndexEntry(ctx, entry, true);
  for (const entry of objects(t, t.get(o, 'remote_cluster'))) {
    const privileges = t.get(entry, 'privileges');
    if (t.kind(privileges) === Kind.Array) checkRedundant(ctx.sink, ctx.text, t, 'remote_cluster', privileges);
  }
  checkEmptyRole(ctx, name, o, key);
}

/** The object elements of array `a` (none when `a` is not an array). */
function objects(t: Tree, a: number): number[] {
  const out: number[] = [];
  if (t.kind(a) !== Kind.Array) return out;
  for (let c = t.first(a); c >= 0; c = t.next(c)) if (t.kind(c) === Kind.Object) out.push(c);
  return out;
}

function checkCluster(ctx: Ctx, roleName: string, cluster: number): void {
  const t = ctx.tree;
  if (t.kind(cluster) !== Kind.Array) return;
  const els = t.stringNodes(cluster);
  const names = els.map((c) => t.lower(c));
  const hasAll = names.includes('all');
  let admin: boolean | undefined; // worked out when first needed
  for (let i = 0; i < els.length; i++) {
    if (ctx.sink.full) return;
    const c = els[i];
    const p = names[i];
    const shown = `\`${t.str(c)}\``;
    if (p === 'all') {
      ctx.sink.add(Codes.broadClusterPrivilege, t.node(c), `${shown} grants every cluster operation, security included (users, roles, API keys): superuser-level access. Grant the specific privileges the role needs.`, W);
    } else if (p === 'manage' && !hasAll) {
      ctx.sink.add(Codes.broadClusterPrivilege, t.node(c), `${shown} grants almost every cluster operation (settings, snapshots, templates, pipelines, ILM, ML, ...). Grant the narrower manage_* or monitor privileges the role needs.`, W);
    } else if (p === 'manage_security' || (isRawAction('cluster', p) && rawCovers(p, 'cluster:admin/xpack/security/'))) {
      ctx.sink.add(Codes.broadClusterPrivilege, t.node(c), `${shown} can create users and roles, so a holder can grant itself any privilege: treat it as superuser. Prefer read_security, manage_own_api_key or global role privileges.`, W);
    } else if ((p === 'manage_api_key' || p === 'grant_api_key') && !(admin ??= hasAll || names.includes('manage_security') || /admin|superuser|security/i.test(roleName))) {
      const what = p === 'manage_api_key' ? 'manages the API keys of every user (create, invalidate, query)' : 'creates API keys on behalf of other users';
      ctx.sink.add(Codes.broadClusterPrivilege, t.node(c), `${shown} ${what}; it belongs on admin roles. For a user's own keys use \`manage_own_api_key\`.`, I);
    }
  }
  checkRedundant(ctx.sink, ctx.text, t, 'cluster', cluster);
}

const WRITE_LIKE = new Set(['all', 'write', 'delete', 'delete_index', 'manage']);

/** Whether a names pattern reaches every index: `*`, `*:*` (every index of every remote), `/.*\/`. */
function matchesEveryIndex(pattern: string): boolean {
  if (matchesEverything(pattern)) return true;
  const colon = pattern.indexOf(':');
  return colon > 0 && !pattern.startsWith('/') && matchesEverything(pattern.slice(0, colon)) && matchesEverything(pattern.slice(colon + 1));
}

function checkIndexEntry(ctx: Ctx, entry: number, remote: boolean): void {
  const t = ctx.tree;
  const privileges = t.get(entry, 'privileges');
  const privs = t.stringNodes(privileges);
  const writes: string[] = [];
  for (const c of privs) {
    const raw = t.str(c);
    const p = t.lower(c);
    if (WRITE_LIKE.has(p) || (isRawAction('index', p) && (rawCovers(p, 'indices:data/write/') || rawCovers(p, 'indices:admin/delete')))) writes.push(raw);
  }
  if (writes.length > 0) {
    const everywhere = t.stringNodes(t.get(entry, 'names')).find((c) => matchesEveryIndex(t.str(c)));
    if (everywhere !== undefined) {
      const value = t.str(everywhere);
      const where = remote
        ? 'every index of the remote clusters listed'
        : matchesEverything(value)
          ? 'every index, present and future'
          : 'every index of every remote cluster';
      ctx.sink.add(
        Codes.wildcardIndexWrite,
        t.node(everywhere),
        `\`${value}\` matches ${where}, and this entry grants ${list(writes)}: a mistake or a stolen credential can change or delete any data. Name the indices or patterns the role needs.`,
        W,
      );
    }
  }
  const restricted = t.property(entry, 'allow_restricted_indices');
  if (restricted >= 0 && t.kind(t.propertyValue(restricted)) === Kind.True) {
    ctx.sink.add(
      Codes.restrictedIndicesAccess,
      t.node(restricted + 1),
      '`allow_restricted_indices: true` lets `names` reach restricted system indices such as `.security-7` (credentials, roles, API keys). Elasticsearch reserves this for internal system roles.',
      W,
    );
  }
  checkFieldSecurity(ctx, entry);
  if (t.kind(privileges) === Kind.Array) {
    checkRedundant(ctx.sink, ctx.text, t, 'index', privileges);
    if (onlyNone(t, privileges, privs)) {
      ctx.sink.add(Codes.emptyGrant, t.node(privileges), 'This entry grants nothing: its only privilege is `none`. Remove the entry or grant what it is for.', I);
    }
  }
}

function checkFieldSecurity(ctx: Ctx, entry: number): void {
  const t = ctx.tree;
  const prop = t.property(entry, 'field_security');
  const fs = prop >= 0 ? t.propertyValue(prop) : -1;
  if (t.kind(fs) !== Kind.Object) return;
  const grantsAll = t.stringNodes(t.get(fs, 'grant')).some((c) => t.str(c) === '*');
  const except = t.get(fs, 'except');
  const exceptEmpty = except < 0 || (t.kind(except) === Kind.Array && t.first(except) < 0);
  if (grantsAll && exceptEmpty) {
    ctx.sink.add(
      Codes.flsGrantAll,
      t.node(prop + 1),
      '`grant: ["*"]` without `except` hides no field: this field-level security does nothing. Remove it, or list the fields to hide in `except`.',
      I,
    );
  }
}

/** Whether a privilege-bearing field of role `o` certainly grants nothing (absent, empty, only `none`). */
function grantsNothing(t: Tree, o: number): boolean {
  for (let p = t.first(o); p >= 0; p = t.next(p)) {
    const name = t.propertyName(p);
    const value = t.propertyValue(p);
    if (name === undefined || value < 0) continue;
    const kind = t.kind(value);
    switch (name) {
      case 'cluster':
        if (kind !== Kind.Array) return false;
        if (t.first(value) >= 0 && !onlyNone(t, value, t.stringNodes(value))) return false;
        break;
      case 'indices':
      case 'index':
      case 'remote_indices':
        if (kind !== Kind.Array) return false;
        for (let entry = t.first(value); entry >= 0; entry = t.next(entry)) {
          const privs = t.get(entry, 'privileges');
          if (t.kind(privs) !== Kind.Array || !onlyNone(t, privs, t.stringNodes(privs))) return false;
        }
        break;
      case 'applications':
      case 'application':
      case 'run_as':
      case 'remote_cluster':
        if (kind !== Kind.Array || t.first(value) >= 0) return false;
        break;
      case 'global':
        if (kind !== Kind.Object || t.first(value) >= 0) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

function checkEmptyRole(ctx: Ctx, name: string, o: number, key: number): void {
  const t = ctx.tree;
  if (grantsNothing(t, o)) {
    ctx.sink.add(
      Codes.emptyGrant,
      key >= 0 ? t.node(key) : ctx.sink.rangeAt(t.offsets[o], 1),
      `\`${name}\` grants nothing: no cluster, index, application or run_as privilege (\`none\` grants nothing). If that is intended, say so in its description.`,
      I,
    );
    return;
  }
  const cluster = t.get(o, 'cluster');
  if (t.kind(cluster) === Kind.Array && onlyNone(t, cluster, t.stringNodes(cluster))) {
    ctx.sink.add(Codes.emptyGrant, t.node(cluster), '`cluster: ["none"]` grants nothing: remove the field.', I);
  }
}

function checkApiKeyRestricted(ctx: Ctx, body: Node, anchor: Node | undefined): void {
  const prop = properties(body).find((p) => p.name === 'role_descriptors');
  const empty = prop?.value?.type === 'object' && properties(prop.value).length === 0;
  if (prop && !empty) return;
  const where = prop?.key ?? anchor ?? properties(body).find((p) => p.name === 'name')?.key ?? ctx.sink.rangeAt(body.offset, 1);
  const what = prop ? 'With empty `role_descriptors`' : 'Without `role_descriptors`';
  ctx.sink.add(
    Codes.apiKeyUnrestricted,
    where,
    `${what}, this API key gets a point-in-time snapshot of all of its owner's privileges. Add role descriptors limiting it to what it is for.`,
    W,
  );
}
