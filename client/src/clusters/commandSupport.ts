/**
 * Small helpers the cluster commands share: which document a command acts on, reading its roles,
 * getting the active cluster's client (offering Select / Add Cluster when there is none), and
 * cancellable progress with an AbortSignal.
 */
import * as vscode from 'vscode';
import type { EsClient } from '../cluster';
import { CommandIds } from '../commands/ids';
import { extractRoles, type RoleFileContent } from '../roles/extract';
import type { DocumentInfo } from '../../../server/src/protocol';
import type { ConnectionState } from './connections';
import { FIX_ACTION_LABELS } from './errorModel';
import type { ClusterProfile } from './profileModel';
import { runFixAction } from './reportError';
import type { ClusterServices } from './services';

/** The URI a command acts on: its argument (CodeLens, editor title, explorer) or the active editor's. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  return vscode.window.activeTextEditor?.document.uri;
}

export interface FileTarget {
  readonly uri: vscode.Uri;
  readonly document: vscode.TextDocument;
  readonly content: RoleFileContent;
  /** null when the server does not take the document for a role file (or is not running). */
  readonly info: DocumentInfo | null;
}

/** Opens (without showing) and reads a role file; the server's view of it when available. */
export async function readRoleFile(services: ClusterServices, uri: vscode.Uri): Promise<FileTarget> {
  const document = await vscode.workspace.openTextDocument(uri);
  const content = extractRoles(document.getText(), uri.toString());
  let info: DocumentInfo | null = null;
  if (services.host.isServerRunning()) {
    try {
      info = await services.host.documentInfo(uri);
    } catch (err) {
      services.log.debug(`documentInfo for ${uri.toString()} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { uri, document, content, info };
}

/**
 * The active cluster's client. With no cluster selected, opens Select Cluster (or offers Add
 * Cluster when none exists) and returns undefined when the user does not pick one.
 * Errors building the client (missing credentials, bad settings) are thrown.
 */
export async function activeClusterClient(services: ClusterServices): Promise<{ client: EsClient; profile: ClusterProfile } | undefined> {
  const { connections } = services;
  if (!connections.activeProfile()) {
    if (connections.profiles().length === 0) {
      const choice = await vscode.window.showInformationMessage('Elasticsearch Roles: no cluster is configured yet.', 'Add Cluster');
      if (choice === 'Add Cluster') await vscode.commands.executeCommand(CommandIds.addCluster);
    } else {
      await vscode.commands.executeCommand(CommandIds.selectCluster);
    }
    if (!connections.activeProfile()) return undefined;
  }
  return connections.client();
}

/** withProgress in a notification, cancellable, with an AbortSignal for the cluster calls. */
export function withCancellableProgress<T>(
  title: string,
  task: (progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal, token: vscode.CancellationToken) => Promise<T>,
): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      return await task(progress, controller.signal, token);
    } finally {
      sub.dispose();
    }
  });
}

/** The error thrown when the user cancels: reported to the log only. */
export function cancelled(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

/** A line for the log naming a file relative to the workspace. */
export function displayPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/**
 * Resolves with the connection state once the profile `name` is connected or failed (whoever
 * started the connect), or undefined after `timeoutMs`.
 */
export function settledConnection(services: ClusterServices, name: string, timeoutMs = 60_000): Promise<ConnectionState | undefined> {
  const { connections } = services;
  const done = (s: ConnectionState) => s.profile?.name === name && (s.status === 'connected' || s.status === 'error');
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(undefined);
    }, timeoutMs);
    const sub = connections.onDidChange((s) => {
      if (!done(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

/** After an explicit user action: one message for a connection failure (the status item keeps it). */
export async function showConnectionProblem(services: ClusterServices, state: ConnectionState): Promise<void> {
  if (state.status !== 'error' || !state.error || !state.profile) return;
  const action = state.error.action === 'retry' ? 'showLog' : state.error.action;
  const buttons = action === 'showLog' ? [FIX_ACTION_LABELS.showLog] : [FIX_ACTION_LABELS[action], FIX_ACTION_LABELS.showLog];
  const choice = await vscode.window.showErrorMessage(state.error.summary, ...buttons);
  if (!choice) return;
  if (choice === FIX_ACTION_LABELS.showLog) return services.log.show(true);
  await runFixAction(action, state.profile.name, 'elasticsearchRoles.clusters');
}
