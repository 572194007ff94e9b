import * as vscode from 'vscode';
import { authenticate, describeError } from '../cluster';
import { settledConnection, showConnectionProblem } from '../clusters/commandSupport';
import { fixActionFor } from '../clusters/errorModel';
import { AUTH_KINDS, authKindLabel, secretPrompt, type ClusterProfile } from '../clusters/profileModel';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices, type ClusterServices } from '../clusters/services';
import { CommandIds } from './ids';
import type { CommandFactory } from './types';

const TITLE = 'Elasticsearch Roles: Set Credentials';

/**
 * elasticsearchRoles.setCredentials: enter the password / API key / token of a cluster (the active
 * one, the one named by the argument, or a picked one). The secret is checked with
 * GET _security/_authenticate before it replaces the stored one.
 */
export const setCredentials: CommandFactory = (ctx) => async (nameArg?: unknown) => {
  const services = clusterServices(ctx);
  const profile = await pickProfile(services, typeof nameArg === 'string' ? nameArg : undefined);
  if (!profile) return;
  const kindPick = await vscode.window.showQuickPick(
    [profile.auth, ...AUTH_KINDS.filter((k) => k !== profile.auth)].map((kind) => ({
      label: authKindLabel(kind),
      description: kind === profile.auth ? 'current' : undefined,
      authKind: kind,
    })),
    { title: `${TITLE}: ${profile.name}`, placeHolder: 'How to authenticate', ignoreFocusOut: true },
  );
  if (!kindPick) return;
  let updated: ClusterProfile = { ...profile, auth: kindPick.authKind };
  if (kindPick.authKind === 'basic') {
    const username = await vscode.window.showInputBox({
      title: `${TITLE}: ${profile.name}`,
      prompt: `User name on cluster "${profile.name}"`,
      value: profile.username ?? 'elastic',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a user name.'),
    });
    if (username === undefined) return;
    updated = { ...updated, username: username.trim() };
  } else {
    const { username: _u, ...rest } = updated;
    updated = rest;
  }
  let secret: string | undefined;
  let ask = true;
  for (;;) {
    const prompt = secretPrompt(updated.auth, updated.name, updated.username);
    if (prompt && ask) {
      secret = await vscode.window.showInputBox({
        title: `${TITLE}: ${profile.name}`,
        ...prompt,
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Enter the secret.'),
      });
      if (secret === undefined) return;
    }
    const outcome = await check(services, updated, secret);
    if (outcome === 'ok') break;
    if (outcome === 'stop') return;
    ask = outcome === 'reenter';
  }
  const isActive = services.connections.activeProfile()?.name === updated.name;
  // Subscribe before storing: storing triggers the reconnect (secrets.onDidChange in activate.ts).
  const settled = isActive ? settledConnection(services, updated.name, 30_000) : undefined;
  try {
    if (updated.auth === 'none') await services.secrets.delete(updated.name);
    else await services.secrets.store(updated.name, secret!);
    if (JSON.stringify(updated) !== JSON.stringify(profile)) await services.profiles.save(updated);
    services.log.info(`Credentials of cluster "${updated.name}" updated (${authKindLabel(updated.auth)}).`);
    if (settled) {
      const state = await settled;
      if (state) await showConnectionProblem(services, state);
      else void vscode.window.showInformationMessage(`Credentials of "${updated.name}" saved.`);
    } else {
      const choice = await vscode.window.showInformationMessage(`Credentials of "${updated.name}" saved.`, 'Select This Cluster');
      if (choice) await vscode.commands.executeCommand(CommandIds.selectCluster, updated.name);
    }
  } catch (err) {
    await reportClusterError(services, err, 'Set Credentials', updated.name);
  }
};

async function pickProfile(services: ClusterServices, name: string | undefined): Promise<ClusterProfile | undefined> {
  const all = services.profiles.profiles();
  if (name !== undefined) {
    const found = all.find((p) => p.name === name);
    if (!found) void vscode.window.showErrorMessage(`Set Credentials failed. No cluster named "${name}" is configured.`);
    return found;
  }
  if (all.length === 0) {
    const choice = await vscode.window.showInformationMessage('Elasticsearch Roles: no cluster is configured yet.', 'Add Cluster');
    if (choice) await vscode.commands.executeCommand(CommandIds.addCluster);
    return undefined;
  }
  const active = services.profiles.activeName();
  if (all.length === 1) return all[0];
  const picked = await vscode.window.showQuickPick(
    [...all].sort((a, b) => Number(b.name === active) - Number(a.name === active)).map((p) => ({ label: p.name, description: p.name === active ? 'current' : undefined, profile: p })),
    { title: TITLE, placeHolder: 'Which cluster' },
  );
  return picked?.profile;
}

/** 'ok' when the credentials work, 'reenter' / 'retry' on the user's choice, 'stop' to give up. Nothing is stored here. */
async function check(services: ClusterServices, profile: ClusterProfile, secret: string | undefined): Promise<'ok' | 'reenter' | 'retry' | 'stop'> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the credentials for "${profile.name}"…`, cancellable: true },
      async (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const client = services.connections.createTemporaryClient(profile, secret);
        try {
          await authenticate(client, { signal: controller.signal });
        } finally {
          await client.close();
        }
      },
    );
    return 'ok';
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') return 'stop';
    const summary = describeError(err, profile.name);
    services.log.error(`Set Credentials: checking "${profile.name}" failed: ${summary}`);
    const buttons = fixActionFor(err) === 'setCredentials' ? ['Re-enter', 'Show Log'] : ['Retry', 'Show Log'];
    const choice = await vscode.window.showErrorMessage(`Set Credentials: nothing was saved. ${summary}`, ...buttons);
    if (choice === 'Show Log') services.log.show(true);
    return choice === 'Re-enter' ? 'reenter' : choice === 'Retry' ? 'retry' : 'stop';
  }
}
