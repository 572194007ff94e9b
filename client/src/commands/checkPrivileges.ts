import { basename } from 'node:path';
import * as vscode from 'vscode';
import { hasPrivileges, type HasPrivilegesRequest } from '../cluster';
import { roleAtLine } from '../clusters/codeLensModel';
import { activeClusterClient, readRoleFile, targetUri, withCancellableProgress, type FileTarget } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import { hasPrivilegesRequest, summarizeHasPrivileges, uncheckableFields } from '../ops';
import type { CommandFactory } from './types';

const WHAT = 'Check Privileges';
const ALL_ROLES = '\u0000all';

/**
 * elasticsearchRoles.checkPrivileges: asks the active cluster (POST _security/user/_has_privileges)
 * whether you — or a user you run as — hold what a role grants (the CodeLens role, the role under
 * the cursor, or a picked one), or what a has_privileges file asks. The answer opens in a table view.
 */
export const checkPrivileges: CommandFactory = (ctx) => async (uriArg?: unknown, roleArg?: unknown) => {
  const services = clusterServices(ctx);
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage(`${WHAT}: open a role file or a has_privileges file first.`);
    return;
  }
  let clusterName: string | undefined;
  try {
    const file = await readRoleFile(services, uri);
    if (file.content.syntaxError) {
      void vscode.window.showErrorMessage(`${WHAT}: ${basename(uri.fsPath)} is not valid JSON (${file.content.syntaxError}).`);
      return;
    }
    const request = await buildRequest(file, typeof roleArg === 'string' ? roleArg : undefined);
    if (!request) return;
    const runAs = await pickRunAs(services.connections.state.username);
    if (runAs === null) return;
    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    const response = await withCancellableProgress(`Checking privileges on "${clusterName}"…`, (_p, signal) =>
      hasPrivileges(target.client, request.body, { runAs, signal }),
    );
    const rows = summarizeHasPrivileges(response);
    const missing = rows.filter((r) => !r.granted);
    services.log.info(
      `${WHAT} on "${clusterName}" for ${request.subject}${runAs ? ` as ${runAs}` : ''}: has_all_requested=${response.has_all_requested}` +
        (missing.length ? `; not granted: ${missing.map((r) => `${r.kind}${r.resource ? ` ${r.application ? `${r.application}/` : ''}${r.resource}` : ''}: ${r.privilege}`).join(', ')}` : ''),
    );
    services.privilegesView.show({
      response,
      clusterName,
      subject: request.subject,
      runAs,
      uncheckable: request.uncheckable,
      time: new Date().toISOString(),
    });
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName, { retry: () => vscode.commands.executeCommand('elasticsearchRoles.checkPrivileges', uriArg, roleArg) });
  }
};

interface PrivilegesCheck {
  readonly body: HasPrivilegesRequest;
  readonly subject: string;
  readonly uncheckable?: string[];
}

async function buildRequest(file: FileTarget, roleArg: string | undefined): Promise<PrivilegesCheck | undefined> {
  const { content, uri } = file;
  const fileName = basename(uri.fsPath || uri.path);
  if (content.shape === 'has_privileges') {
    return { body: (content.body ?? {}) as HasPrivilegesRequest, subject: fileName };
  }
  const names = Object.keys(content.roles);
  if (names.length === 0) {
    void vscode.window.showErrorMessage(`${WHAT}: ${fileName} holds no role and is not a has_privileges file.`);
    return undefined;
  }
  let roleName = roleArg;
  if (roleName === undefined) {
    // From the palette or the editor title: the role under the cursor.
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.uri.toString() === uri.toString()) roleName = roleAtLine(file.info, editor.selection.active.line);
  }
  if (roleName === undefined && names.length === 1) roleName = names[0];
  if (roleName === undefined) {
    const picked = await vscode.window.showQuickPick(
      [{ label: 'All roles in the file', value: ALL_ROLES }, ...names.map((n) => ({ label: n, value: n }))],
      { title: `Elasticsearch Roles: ${WHAT}`, placeHolder: 'Which role to check' },
    );
    if (!picked) return undefined;
    roleName = picked.value;
  }
  const selected = roleName === ALL_ROLES ? undefined : roleName;
  return {
    body: hasPrivilegesRequest(content.roles, selected),
    subject: selected !== undefined ? `role "${selected}" (${fileName})` : `all roles in ${fileName}`,
    uncheckable: uncheckableFields(content.roles, selected),
  };
}

/** undefined = as myself; a user name = run as; null = cancelled. */
async function pickRunAs(myself: string | undefined): Promise<string | undefined | null> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'As myself', description: myself ? `the connected user, ${myself}` : 'the connected user', id: 'me' },
      { label: 'As another user…', description: 'run as (needs the run_as privilege)', id: 'other' },
    ],
    { title: `Elasticsearch Roles: ${WHAT}`, placeHolder: 'Whose privileges to check' },
  );
  if (!picked) return null;
  if (picked.id === 'me') return undefined;
  const user = await vscode.window.showInputBox({
    title: `Elasticsearch Roles: ${WHAT}`,
    prompt: 'User name to run the check as (es-security-runas-user)',
    validateInput: (v) => (v.trim() && !/[\x00-\x1f\x7f]/.test(v) ? undefined : 'Enter a user name.'),
  });
  return user === undefined ? null : user.trim();
}
