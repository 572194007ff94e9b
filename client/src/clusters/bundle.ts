/**
 * Entry point of dist/cluster.js: every cluster feature (connections, status item, CodeLens, views,
 * the cluster commands). Loaded by lazy.ts when a cluster is configured or a cluster command runs.
 */
import { addCluster } from '../commands/addCluster';
import { checkPrivileges } from '../commands/checkPrivileges';
import { createApiKey } from '../commands/createApiKey';
import { grantApiKey } from '../commands/grantApiKey';
import { CommandIds } from '../commands/ids';
import { invalidateApiKey } from '../commands/invalidateApiKey';
import { pullRoles } from '../commands/pullRoles';
import { pushRoles } from '../commands/pushRoles';
import { reconnect } from '../commands/reconnect';
import { refreshBuiltinPrivileges } from '../commands/refreshBuiltinPrivileges';
import { removeCluster } from '../commands/removeCluster';
import { restoreBackup } from '../commands/restoreBackup';
import { selectCluster } from '../commands/selectCluster';
import { sendApiKeyRequest } from '../commands/sendApiKeyRequest';
import { setCredentials } from '../commands/setCredentials';
import { verifyModelCommand } from '../commands/verifyModel';
import { compareRolesCommand, explainAccessCommand } from '../commands/explainAccess';
import { activateClusters } from './activate';
import type { ClusterBundle, ClusterCommandFactory, ClusterHost } from './host';

export const CLUSTER_COMMANDS: Readonly<Record<string, ClusterCommandFactory>> = {
  [CommandIds.addCluster]: addCluster,
  [CommandIds.selectCluster]: selectCluster,
  [CommandIds.setCredentials]: setCredentials,
  [CommandIds.removeCluster]: removeCluster,
  [CommandIds.refreshBuiltinPrivileges]: refreshBuiltinPrivileges,
  [CommandIds.checkPrivileges]: checkPrivileges,
  [CommandIds.pushRoles]: pushRoles,
  [CommandIds.pullRoles]: pullRoles,
  [CommandIds.restoreBackup]: restoreBackup,
  [CommandIds.createApiKey]: createApiKey,
  [CommandIds.grantApiKey]: grantApiKey,
  [CommandIds.invalidateApiKey]: invalidateApiKey,
  [CommandIds.sendApiKeyRequest]: sendApiKeyRequest,
  [CommandIds.verifyModel]: verifyModelCommand,
  [CommandIds.explainAccess]: explainAccessCommand,
  [CommandIds.compareRoles]: compareRolesCommand,
  [CommandIds.reconnect]: reconnect,
};

export function activate(host: ClusterHost): ClusterBundle {
  const disposable = activateClusters(host);
  return { commands: CLUSTER_COMMANDS, dispose: () => disposable.dispose() };
}
