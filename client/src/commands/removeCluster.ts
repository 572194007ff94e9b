import * as vscode from 'vscode';
import { profileLocation } from '../clusters/profileModel';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import type { CommandFactory } from './types';

/** elasticsearchRoles.removeCluster: removes a profile from settings and deletes its stored secret. */
export const removeCluster: CommandFactory = (ctx) => async (nameArg?: unknown) => {
  const services = clusterServices(ctx);
  const { profiles, secrets, connections } = services;
  const all = profiles.profiles();
  let name = typeof nameArg === 'string' ? nameArg : undefined;
  if (name === undefined) {
    if (all.length === 0) {
      void vscode.window.showInformationMessage('Elasticsearch Roles: no cluster is configured.');
      return;
    }
    const active = profiles.activeName();
    const picked = await vscode.window.showQuickPick(
      all.map((p) => ({ label: p.name, description: `${profileLocation(p)}${p.name === active ? ' (current)' : ''}`, name: p.name })),
      { title: 'Elasticsearch Roles: Remove Cluster', placeHolder: 'The cluster to remove (its stored credentials are deleted too)' },
    );
    if (!picked) return;
    name = picked.name;
  }
  const profile = all.find((p) => p.name === name);
  if (!profile) {
    void vscode.window.showErrorMessage(`Remove Cluster failed. No cluster named "${name}" is configured.`);
    return;
  }
  const ok = await vscode.window.showWarningMessage(
    `Remove cluster "${profile.name}"?`,
    { modal: true, detail: `${profileLocation(profile)}\nThe profile is removed from your settings and its stored credentials are deleted. Nothing changes on the cluster.` },
    'Remove',
  );
  if (ok !== 'Remove') return;
  try {
    const wasActive = profiles.activeName() === profile.name;
    await secrets.delete(profile.name);
    await profiles.remove(profile.name);
    await connections.forget(profile.name);
    if (wasActive) await connections.disconnect();
    services.log.info(`Cluster "${profile.name}" removed, with its stored credentials.`);
    void vscode.window.showInformationMessage(`Cluster "${profile.name}" removed.`);
  } catch (err) {
    await reportClusterError(services, err, 'Remove Cluster', undefined);
  }
};
