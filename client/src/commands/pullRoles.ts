import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { getRoles } from '../cluster';
import { activeClusterClient, withCancellableProgress } from '../clusters/commandSupport';
import { pullTargets, safeBaseName, validateFileBaseName, type PullFile } from '../clusters/pullModel';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices, type ClusterServices } from '../clusters/services';
import { formatRolesFile, isReservedRole, pullRoles as fetchPulledRoles, writeFileAtomic, FileExistsError, type RolesFileShape } from '../ops';
import type { CommandFactory } from './types';

const WHAT = 'Pull Roles';
const TITLE = `Elasticsearch Roles: ${WHAT}`;
const TYPE_NAMES = '\u0000type';

/**
 * elasticsearchRoles.pullRoles: reads roles from the active cluster (picked from its non-reserved
 * roles, or typed names) and writes them as role files in a chosen folder and shape. An existing
 * file is never overwritten without asking (Overwrite / Skip per file).
 */
export const pullRoles: CommandFactory = (ctx) => async () => {
  const services = clusterServices(ctx);
  let clusterName: string | undefined;
  try {
    const target = await activeClusterClient(services);
    if (!target) return;
    const { client, profile } = target;
    clusterName = profile.name;
    const all = await withCancellableProgress(`Reading the roles of "${profile.name}"…`, (_p, signal) => getRoles(client, undefined, { signal }));
    const names = await pickNames(Object.keys(all).filter((n) => !isReservedRole(all[n] as Record<string, unknown>)).sort(), profile.name);
    if (!names) return;
    const roles = await withCancellableProgress(`Reading ${names.length} role${names.length === 1 ? '' : 's'} from "${profile.name}"…`, (_p, signal) =>
      fetchPulledRoles(client, names, { signal }),
    );
    const missing = names.filter((n) => !Object.hasOwn(roles, n));
    if (missing.length) services.log.warn(`${WHAT}: not on "${profile.name}": ${missing.join(', ')}.`);
    if (Object.keys(roles).length === 0) {
      void vscode.window.showWarningMessage(`${WHAT}: none of the roles exists on "${profile.name}": ${missing.join(', ')}.`);
      return;
    }
    const shape = await pickShape(Object.keys(roles).length);
    if (!shape) return;
    const folder = await pickFolder();
    if (!folder) return;
    let fileName = '';
    if (shape !== 'role') {
      const input = await vscode.window.showInputBox({
        title: TITLE,
        prompt: `File name in ${basename(folder.fsPath)} (".roles.json" is added unless it ends in .json)`,
        value: safeBaseName(profile.name),
        validateInput: validateFileBaseName,
      });
      if (input === undefined) return;
      fileName = input.trim();
    }
    const { files, problems } = pullTargets(roles, shape, folder.fsPath, fileName);
    for (const p of problems) services.log.warn(`${WHAT}: ${p}`);
    if (problems.length) void vscode.window.showWarningMessage(`${WHAT}: ${problems.length} role${problems.length === 1 ? '' : 's'} not written as single-role files (see the log): ${problems[0]}`);
    const written = await writeFiles(services, files);
    if (written === undefined) return;
    const count = written.reduce((n, f) => n + Object.keys(f.roles).length, 0);
    services.log.info(`${WHAT}: ${count} role${count === 1 ? '' : 's'} from "${profile.name}" written to ${written.map((f) => f.path).join(', ') || 'no file'}.`);
    if (written.length === 0) return;
    await vscode.window.showTextDocument(vscode.Uri.file(written[0].path), { preview: written.length > 1 });
    void vscode.window.showInformationMessage(
      `Pulled ${count} role${count === 1 ? '' : 's'} from "${profile.name}" into ${written.length === 1 ? basename(written[0].path) : `${written.length} files`}${missing.length ? ` (${missing.length} not found)` : ''}.`,
    );
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName);
  }
};

async function pickNames(available: string[], clusterName: string): Promise<string[] | undefined> {
  let picked: string[] = [];
  let typed = available.length === 0;
  if (!typed) {
    const items = [
      { label: '$(edit) Enter role names…', description: 'e.g. built-in roles, or names not listed', name: TYPE_NAMES },
      ...available.map((name) => ({ label: name, name })),
    ];
    const selection = await vscode.window.showQuickPick(items, {
      title: TITLE,
      placeHolder: `Roles of "${clusterName}" to pull (built-in roles are not listed)`,
      canPickMany: true,
      ignoreFocusOut: true,
    });
    if (!selection) return undefined;
    picked = selection.filter((s) => s.name !== TYPE_NAMES).map((s) => s.name);
    typed = selection.some((s) => s.name === TYPE_NAMES);
    if (!typed && picked.length === 0) return undefined;
  }
  if (typed) {
    const input = await vscode.window.showInputBox({
      title: TITLE,
      prompt: `Role names on "${clusterName}", separated by commas`,
      ignoreFocusOut: true,
      validateInput: (v) => (v.split(',').some((s) => s.trim()) ? undefined : 'Enter at least one role name.'),
    });
    if (input === undefined) return undefined;
    picked.push(...input.split(',').map((s) => s.trim()).filter(Boolean));
  }
  return [...new Set(picked)];
}

async function pickShape(count: number): Promise<RolesFileShape | undefined> {
  const items: { label: string; description: string; shape: RolesFileShape }[] = [
    { label: count === 1 ? 'Single-role file' : 'One file per role', description: '<role>.role.json: the role body; the file name is the role name', shape: 'role' },
    { label: 'Roles file', description: '{"<role>": {...}, ...} in one file', shape: 'roles' },
    { label: 'Bulk file', description: '{"roles": {...}}: the body of POST _security/role', shape: 'bulk' },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'File format' });
  return picked?.shape;
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const defaultUri = active?.scheme === 'file' ? vscode.Uri.joinPath(active, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: `${TITLE}: target folder`,
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri,
    openLabel: 'Pull Here',
  });
  return picked?.[0];
}

/** Writes the files; asks before replacing any existing one. undefined when the user cancels. */
async function writeFiles(services: ClusterServices, files: readonly PullFile[]): Promise<PullFile[] | undefined> {
  const written: PullFile[] = [];
  for (const file of files) {
    const text = formatRolesFile(file.roles, file.shape);
    let overwrite = false;
    if (existsSync(file.path)) {
      const choice = await askOverwrite(file.path);
      if (choice === undefined) return written.length ? written : undefined;
      if (choice === 'skip') {
        services.log.info(`${WHAT}: kept the existing ${file.path}.`);
        continue;
      }
      overwrite = true;
    }
    try {
      // Exclusive unless the user chose to overwrite: a file created meanwhile is never clobbered.
      await writeFileAtomic(file.path, text, { exclusive: !overwrite });
    } catch (err) {
      if (!(err instanceof FileExistsError)) throw err;
      const choice = await askOverwrite(file.path);
      if (choice === undefined) return written.length ? written : undefined;
      if (choice === 'skip') continue;
      await writeFileAtomic(file.path, text);
    }
    written.push(file);
  }
  return written;
}

async function askOverwrite(path: string): Promise<'overwrite' | 'skip' | undefined> {
  const choice = await vscode.window.showWarningMessage(`${basename(path)} already exists. Overwrite it?`, { modal: true, detail: path }, 'Overwrite', 'Skip');
  return choice === 'Overwrite' ? 'overwrite' : choice === 'Skip' ? 'skip' : undefined;
}

