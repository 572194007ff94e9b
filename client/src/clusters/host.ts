/**
 * The seam between the extension's main bundle (dist/client.js) and the cluster bundle
 * (dist/cluster.js, loaded on first use: it holds the HTTP client, which would otherwise double the
 * size of every activation). Types only: nothing here is bundled.
 */
import type * as vscode from 'vscode';
import type { DocumentInfo, SetLiveCatalogParams } from '../../../server/src/protocol';
import type { CommandContext } from '../commands/types';
import type { CatalogStatusItem } from '../ui/languageStatus';

/** What the cluster bundle gets from the main bundle (so that it never loads vscode-languageclient itself). */
export interface ClusterHost {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly catalogStatus: CatalogStatusItem;
  isServerRunning(): boolean;
  /** elasticsearchRoles/documentInfo; null when the document is not a role file. */
  documentInfo(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<DocumentInfo | null>;
  /** elasticsearchRoles/setLiveCatalog: non-secret data only. */
  setLiveCatalog(params: SetLiveCatalogParams): Promise<void>;
  /** Fires when the language server is (again) running. */
  onServerRunning(listener: () => void): vscode.Disposable;
}

/** A command handler factory of the cluster bundle (same shape as the command table's). */
export type ClusterCommandFactory = (ctx: CommandContext) => (...args: any[]) => unknown;

/** What dist/cluster.js exports. */
export interface ClusterBundleModule {
  activate(host: ClusterHost): ClusterBundle;
}

export interface ClusterBundle extends vscode.Disposable {
  /** Command id -> factory, for the cluster commands. */
  readonly commands: Readonly<Record<string, ClusterCommandFactory>>;
}
