import * as vscode from 'vscode';
import { settledConnection, showConnectionProblem } from '../clusters/commandSupport';
import { authKindLabel, profileLocation } from '../clusters/profileModel';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import { CommandIds } from './ids';
import type { CommandFactory } from './types';

/**
 * elasticsearchRoles.selectCluster: pick the cluster that push, pull, privilege checks and the live
 * privilege list use (or none). Accepts a profile name as argument ("" = none).
 */
export const selectCluster: CommandFactory = (ctx) => async (nameArg?: unknown) => {
  const services = clusterServices(ctx);
  const { profiles, connections } = services;
  const all = profiles.profiles();
  const current = profiles.activeName();
  let name: string | undefined | null;
  if (typeof nameArg === 'string') {
    name = nameArg === '' ? undefined : nameArg;
    if (name !== undefined && !all.some((p) => p.name === name)) {
      void vscode.window.showErrorMessage(`Select Cluster failed. No cluster named "${name}" is configured.`, 'Add Cluster').then((c) => {
        if (c) void vscode.commands.executeCommand(CommandIds.addCluster);
      });
      return;
    }
  } else {
    type Item = vscode.QuickPickItem & { value: string | undefined | null };
    const items: Item[] = [
      ...all.map((p) => ({
        label: p.name,
        description: `${profileLocation(p)}${p.name === current ? ' (current)' : ''}`,
        detail: `${authKindLabel(p.auth)}${p.username ? ` as ${p.username}` : ''}${p.insecure ? ' — TLS verification disabled' : ''}`,
        value: p.name,
      })),
      { label: '', kind: vscode.QuickPickItemKind.Separator, value: null },
      { label: '$(add) Add Cluster…', value: null },
      ...(current ? [{ label: '$(debug-disconnect) None', description: 'disconnect; validate against the bundled privilege lists', value: undefined }] : []),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Elasticsearch Roles: Select Cluster', placeHolder: all.length ? 'The cluster to work with' : 'No cluster configured yet' });
    if (!picked) return;
    if (picked.value === null) {
      await vscode.commands.executeCommand(CommandIds.addCluster);
      return;
    }
    name = picked.value;
  }
  try {
    if (name === current) {
      if (!name) return;
      const state = await connections.connect();
      await showConnectionProblem(services, state);
      return;
    }
    const settled = name ? settledConnection(services, name) : undefined;
    await profiles.setActive(name ?? undefined);
    if (!name) {
      await connections.disconnect();
      return;
    }
    const state = await settled;
    if (state) await showConnectionProblem(services, state);
  } catch (err) {
    await reportClusterError(services, err, 'Select Cluster', name ?? undefined);
  }
};
