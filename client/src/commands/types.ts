import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RestartPolicy } from '../restartPolicy';
import type { CatalogStatusItem } from '../ui/languageStatus';

/** What every command may use; created once in extension.ts. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly client: LanguageClient;
  readonly log: vscode.LogOutputChannel;
  readonly status: CatalogStatusItem;
  readonly restartPolicy: RestartPolicy;
}

/** Builds a command's handler from the shared context. */
export type CommandFactory = (ctx: CommandContext) => (...args: any[]) => unknown;
