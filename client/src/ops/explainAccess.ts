/**
 * The editor's Explain Access and Compare Roles: the offline model (server/src/language/model) on
 * the text of role files, with the CLI's report texts. No `vscode` import (unit-tested).
 */
import { diffText } from '../../../server/src/cli/diff';
import { explainText } from '../../../server/src/cli/explain';
import { diffRoles, evaluate, pickRoles, rolesFromText, type PrivilegesAnswer, type PrivilegesRequest, type RoleSet } from '../../../server/src/language/model';

export class ExplainError extends Error {
  override readonly name = 'ExplainError';
}

/** The roles of a file's text; `roles` empty = every role. */
export function loadRoles(text: string, uri: string, fileName: string, roles: readonly string[] = []): RoleSet {
  const loaded = rolesFromText(text, uri);
  if (!loaded.ok) throw new ExplainError(`${fileName}: ${loaded.reason}`);
  if (loaded.set.unrestrictedApiKey) {
    throw new ExplainError(`${fileName}: the API key has no role_descriptors, so it gets its owner's privileges, which are not in the file`);
  }
  const { set, missing } = pickRoles(loaded.set, roles);
  if (missing.length) throw new ExplainError(`${fileName}: no role ${missing.map((m) => `'${m}'`).join(', ')}`);
  if (set.roles.length === 0) throw new ExplainError(`${fileName} holds no roles`);
  return set;
}

/** Comma- or space-separated names ("logs-2024, metrics-*"), without empties and repeats. */
export function splitNames(input: string): string[] {
  return [...new Set(input.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean))];
}

export type ExplainQuestion =
  | { readonly kind: 'index'; readonly names: readonly string[]; readonly privileges: readonly string[] }
  | { readonly kind: 'cluster'; readonly privileges: readonly string[] }
  | { readonly kind: 'action'; readonly action: string; readonly names?: readonly string[] };

/** The has_privileges-shaped request (with the model's action extension) for a question. */
export function explainRequest(q: ExplainQuestion): PrivilegesRequest {
  switch (q.kind) {
    case 'index':
      if (q.names.length === 0) throw new ExplainError('name at least one index or pattern');
      if (q.privileges.length === 0) throw new ExplainError('pick at least one index privilege');
      return { index: [{ names: [...q.names], privileges: [...q.privileges] }] };
    case 'cluster':
      if (q.privileges.length === 0) throw new ExplainError('pick at least one cluster privilege');
      return { cluster: [...q.privileges] };
    case 'action':
      if (q.action.startsWith('cluster:')) return { cluster_actions: [q.action] };
      if (q.action.startsWith('indices:')) {
        if (!q.names?.length) throw new ExplainError(`${q.action} is an index action: name at least one index`);
        return { index: [{ names: [...q.names], actions: [q.action] }] };
      }
      throw new ExplainError(`'${q.action}' is not an action name (they start with cluster: or indices:)`);
  }
}

export interface ExplainResult {
  readonly answer: PrivilegesAnswer;
  readonly report: string;
  /** One line for a notification: what is granted and by which entry, or what is not. */
  readonly summary: string;
}

export function explainAccess(set: RoleSet, fileName: string, q: ExplainQuestion): ExplainResult {
  const answer = evaluate(set.roles, explainRequest(q));
  if (set.kind === 'api_key') answer.notes.unshift("API-key role descriptors: the key is also limited by its owner's privileges, so this is an upper bound");
  const rows: Array<{ what: string; granted: boolean; by: string[] }> = [];
  for (const [p, v] of Object.entries(answer.cluster)) rows.push({ what: p, granted: v, by: (answer.granted_by.cluster[p] ?? []).map((g) => `${g.role} ${g.path}`) });
  for (const [name, privs] of Object.entries(answer.index)) {
    for (const [p, v] of Object.entries(privs)) rows.push({ what: `${p} on ${name}`, granted: v, by: (answer.granted_by.index[name]?.[p] ?? []).map((g) => `${g.role} ${g.path}`) });
  }
  const summary = rows
    .map((r) => (r.granted ? `${r.what}: granted${r.by.length ? ` by ${r.by.join(', ')}` : ''}` : `${r.what}: not granted`))
    .join('; ');
  return { answer, report: explainText(fileName, set, answer), summary };
}

export function compareRoles(a: { set: RoleSet; file: string }, b: { set: RoleSet; file: string }): { report: string; added: number; removed: number } {
  const diff = diffRoles(a.set.roles, b.set.roles);
  return { report: diffText(a.file, a.set, b.file, b.set, diff.added, diff.removed), added: diff.added.length, removed: diff.removed.length };
}
