import * as vscode from 'vscode';
import { activeClusterClient, displayPath, readRoleFile, targetUri, type FileTarget } from '../clusters/commandSupport';
import { runPushFlow } from '../clusters/pushFlow';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices, type ClusterServices } from '../clusters/services';
import type { RoleBody } from '../roles/extract';
import { CommandIds } from './ids';
import type { CommandFactory } from './types';

const WHAT = 'Push Roles';
const ROLE_SHAPES = new Set(['role', 'roles', 'bulk']);

/**
 * elasticsearchRoles.pushRoles: pushes the roles of the active file (one role, a roles map or a bulk
 * body), of one role (CodeLens), or of every role file in a folder / explorer selection. Files with
 * errors are refused unless "Push Anyway"; then plan, diffs, modal confirmation, backup, write.
 * Arguments: (uri?, roleName? | uri[]?).
 */
export const pushRoles: CommandFactory = (ctx) => async (uriArg?: unknown, second?: unknown) => {
  const services = clusterServices(ctx);
  const rerun = () => vscode.commands.executeCommand(CommandIds.pushRoles, uriArg, second);
  let clusterName: string | undefined;
  try {
    const uris = Array.isArray(second) && second.every((u) => u instanceof vscode.Uri) && second.length > 1 ? (second as vscode.Uri[]) : [targetUri(uriArg)].filter((u): u is vscode.Uri => !!u);
    if (uris.length === 0) {
      void vscode.window.showErrorMessage(`${WHAT}: open a role file, or right-click a folder of role files in the Explorer.`);
      return;
    }
    const roleName = typeof second === 'string' ? second : undefined;
    const files = await collectFiles(services, uris);
    if (!files) return;
    const source = uris.length === 1 ? displayPath(uris[0]) : `${uris.length} selected items`;
    const roles = await rolesToPush(services, files, roleName, source);
    if (!roles) return;
    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    await runPushFlow(services, { ...target, roles, source, what: WHAT });
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName, { retry: rerun });
  }
};

/** The role files behind the URIs (folders searched recursively); undefined after telling the user why not. */
async function collectFiles(services: ClusterServices, uris: readonly vscode.Uri[]): Promise<FileTarget[] | undefined> {
  const fileUris: vscode.Uri[] = [];
  let fromFolder = false;
  for (const uri of uris) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      fromFolder = true;
      const found = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/*.{json,jsonc}'), '**/{node_modules,.git}/**');
      fileUris.push(...found.sort((a, b) => a.fsPath.localeCompare(b.fsPath)));
    } else fileUris.push(uri);
  }
  const files: FileTarget[] = [];
  for (const uri of fileUris) {
    const file = await readRoleFile(services, uri);
    // In a folder, JSON that is not a role file is skipped; a file chosen on purpose must be one.
    if (ROLE_SHAPES.has(file.content.shape)) files.push(file);
    else if (file.content.syntaxError && !fromFolder) {
      void vscode.window.showErrorMessage(`${WHAT}: ${displayPath(uri)} is not valid JSON (${file.content.syntaxError}); nothing was pushed.`);
      return undefined;
    } else if (!fromFolder) {
      void vscode.window.showErrorMessage(`${WHAT}: ${displayPath(uri)} is not a role file (it is ${describeShape(file.content.shape)}); nothing was pushed.`);
      return undefined;
    } else if (file.content.syntaxError) services.log.warn(`${WHAT}: skipped ${displayPath(uri)}: not valid JSON (${file.content.syntaxError}).`);
  }
  if (files.length === 0) {
    void vscode.window.showErrorMessage(`${WHAT}: no role files found in ${uris.map(displayPath).join(', ')}.`);
    return undefined;
  }
  return files;
}

function describeShape(shape: string): string {
  switch (shape) {
    case 'api_key_create':
    case 'api_key_grant':
      return 'an API-key file: use Create API Key or Send';
    case 'has_privileges':
      return 'a has_privileges file: use Check Privileges';
    default:
      return 'not recognised as roles';
  }
}

/**
 * The roles to push. Refuses duplicate names across files; files with errors need "Push Anyway".
 * undefined when the user backs out or nothing can be pushed.
 */
async function rolesToPush(services: ClusterServices, files: readonly FileTarget[], roleName: string | undefined, source: string): Promise<Record<string, RoleBody> | undefined> {
  const roles: Record<string, RoleBody> = {};
  const origin = new Map<string, string>();
  const duplicates: string[] = [];
  for (const f of files) {
    for (const [name, body] of Object.entries(f.content.roles)) {
      const where = displayPath(f.uri);
      if (origin.has(name)) duplicates.push(`"${name}" (${origin.get(name)} and ${where})`);
      else origin.set(name, where);
      roles[name] = body;
    }
  }
  if (duplicates.length) {
    void vscode.window.showErrorMessage(`${WHAT}: roles defined more than once: ${duplicates.slice(0, 5).join(', ')}${duplicates.length > 5 ? ', …' : ''}. Nothing was pushed.`);
    return undefined;
  }
  let selected = roles;
  if (roleName !== undefined) {
    if (!Object.hasOwn(roles, roleName)) {
      void vscode.window.showErrorMessage(`${WHAT}: no role named "${roleName}" in ${source} (was the file changed?).`);
      return undefined;
    }
    selected = { [roleName]: roles[roleName] };
  }
  if (Object.keys(selected).length === 0) {
    void vscode.window.showErrorMessage(`${WHAT}: ${source} holds no roles.`);
    return undefined;
  }
  const withErrors = files.filter((f) => f.info?.hasErrors && (roleName === undefined || Object.hasOwn(f.content.roles, roleName)));
  if (withErrors.length) {
    const names = withErrors.map((f) => displayPath(f.uri));
    const choice = await vscode.window.showWarningMessage(
      withErrors.length === 1 ? `${names[0]} has errors. Push anyway?` : `${withErrors.length} files have errors. Push anyway?`,
      { modal: true, detail: `${names.slice(0, 10).join('\n')}${names.length > 10 ? '\n…' : ''}\n\nThe cluster may reject these roles, or accept privileges that do not do what you expect. See the Problems view.` },
      'Push Anyway',
      'Show Problems',
    );
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice !== 'Push Anyway') return undefined;
    services.log.warn(`${WHAT}: pushing despite errors in ${names.join(', ')}.`);
  }
  return selected;
}
