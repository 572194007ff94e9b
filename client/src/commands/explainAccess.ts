import { basename } from 'node:path';
import * as vscode from 'vscode';
import { bundledCatalog } from '../../../server/src/language/catalog';
import { targetUri } from '../clusters/commandSupport';
import { compareRoles, explainAccess, loadRoles, splitNames, type ExplainQuestion } from '../ops/explainAccess';
import { ReportView } from '../ui/reportView';
import type { CommandFactory } from './types';

const ALL_ROLES = '\u0000all';
let reports: ReportView | undefined;

function reportView(ctx: { readonly extension: vscode.ExtensionContext }): ReportView {
  if (!reports) {
    reports = new ReportView();
    ctx.extension.subscriptions.push(reports);
  }
  return reports;
}

const fileNameOf = (uri: vscode.Uri) => basename(uri.fsPath || uri.path);

/** Every role of the file, or one picked; undefined when cancelled. */
async function pickRoleNames(title: string, uri: vscode.Uri, text: string, prompt: string): Promise<string[] | undefined> {
  const all = loadRoles(text, uri.toString(), fileNameOf(uri)).roles.map((r) => r.name);
  if (all.length <= 1) return [];
  const picked = await vscode.window.showQuickPick(
    [{ label: 'All roles in the file', description: 'a user holding every one of them', value: ALL_ROLES }, ...all.map((n) => ({ label: n, value: n }))],
    { title, placeHolder: prompt },
  );
  if (!picked) return undefined;
  return picked.value === ALL_ROLES ? [] : [picked.value];
}

async function askQuestion(title: string): Promise<ExplainQuestion | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'Index privileges', description: 'e.g. write on logs-2024', value: 'index' as const },
      { label: 'Cluster privileges', description: 'e.g. monitor', value: 'cluster' as const },
      { label: 'An action', description: 'e.g. indices:data/write/bulk, cluster:monitor/health', value: 'action' as const },
    ],
    { title, placeHolder: 'What to check' },
  );
  if (!kind) return undefined;
  const catalog = bundledCatalog();
  const askNames = () =>
    vscode.window.showInputBox({
      title,
      prompt: 'Index names or patterns, separated by commas (logs-2024, metrics-*)',
      validateInput: (v) => (splitNames(v).length ? undefined : 'Name at least one index or pattern.'),
    });
  if (kind.value === 'index') {
    const names = await askNames();
    if (names === undefined) return undefined;
    const privileges = await vscode.window.showQuickPick(catalog.names('index').map((p) => ({ label: p })), { title, placeHolder: 'Index privileges to check', canPickMany: true });
    if (!privileges?.length) return undefined;
    return { kind: 'index', names: splitNames(names), privileges: privileges.map((p) => p.label) };
  }
  if (kind.value === 'cluster') {
    const privileges = await vscode.window.showQuickPick(catalog.names('cluster').map((p) => ({ label: p })), { title, placeHolder: 'Cluster privileges to check', canPickMany: true });
    if (!privileges?.length) return undefined;
    return { kind: 'cluster', privileges: privileges.map((p) => p.label) };
  }
  const action = await vscode.window.showInputBox({
    title,
    prompt: 'Action name (cluster:... or indices:...)',
    validateInput: (v) => (/^(cluster|indices):\S+$/.test(v.trim()) ? undefined : 'An action name starts with cluster: or indices:'),
  });
  if (action === undefined) return undefined;
  if (!action.trim().startsWith('indices:')) return { kind: 'action', action: action.trim() };
  const names = await askNames();
  if (names === undefined) return undefined;
  return { kind: 'action', action: action.trim(), names: splitNames(names) };
}

/**
 * elasticsearchRoles.explainAccess: "does this role allow X?" answered offline by the privilege
 * model, with the entry that grants it — the editor's `es-roles explain`. No cluster needed.
 */
export const explainAccessCommand: CommandFactory = (ctx) => async (uriArg?: unknown) => {
  const title = 'Elasticsearch Roles: Explain Access';
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage('Explain Access: open a role file first.');
    return;
  }
  try {
    const text = (await vscode.workspace.openTextDocument(uri)).getText();
    const roles = await pickRoleNames(title, uri, text, 'Which roles to explain');
    if (!roles) return;
    const set = loadRoles(text, uri.toString(), fileNameOf(uri), roles);
    const question = await askQuestion(title);
    if (!question) return;
    const result = explainAccess(set, fileNameOf(uri), question);
    await reportView(ctx).show(`${set.roles.length === 1 ? set.roles[0].name : basename(fileNameOf(uri), '.json')} access.txt`, result.report);
    void vscode.window.showInformationMessage(`Explain Access: ${result.summary}`);
  } catch (err) {
    void vscode.window.showErrorMessage(`Explain Access: ${err instanceof Error ? err.message : String(err)}`);
  }
};

/**
 * elasticsearchRoles.compareRoles: what one role (or file) grants that another does not, both ways —
 * the editor's `es-roles diff`. A: the active file; B: another role of it, or another role file.
 */
export const compareRolesCommand: CommandFactory = (ctx) => async (uriArg?: unknown) => {
  const title = 'Elasticsearch Roles: Compare Roles';
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage('Compare Roles: open a role file first.');
    return;
  }
  try {
    const textA = (await vscode.workspace.openTextDocument(uri)).getText();
    const rolesA = await pickRoleNames(title, uri, textA, 'Role A (before)');
    if (!rolesA) return;
    const a = { set: loadRoles(textA, uri.toString(), fileNameOf(uri), rolesA), file: fileNameOf(uri) };
    const files = await vscode.workspace.findFiles('**/*.{role,roles,apikey}.json', '**/node_modules/**', 500);
    const others = files.filter((f) => f.toString() !== uri.toString());
    const inFile = loadRoles(textA, uri.toString(), fileNameOf(uri)).roles.length > 1;
    const pickB = await vscode.window.showQuickPick(
      [
        ...(inFile ? [{ label: 'Another role in this file', description: fileNameOf(uri), uri }] : []),
        ...others.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
        { label: 'Browse…', description: 'any JSON role file', uri: undefined as vscode.Uri | undefined },
      ],
      { title, placeHolder: 'Role B (after): compared with A' },
    );
    if (!pickB) return;
    let uriB = pickB.uri;
    if (!uriB) {
      const chosen = await vscode.window.showOpenDialog({ title, canSelectMany: false, filters: { JSON: ['json', 'jsonc'] } });
      if (!chosen?.[0]) return;
      uriB = chosen[0];
    }
    const textB = (await vscode.workspace.openTextDocument(uriB)).getText();
    const rolesB = await pickRoleNames(title, uriB, textB, 'Role B (after)');
    if (!rolesB) return;
    const b = { set: loadRoles(textB, uriB.toString(), fileNameOf(uriB), rolesB), file: fileNameOf(uriB) };
    const result = compareRoles(a, b);
    await reportView(ctx).show(`compare ${a.set.roles.map((r) => r.name).join('+')} - ${b.set.roles.map((r) => r.name).join('+')}.txt`, result.report);
    void vscode.window.showInformationMessage(
      `Compare Roles: B grants ${result.added} thing${result.added === 1 ? '' : 's'} A does not; A grants ${result.removed} B does not.`,
    );
  } catch (err) {
    void vscode.window.showErrorMessage(`Compare Roles: ${err instanceof Error ? err.message : String(err)}`);
  }
};
