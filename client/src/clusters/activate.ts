/**
 * Wires the cluster features (in the cluster bundle): profiles, secrets, connections, the status
 * item, CodeLenses, the diff and privileges views. Connects to the active cluster in the background
 * (problems go to the status item and the log, never to a pop-up), reconnects when the profiles,
 * the selection or the active secret change, and resends the live privilege list after a
 * language-server restart.
 */
import * as vscode from 'vscode';
import { ClusterCodeLensProvider, CODE_LENS_SELECTOR } from '../ui/codeLens';
import { ClusterStatusItem } from '../ui/clusterStatus';
import { RoleDiffView } from '../ui/diffView';
import { HasPrivilegesView } from '../ui/hasPrivilegesView';
import { ClusterConnections } from './connections';
import type { ClusterHost } from './host';
import { ProfileStore } from './profiles';
import { ClusterSecrets } from './secrets';
import { attachClusterServices, type ClusterServices } from './services';
import { ClusterSettingIds } from './settings';

export function activateClusters(host: ClusterHost): vscode.Disposable {
  const { extension, log } = host;
  const profiles = new ProfileStore(log);
  const secrets = new ClusterSecrets(extension.secrets);
  const connections = new ClusterConnections({
    profiles: () => profiles.profiles(),
    activeName: () => profiles.activeName(),
    readSecret: (name) => secrets.get(name),
    // Only non-secret data crosses LSP. Before the server runs, the catalog is kept and sent on Running.
    publishCatalog: async (params) => {
      if (host.isServerRunning()) await host.setLiveCatalog(params);
    },
    logger: log,
  });
  const services: ClusterServices = {
    extension,
    host,
    log,
    profiles,
    secrets,
    connections,
    diffView: new RoleDiffView(),
    privilegesView: new HasPrivilegesView(),
  };
  attachClusterServices(services);
  const status = new ClusterStatusItem(connections, host.catalogStatus);
  const lenses = new ClusterCodeLensProvider(host, connections);

  let activeKey = activeProfileKey(profiles);
  const disposables: vscode.Disposable[] = [
    services.diffView,
    services.privilegesView,
    status,
    lenses,
    vscode.languages.registerCodeLensProvider(CODE_LENS_SELECTOR, lenses),
    host.onServerRunning(() => {
      void connections.resendCatalog();
      lenses.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration(ClusterSettingIds.codeLensEnabled)) lenses.refresh();
      if (!ProfileStore.affects(e)) return;
      lenses.refresh();
      status.render();
      const key = activeProfileKey(profiles);
      if (key === activeKey) return;
      activeKey = key;
      // The client cache notices a changed profile or secret by itself.
      await connections.connect();
    }),
    secrets.onDidChange(async (name) => {
      if (connections.activeProfile()?.name === name) await connections.connect();
    }),
    { dispose: () => void connections.dispose() },
  ];
  // Background connect: the status item shows the outcome.
  if (connections.activeProfile()) void connections.connect();
  return vscode.Disposable.from(...disposables);
}

/** The active profile's definition (or ''), to tell whether a settings change needs a reconnect. */
function activeProfileKey(profiles: ProfileStore): string {
  const name = profiles.activeName();
  const profile = name ? profiles.profile(name) : undefined;
  return profile ? JSON.stringify(profile) : name ? `missing:${name}` : '';
}
