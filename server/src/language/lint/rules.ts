/**
 * The security lint rules, run over the role descriptors of a parsed document (a role, a roles
 * map, a bulk body, API-key role descriptors). Each descriptor is visited once and each rule looks
 * only at that descriptor, so the cost is linear in the document.
 */
import type { Node } from 'jsonc-parser';
import { isRawAction } from '../catalog';
import { Codes, DiagnosticSeverity, type DiagnosticSink } from '../diagnostics';
import { getProperty, properties, type RoleDocument } from '../document';
import { childCount, stringNode, stringValues } from '../compactNodes';
import { matchesEverything } from '../model/patterns';
import { descriptorNodes } from '../model/roles';
import { isPattern } from '../model/syntax';
import { checkRedundant } from './redundant';

const W = DiagnosticSeverity.Warning;
const I = DiagnosticSeverity.Information;

interface Ctx {
  readonly sink: DiagnosticSink;
  readonly text: string;
}

export function runLintRules(doc: RoleDocument, sink: DiagnosticSink): void {
  if (!doc.root || doc.root.type !== 'object') return;
  const ctx: Ctx = { sink, text: doc.text };
  for (const d of descriptorNodes(doc)) {
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

const lower = (s: string) => s.toLowerCase();
/** Whether every element of an array is a string and every one is `none` (an empty array is not). */
const onlyNone = (node: Node, values: readonly string[]) =>
  values.length > 0 && values.length === childCount(node) && values.every((p) => lower(p) === 'none');
const list = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(', ');

/** A raw action privilege `X` grants `X*`: does that reach every action starting with `prefix`? */
function rawCovers(name: string, prefix: string): boolean {
  const stem = name.replace(/\*+$/, '');
  return !/[*?]/.test(stem) && !stem.startsWith('/') && prefix.startsWith(stem);
}

function lintDescriptor(ctx: Ctx, name: string, node: Node, key: Node | undefined): void {
  const cluster = getProperty(node, 'cluster');
  checkCluster(ctx, name, cluster);
  const runAs = getProperty(node, 'run_as');
  const users = stringValues(runAs);
  for (let i = 0; i < users.length; i++) {
    if (isPattern(users[i])) {
      ctx.sink.add(
        Codes.runAsWildcard,
        stringNode(runAs!, i),
        `run_as \`${users[i]}\` lets this role submit requests as any matching user, administrators included, with their privileges. List the users it must act as.`,
        W,
      );
    }
  }
  const indices = getProperty(node, 'indices') ?? getProperty(node, 'index');
  for (const entry of objects(indices)) checkIndexEntry(ctx, entry, false);
  for (const entry of objects(getProperty(node, 'remote_indices'))) checkIndexEntry(ctx, entry, true);
  for (const entry of objects(getProperty(node, 'remote_cluster'))) {
    const privileges = getProperty(entry, 'privileges');
    if (privileges?.type === 'array') checkRedundant(ctx.sink, ctx.text, 'remote_cluster', privileges);
  }
  checkEmptyRole(ctx, name, node, key);
}

const objects = (node: Node | undefined): Node[] => (node?.type === 'array' ? (node.children ?? []).filter((c) => c.type === 'object') : []);

function checkCluster(ctx: Ctx, roleName: string, cluster: Node | undefined): void {
  if (cluster?.type !== 'array') return;
  const values = stringValues(cluster);
  const names = new Set(values.map(lower));
  const admin = /admin|superuser|security/i.test(roleName) || names.has('all') || names.has('manage_security');
  for (let i = 0; i < values.length; i++) {
    const p = lower(values[i]);
    const shown = `\`${values[i]}\``;
    const el = () => stringNode(cluster, i);
    if (p === 'all') {
      ctx.sink.add(Codes.broadClusterPrivilege, el(), `${shown} grants every cluster operation, security included (users, roles, API keys): superuser-level access. Grant the specific privileges the role needs.`, W);
    } else if (p === 'manage' && !names.has('all')) {
      ctx.sink.add(Codes.broadClusterPrivilege, el(), `${shown} grants almost every cluster operation (settings, snapshots, templates, pipelines, ILM, ML, ...). Grant the narrower manage_* or monitor privileges the role needs.`, W);
    } else if (p === 'manage_security' || (isRawAction('cluster', p) && rawCovers(p, 'cluster:admin/xpack/security/'))) {
      ctx.sink.add(Codes.broadClusterPrivilege, el(), `${shown} can create users and roles, so a holder can grant itself any privilege: treat it as superuser. Prefer read_security, manage_own_api_key or global role privileges.`, W);
    } else if ((p === 'manage_api_key' || p === 'grant_api_key') && !admin) {
      const what = p === 'manage_api_key' ? 'manages the API keys of every user (create, invalidate, query)' : 'creates API keys on behalf of other users';
      ctx.sink.add(Codes.broadClusterPrivilege, el(), `${shown} ${what}; it belongs on admin roles. For a user's own keys use \`manage_own_api_key\`.`, I);
    }
  }
  checkRedundant(ctx.sink, ctx.text, 'cluster', cluster);
}

const WRITE_LIKE = new Set(['all', 'write', 'delete', 'delete_index', 'manage']);

/** Whether a names pattern reaches every index: `*`, `*:*` (every index of every remote), `/.*\/`. */
function matchesEveryIndex(pattern: string): boolean {
  if (matchesEverything(pattern)) return true;
  const colon = pattern.indexOf(':');
  return colon > 0 && !pattern.startsWith('/') && matchesEverything(pattern.slice(0, colon)) && matchesEverything(pattern.slice(colon + 1));
}

function checkIndexEntry(ctx: Ctx, entry: Node, remote: boolean): void {
  const privileges = getProperty(entry, 'privileges');
  const privs = stringValues(privileges);
  const writes = privs.filter((raw) => {
    const p = lower(raw);
    return WRITE_LIKE.has(p) || (isRawAction('index', p) && (rawCovers(p, 'indices:data/write/') || rawCovers(p, 'indices:admin/delete')));
  });
  const namesNode = getProperty(entry, 'names');
  const names = writes.length > 0 ? stringValues(namesNode) : [];
  const everywhere = names.findIndex(matchesEveryIndex);
  if (everywhere >= 0) {
    const value = names[everywhere];
    const where = remote
      ? 'every index of the remote clusters listed'
      : matchesEverything(value)
        ? 'every index, present and future'
        : 'every index of every remote cluster';
    ctx.sink.add(
      Codes.wildcardIndexWrite,
      stringNode(namesNode!, everywhere),
      `\`${value}\` matches ${where}, and this entry grants ${list(writes)}: a mistake or a stolen credential can change or delete any data. Name the indices or patterns the role needs.`,
      W,
    );
  }
  const restricted = properties(entry).find((p) => p.name === 'allow_restricted_indices');
  if (restricted?.value?.type === 'boolean' && restricted.value.value === true) {
    ctx.sink.add(
      Codes.restrictedIndicesAccess,
      restricted.key,
      '`allow_restricted_indices: true` lets `names` reach restricted system indices such as `.security-7` (credentials, roles, API keys). Elasticsearch reserves this for internal system roles.',
      W,
    );
  }
  checkFieldSecurity(ctx, entry);
  if (privileges?.type === 'array') {
    checkRedundant(ctx.sink, ctx.text, 'index', privileges);
    if (onlyNone(privileges, privs)) {
      ctx.sink.add(Codes.emptyGrant, privileges, 'This entry grants nothing: its only privilege is `none`. Remove the entry or grant what it is for.', I);
    }
  }
}

function checkFieldSecurity(ctx: Ctx, entry: Node): void {
  const prop = properties(entry).find((p) => p.name === 'field_security');
  const fs = prop?.value;
  if (!prop || fs?.type !== 'object') return;
  const grant = getProperty(fs, 'grant');
  const except = getProperty(fs, 'except');
  const grantsAll = stringValues(grant).includes('*');
  const exceptEmpty = !except || (except.type === 'array' && childCount(except) === 0);
  if (grantsAll && exceptEmpty) {
    ctx.sink.add(
      Codes.flsGrantAll,
      prop.key,
      '`grant: ["*"]` without `except` hides no field: this field-level security does nothing. Remove it, or list the fields to hide in `except`.',
      I,
    );
  }
}

/** Whether a privilege-bearing field certainly grants nothing (absent, empty, only `none`). */
function grantsNothing(node: Node): boolean {
  for (const { name, value } of properties(node)) {
    if (!value) continue;
    switch (name) {
      case 'cluster':
        if (value.type !== 'array') return false;
        if (childCount(value) > 0 && !onlyNone(value, stringValues(value))) return false;
        break;
      case 'indices':
      case 'index':
      case 'remote_indices':
        if (value.type !== 'array') return false;
        for (const entry of value.children ?? []) {
          const privs = getProperty(entry, 'privileges');
          if (privs?.type !== 'array' || !onlyNone(privs, stringValues(privs))) return false;
        }
        break;
      case 'applications':
      case 'application':
      case 'run_as':
      case 'remote_cluster':
        if (value.type !== 'array' || childCount(value) > 0) return false;
        break;
      case 'global':
        if (value.type !== 'object' || properties(value).length > 0) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

function checkEmptyRole(ctx: Ctx, name: string, node: Node, key: Node | undefined): void {
  if (grantsNothing(node)) {
    ctx.sink.add(
      Codes.emptyGrant,
      key ?? ctx.sink.rangeAt(node.offset, 1),
      `\`${name}\` grants nothing: no cluster, index, application or run_as privilege (\`none\` grants nothing). If that is intended, say so in its description.`,
      I,
    );
    return;
  }
  const cluster = getProperty(node, 'cluster');
  if (cluster?.type === 'array' && onlyNone(cluster, stringValues(cluster))) {
    ctx.sink.add(Codes.emptyGrant, cluster, '`cluster: ["none"]` grants nothing: remove the field.', I);
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
