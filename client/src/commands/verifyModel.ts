import { basename } from 'node:path';
import * as vscode from 'vscode';
import { activeClusterClient, readRoleFile, targetUri, withCancellableProgress } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import { toRoleDescriptor } from '../ops/apiKeys';
import { verifyModel } from '../ops/verifyModel';
import { formatVerifyReport } from '../ops/verifyModelReport';
import { ReportView } from '../ui/reportView';
import type { RoleDescriptor } from '../cluster';
import { pickRoles, rolesFromText } from '../../../server/src/language/model';
import type { CommandFactory } from './types';

const WHAT = 'Verify Model Against Cluster';
const ALL_ROLES = '\u0000all';

let reports: ReportView | undefined;

/**
 * elasticsearchRoles.verifyModel: the offline privilege model (hover, Explain Access, es-roles
 * explain) against the active cluster's has_privileges, for the roles of a file. A temporary API
 * key holding exactly those roles asks; the key is invalidated afterwards. The comparison opens
 * beside the editor (the same table as `es-roles verify-model`).
 */
export const verifyModelCommand: CommandFactory = (ctx) => async (uriArg?: unknown) => {
  const services = clusterServices(ctx);
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage(`${WHAT}: open a role file first.`);
    return;
  }
  const fileName = basename(uri.fsPath || uri.path);
  let clusterName: string | undefined;
  try {
    const file = await readRoleFile(services, uri);
    const loaded = rolesFromText(file.document.getText(), uri.toString());
    if (!loaded.ok) {
      void vscode.window.showErrorMessage(`${WHAT}: ${fileName}: ${loaded.reason}.`);
      return;
    }
    if (loaded.set.unrestrictedApiKey || loaded.set.roles.length === 0) {
      void vscode.window.showErrorMessage(`${WHAT}: ${fileName} holds no roles to verify.`);
      return;
    }
    const names = loaded.set.roles.map((r) => r.name);
    let picked: string[] = names;
    if (names.length > 1) {
      const choice = await vscode.window.showQuickPick(
        [{ label: 'All roles in the file', value: ALL_ROLES }, ...names.map((n) => ({ label: n, value: n }))],
        { title: `Elasticsearch Roles: ${WHAT}`, placeHolder: 'Which role to verify' },
      );
      if (!choice) return;
      picked = choice.value === ALL_ROLES ? names : [choice.value];
    }
    const model = pickRoles(loaded.set, picked).set.roles;
    const descriptors: Record<string, RoleDescriptor> = {};
    for (const name of picked) if (file.content.roles[name]) descriptors[name] = toRoleDescriptor(file.content.roles[name]);

    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    const result = await withCancellableProgress(`Verifying the privilege model on "${clusterName}"…`, (_p, signal) =>
      verifyModel(target.client, { descriptors, model }, { signal }),
    );
    const subject = `${fileName} (${picked.join(', ')})`;
    services.log.info(
      `${WHAT} on "${clusterName}" for ${subject}: ${result.probes.length} answers, ${result.disagreements.length} disagree; temporary key ${result.keyId} ${result.keyInvalidated ? 'invalidated' : 'NOT invalidated'}`,
    );
    if (!reports) {
      reports = new ReportView();
      services.extension.subscriptions.push(reports);
    }
    await reports.show(`${picked.length === 1 ? picked[0] : basename(fileName, '.json')} model check.txt`, formatVerifyReport(result, subject, clusterName));
    const n = result.disagreements.length;
    if (n === 0) void vscode.window.showInformationMessage(`${WHAT}: all ${result.probes.length} answers agree on "${clusterName}".`);
    else void vscode.window.showWarningMessage(`${WHAT}: ${n} of ${result.probes.length} answers disagree on "${clusterName}" (see the report).`);
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName, { retry: () => vscode.commands.executeCommand('elasticsearchRoles.verifyModel', uriArg) });
  }
};
