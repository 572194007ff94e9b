/**
 * Command id -> factory. Add a command by writing one file exporting a CommandFactory and one line
 * here (and its `contributes.commands` entry in package.json). The cluster commands live in the
 * cluster bundle (clusters/bundle.ts, loaded on first use): their entry here is `clusterCommand(id)`.
 */
import * as vscode from 'vscode';
import { clusterCommand } from '../clusters/lazy';
import { CommandIds, type CommandId } from './ids';
import { restartServer } from './restartServer';
import { selectTargetVersion } from './selectTargetVersion';
import { showLog } from './showLog';
import type { CommandContext, CommandFactory } from './types';

export { CommandIds } from './ids';
export type { CommandContext, CommandFactory } from './types';

export const COMMANDS: Readonly<Record<CommandId, CommandFactory>> = {
  [CommandIds.selectTargetVersion]: selectTargetVersion,
  [CommandIds.showLog]: showLog,
  [CommandIds.restartServer]: restartServer,
  [CommandIds.addCluster]: clusterCommand(CommandIds.addCluster),
  [CommandIds.selectCluster]: clusterCommand(CommandIds.selectCluster),
  [CommandIds.setCredentials]: clusterCommand(CommandIds.setCredentials),
  [CommandIds.removeCluster]: clusterCommand(CommandIds.removeCluster),
  [CommandIds.refreshBuiltinPrivileges]: clusterCommand(CommandIds.refreshBuiltinPrivileges),
  [CommandIds.checkPrivileges]: clusterCommand(CommandIds.checkPrivileges),
  [CommandIds.pushRoles]: clusterCommand(CommandIds.pushRoles),
  [CommandIds.pullRoles]: clusterCommand(CommandIds.pullRoles),
  [CommandIds.restoreBackup]: clusterCommand(CommandIds.restoreBackup),
  [CommandIds.createApiKey]: clusterCommand(CommandIds.createApiKey),
  [CommandIds.grantApiKey]: clusterCommand(CommandIds.grantApiKey),
  [CommandIds.invalidateApiKey]: clusterCommand(CommandIds.invalidateApiKey),
  [CommandIds.sendApiKeyRequest]: clusterCommand(CommandIds.sendApiKeyRequest),
  [CommandIds.verifyModel]: clusterCommand(CommandIds.verifyModel),
  // Offline, but they carry the privilege model: loaded with the cluster bundle, not in the main one.
  [CommandIds.explainAccess]: clusterCommand(CommandIds.explainAccess),
  [CommandIds.compareRoles]: clusterCommand(CommandIds.compareRoles),
  [CommandIds.reconnect]: clusterCommand(CommandIds.reconnect),
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
