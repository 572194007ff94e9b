/**
 * What the cluster commands share, created once by `activateClusters` and found from a command's
 * context (keyed by the ExtensionContext, so the command table's CommandContext stays as it is).
 */
import type * as vscode from 'vscode';
import type { HasPrivilegesView } from '../ui/hasPrivilegesView';
import type { RoleDiffView } from '../ui/diffView';
import type { ClusterConnections } from './connections';
import type { ClusterHost } from './host';
import type { ProfileStore } from './profiles';
import type { ClusterSecrets } from './secrets';

export interface ClusterServices {
  readonly extension: vscode.ExtensionContext;
  /** The main bundle's language client, through the host seam. */
  readonly host: ClusterHost;
  readonly log: vscode.LogOutputChannel;
  readonly profiles: ProfileStore;
  readonly secrets: ClusterSecrets;
  readonly connections: ClusterConnections;
  readonly diffView: RoleDiffView;
  readonly privilegesView: HasPrivilegesView;
}

const registry = new WeakMap<vscode.ExtensionContext, ClusterServices>();

export function attachClusterServices(services: ClusterServices): void {
  registry.set(services.extension, services);
}

/** The cluster services of the extension a command belongs to. */
export function clusterServices(ctx: { readonly extension: vscode.ExtensionContext }): ClusterServices {
  const s = registry.get(ctx.extension);
  if (!s) throw new Error('The cluster services are not initialised (activateClusters was not called).');
  return s;
}
