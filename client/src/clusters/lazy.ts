/**
 * Loads the cluster bundle (dist/cluster.js) on demand: at activation only when a cluster is
 * configured, otherwise when a cluster command first runs. Part of the main bundle, so it imports
 * nothing of the cluster module (the HTTP client alone is larger than the rest of the extension).
 */
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { CommandContext, CommandFactory } from '../commands/types';
import { documentInfo, setLiveCatalog } from '../languageClient';
import type { ClusterBundle, ClusterBundleModule, ClusterHost } from './host';

export const CLUSTER_BUNDLE = 'dist/cluster.js';
/** Context key for menus: at least one cluster profile exists. */
export const HAS_CLUSTERS_CONTEXT = 'elasticsearchRoles.hasClusters';
const CLUSTERS_SETTING = 'elasticsearchRoles.clusters';

const loaded = new WeakMap<vscode.ExtensionContext, Promise<ClusterBundle>>();

function host(ctx: CommandContext): ClusterHost {
  const { client } = ctx;
  return {
    extension: ctx.extension,
    log: ctx.log,
    catalogStatus: ctx.status,
    isServerRunning: () => client.isRunning(),
    documentInfo: (uri, token) => documentInfo(client, uri, token),
    setLiveCatalog: (params) => setLiveCatalog(client, params),
    onServerRunning: (listener) =>
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) listener();
      }),
  };
}

/** The cluster bundle, loaded and activated once per extension activation. */
export function loadClusterBundle(ctx: CommandContext): Promise<ClusterBundle> {
  let bundle = loaded.get(ctx.extension);
  if (!bundle) {
    bundle = (async () => {
      const started = Date.now();
      // A run-time require: esbuild leaves it alone, so the cluster code stays in its own bundle.
      const mod = require(ctx.extension.asAbsolutePath(CLUSTER_BUNDLE)) as ClusterBundleModule;
      const activated = mod.activate(host(ctx));
      ctx.log.debug(`Cluster features loaded in ${Date.now() - started} ms.`);
      return activated;
    })();
    loaded.set(ctx.extension, bundle);
  }
  return bundle;
}

/** A command-table entry whose implementation lives in the cluster bundle. */
export function clusterCommand(id: string): CommandFactory {
  return (ctx) =>
    async (...args: unknown[]) => {
      let bundle: ClusterBundle;
      try {
        bundle = await loadClusterBundle(ctx);
      } catch (err) {
        ctx.log.error(`Loading the cluster features failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        const choice = await vscode.window.showErrorMessage('Elasticsearch Roles: the cluster features could not be loaded.', 'Show Log');
        if (choice) ctx.log.show(true);
        return undefined;
      }
      return bundle.commands[id](ctx)(...args);
    };
}

function hasProfiles(): boolean {
  const value = vscode.workspace.getConfiguration().inspect<unknown>(CLUSTERS_SETTING)?.globalValue;
  return Array.isArray(value) && value.length > 0;
}

/**
 * Sets the `elasticsearchRoles.hasClusters` context key and loads the cluster bundle in the
 * background once a cluster is configured (the status item, CodeLenses and the live privilege list
 * come with it).
 */
export function activateClusterFeatures(ctx: CommandContext): vscode.Disposable {
  const update = () => {
    const has = hasProfiles();
    void vscode.commands.executeCommand('setContext', HAS_CLUSTERS_CONTEXT, has);
    if (has) {
      loadClusterBundle(ctx).catch((err) => ctx.log.error(`Loading the cluster features failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  };
  const timer = setTimeout(update, 0);
  const sub = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(CLUSTERS_SETTING)) update();
  });
  return new vscode.Disposable(() => {
    clearTimeout(timer);
    sub.dispose();
    void loaded.get(ctx.extension)?.then((b) => b.dispose(), () => undefined);
    loaded.delete(ctx.extension);
  });
}
