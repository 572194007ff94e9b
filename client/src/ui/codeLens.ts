/**
 * CodeLenses above each role ("Push", "Check privileges", "Create API key") and above API-key
 * create/grant bodies ("Send"), from the server's documentInfo answer; only while at least one
 * cluster is configured and `elasticsearchRoles.codeLens.enabled` is on.
 */
import * as vscode from 'vscode';
import { codeLensPlacements, type LensAction } from '../clusters/codeLensModel';
import type { ClusterConnections } from '../clusters/connections';
import type { ClusterHost } from '../clusters/host';
import { codeLensEnabled } from '../clusters/profiles';
import { CommandIds } from '../commands/ids';
import { ROLE_LANGUAGE_ID } from './languageStatus';

const COMMAND: Readonly<Record<LensAction, string>> = {
  push: CommandIds.pushRoles,
  checkPrivileges: CommandIds.checkPrivileges,
  createApiKey: CommandIds.createApiKey,
  send: CommandIds.sendApiKeyRequest,
};

/** Documents the server may call role files (it decides; non-role files get no lenses). */
export const CODE_LENS_SELECTOR: vscode.DocumentSelector = [
  { language: ROLE_LANGUAGE_ID },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
];

export class ClusterCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly host: ClusterHost,
    private readonly connections: ClusterConnections,
  ) {}

  /** Profiles or settings changed: ask VS Code for the lenses again. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!codeLensEnabled() || this.connections.profiles().length === 0 || !this.host.isServerRunning()) return [];
    let info;
    try {
      info = await this.host.documentInfo(document.uri, token);
    } catch {
      return [];
    }
    if (token.isCancellationRequested) return [];
    return codeLensPlacements(info, true).map((p) => {
      const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
      const args: unknown[] = p.roleName !== undefined ? [document.uri, p.roleName] : [document.uri];
      return new vscode.CodeLens(range, { title: p.title, command: COMMAND[p.action], arguments: args });
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
