/**
 * Command id -> factory. Add a command by writing one file exporting a CommandFactory and one line
 * here (and its `contributes.commands` entry in package.json). The cluster commands (connect, push,
 * ...) go here too.
 */
import * as vscode from 'vscode';
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
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(ctx)));
}
