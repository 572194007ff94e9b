/**
 * The one way a failed cluster command is shown: one showErrorMessage with the fix-it action
 * (Set Credentials / Open Settings / Retry / Show Log / ...), the redacted details in the log.
 * Cancellations go to the log only.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { errorReport, FIX_ACTION_LABELS, isCancellation, settingsQueryFor, type FixAction } from './errorModel';
import type { ClusterServices } from './services';

export interface ReportOptions {
  /** Runs the command again ("Retry"). */
  readonly retry?: () => unknown;
  /** Extra secrets of this operation to redact (a grant's password). */
  readonly secrets?: readonly string[];
}

export async function reportClusterError(
  services: Pick<ClusterServices, 'log' | 'connections'>,
  err: unknown,
  what: string,
  clusterName: string | undefined,
  opts: ReportOptions = {},
): Promise<void> {
  const { log } = services;
  if (isCancellation(err)) {
    log.info(`${what}: cancelled.`);
    return;
  }
  const report = errorReport(err, what, clusterName, opts.secrets);
  for (const line of report.details) log.error(line);
  if (clusterName) services.connections.reportCommandError(clusterName, err);
  let action: FixAction = report.action;
  if (action === 'retry' && !opts.retry) action = 'showLog';
  const buttons = action === 'showLog' ? [FIX_ACTION_LABELS.showLog] : [FIX_ACTION_LABELS[action], FIX_ACTION_LABELS.showLog];
  const choice = await vscode.window.showErrorMessage(report.message, ...buttons);
  if (!choice) return;
  if (choice === FIX_ACTION_LABELS.showLog) return log.show(true);
  await runFixAction(action, clusterName, settingsQueryFor(err), opts.retry);
}

/** Runs a fix-it action picked from a message or the status item. */
export async function runFixAction(action: FixAction, clusterName: string | undefined, settingsQuery: string, retry?: () => unknown): Promise<void> {
  switch (action) {
    case 'setCredentials':
      await vscode.commands.executeCommand(CommandIds.setCredentials, clusterName);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', settingsQuery);
      return;
    case 'addCluster':
      await vscode.commands.executeCommand(CommandIds.addCluster);
      return;
    case 'selectCluster':
      await vscode.commands.executeCommand(CommandIds.selectCluster);
      return;
    case 'retry':
      await retry?.();
      return;
    case 'showLog':
      await vscode.commands.executeCommand(CommandIds.showLog);
      return;
  }
}
