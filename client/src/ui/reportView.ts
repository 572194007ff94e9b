/**
 * Read-only text reports (the model verification) in virtual documents of the `es-roles-report:`
 * scheme: served from memory, forgotten when closed, never a "save changes?" prompt.
 */
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'es-roles-report';

export class ReportView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private counter = 0;

  constructor() {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === REPORT_SCHEME) this.contents.delete(d.uri.toString());
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens `text` beside the active editor under a file-like `title` ("logs-reader model check.txt"). */
  async show(title: string, text: string): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${title.replace(/[\\/:*?"<>|#%\x00-\x1f]+/g, '_')}`, query: `v=${++this.counter}` });
    this.contents.set(uri.toString(), text);
    if (this.contents.size > 50) this.contents.delete(this.contents.keys().next().value!);
    const doc = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    this.contents.clear();
    for (const d of this.disposables) d.dispose();
  }
}
