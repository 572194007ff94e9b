/**
 * A webview panel with the has_privileges answer as a table. One panel, reused and kept open by the
 * user; no scripts, no remote resources, a CSP with a fresh nonce per render (hasPrivilegesHtml.ts).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { renderHasPrivilegesHtml, type HasPrivilegesPage } from '../clusters/hasPrivilegesHtml';

export const HAS_PRIVILEGES_VIEW_TYPE = 'elasticsearchRoles.hasPrivileges';

export class HasPrivilegesView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(page: Omit<HasPrivilegesPage, 'nonce' | 'cspSource'>): void {
    const title = `Privileges: ${page.subject}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        HAS_PRIVILEGES_VIEW_TYPE,
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableForms: false, enableCommandUris: false, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(undefined, true);
    }
    this.panel.title = title;
    const nonce = randomBytes(16).toString('base64');
    this.panel.webview.html = renderHasPrivilegesHtml({ ...page, nonce, cspSource: this.panel.webview.cspSource });
  }

  dispose(): void {
    this.panel?.dispose();
    this.panel = undefined;
  }
}
