import * as vscode from 'vscode';
import { activeClusterClient, showConnectionProblem, withCancellableProgress } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import type { CommandFactory } from './types';

/**
 * elasticsearchRoles.refreshBuiltinPrivileges: read GET _security/privilege/_builtin (and the
 * version) from the active cluster again and send it to the language server.
 */
export const refreshBuiltinPrivileges: CommandFactory = (ctx) => async () => {
  const services = clusterServices(ctx);
  let name: string | undefined;
  try {
    const target = await activeClusterClient(services);
    if (!target) return;
    name = target.profile.name;
    const state = await withCancellableProgress(`Reading the privilege list of "${name}"…`, (_p, signal) => services.connections.connect(signal));
    if (state.status === 'connected') {
      const catalog = services.connections.liveCatalog;
      const counts = catalog ? `${catalog.builtin.cluster.length} cluster and ${catalog.builtin.index.length} index privileges` : 'privileges';
      void vscode.window.showInformationMessage(`Privilege list of "${name}" refreshed: ${counts} (ES ${state.version}).`);
    } else {
      await showConnectionProblem(services, state);
    }
  } catch (err) {
    await reportClusterError(services, err, 'Refresh Built-in Privileges', name);
  }
};
