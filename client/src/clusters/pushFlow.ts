/**
 * The push flow shared by Push Role(s) and Restore Backup: plan against the active cluster, show
 * the diffs, confirm (modal; skippable only by `elasticsearchRoles.push.confirm: false`), write with
 * a backup under cancellable progress, and report once.
 */
import * as vscode from 'vscode';
import type { EsClient } from '../cluster';
import { executePush, planPush, type PushPlan, type PushReport } from '../ops';
import type { RoleBody } from '../roles/extract';
import { withCancellableProgress } from './commandSupport';
import { errorReport } from './errorModel';
import type { ClusterProfile } from './profileModel';
import { backupDirectory, pushConfirmEnabled } from './profiles';
import { nothingToPushMessage, planPickRows, planSummary, pushConfirmation, pushSummary } from './pushModel';
import type { ClusterServices } from './services';

export interface PushFlowInput {
  readonly roles: Record<string, RoleBody>;
  /** For the log and titles: "logs.roles.json", "folder roles/ (3 files)", "backup prod-….backup.json". */
  readonly source: string;
  readonly client: EsClient;
  readonly profile: ClusterProfile;
  /** The command's name in messages ("Push Roles", "Restore Backup"). */
  readonly what: string;
}

/** Runs the flow; throws cluster errors (and PushConflictError) for the caller to report. */
export async function runPushFlow(services: ClusterServices, input: PushFlowInput): Promise<PushReport | undefined> {
  const { client, profile, roles, what } = input;
  const count = Object.keys(roles).length;
  const plan = await withCancellableProgress(`${what}: comparing ${count} role${count === 1 ? '' : 's'} with "${profile.name}"…`, (_p, signal) =>
    planPush(client, roles, { signal }),
  );
  services.log.info(`${what}: ${input.source} -> "${profile.name}": ${planSummary(plan.items)}.`);
  for (const item of plan.items) if (item.diff) services.log.debug(item.diff);
  const backupDir = backupDirectory(services.extension);
  const confirmation = pushConfirmation(plan.items, profile.name, backupDir);
  if (!confirmation) {
    void vscode.window.showInformationMessage(nothingToPushMessage(plan.items, profile.name));
    return undefined;
  }
  if (!(await reviewDiffs(services, plan, profile.name))) return undefined;
  if (pushConfirmEnabled()) {
    const ok = await vscode.window.showWarningMessage(confirmation.message, { modal: true, detail: confirmation.detail }, confirmation.button);
    if (ok !== confirmation.button) {
      services.log.info(`${what}: not confirmed; nothing was written.`);
      return undefined;
    }
  }
  const esVersion = services.connections.state.profile?.name === profile.name ? services.connections.state.version : undefined;
  const report = await withCancellableProgress(`${what}: writing to "${profile.name}"…`, (progress, signal) => {
    let last = 0;
    return executePush(client, plan, {
      backupDir,
      clusterName: profile.name,
      signal,
      esVersion,
      onProgress: (done, total) => {
        const pct = total ? (done / total) * 100 : 100;
        progress.report({ message: `${done} of ${total}`, increment: Math.max(0, pct - last) });
        last = pct;
      },
    });
  });
  await showReport(services, report, profile.name, what);
  return report;
}

/**
 * One changed role: its diff opens. Several: a quick pick lists create / update / unchanged; picking
 * a role opens its diff, "Continue" goes on. False when the user backs out.
 */
async function reviewDiffs(services: ClusterServices, plan: PushPlan, clusterName: string): Promise<boolean> {
  const changed = plan.items.filter((i) => i.status !== 'unchanged');
  if (plan.items.length === 1 || changed.length === 1) {
    const item = changed[0];
    await services.diffView.show(item, clusterName);
    return true;
  }
  const rows = planPickRows(plan);
  const cont = { label: '$(cloud-upload) Continue…', description: planSummary(plan.items), name: '', status: 'unchanged' as const, alwaysShow: true };
  for (;;) {
    const picked = await vscode.window.showQuickPick([cont, ...rows.map((r) => ({ ...r, label: `${icon(r.status)} ${r.label}` }))], {
      title: `Push to ${clusterName}: review the changes`,
      placeHolder: 'Pick a role to see its diff (cluster ↔ local, normalised), or Continue',
      ignoreFocusOut: true,
    });
    if (!picked) return false;
    if (picked === cont) return true;
    const item = plan.items.find((i) => i.name === picked.name);
    if (item) await services.diffView.show(item, clusterName);
  }
}

function icon(status: 'create' | 'update' | 'unchanged'): string {
  return status === 'create' ? '$(add)' : status === 'update' ? '$(diff-modified)' : '$(check)';
}

async function showReport(services: ClusterServices, report: PushReport, clusterName: string, what: string): Promise<void> {
  const summary = pushSummary(report, clusterName);
  services.log.info(`${what}: ${summary.message}`);
  for (const line of summary.logLines) (summary.severity === 'error' ? services.log.error : services.log.info).call(services.log, line);
  if (report.error !== undefined) for (const line of errorReport(report.error, what, clusterName).details) services.log.error(line);
  const buttons = [...(report.backupFile ? ['Open Backup Folder'] : []), 'Show Log'];
  const show =
    summary.severity === 'error' ? vscode.window.showErrorMessage : summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(summary.message, ...buttons);
  if (choice === 'Show Log') services.log.show(true);
  else if (choice === 'Open Backup Folder' && report.backupFile) await openBackupFolder(report.backupFile);
}

export async function openBackupFolder(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  if (vscode.env.remoteName) await vscode.window.showTextDocument(uri, { preview: true });
  else await vscode.commands.executeCommand('revealFileInOS', uri);
}
