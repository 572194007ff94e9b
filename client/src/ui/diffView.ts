/**
 * The normalised cluster version of a role vs the local one in VS Code's diff editor. Both sides are
 * virtual read-only documents of the `es-roles-diff:` scheme, served from memory and forgotten
 * when closed.
 */
import * as vscode from 'vscode';
import type { RoleBody } from '../roles/extract';
import { normalizeRole } from '../roles/normalize';

export const DIFF_SCHEME = 'es-roles-diff';

/** The pretty normalised JSON of a role; '' when there is none (a role that is not on the cluster). */
export function normalizedText(role: RoleBody | undefined): string {
  return role === undefined ? '' : `${JSON.stringify(normalizeRole(role), null, 2)}\n`;
}

function segment(text: string): string {
  return text.replace(/[\\/:*?"<>|#%\x00-\x1f]+/g, '_') || '_';
}

export class RoleDiffView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private counter = 0;

  constructor() {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === DIFF_SCHEME) this.contents.delete(d.uri.toString());
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** Opens the diff of one role: cluster (left) vs local (right), both normalised. */
  async show(role: { name: string; remote?: RoleBody; local: RoleBody }, clusterName: string, options: { preview?: boolean } = {}): Promise<void> {
    const id = ++this.counter;
    const base = `/${segment(clusterName)}/${segment(role.name)}`;
    const left = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `${base}.cluster.json`, query: `v=${id}` });
    const right = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `${base}.local.json`, query: `v=${id}` });
    this.contents.set(left.toString(), normalizedText(role.remote));
    this.contents.set(right.toString(), normalizedText(role.local));
    this.trim();
    const title = role.remote === undefined ? `${role.name}: not on ${clusterName} ↔ local (new role)` : `${role.name}: ${clusterName} ↔ local (normalised)`;
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: options.preview ?? true });
  }

  /** Keeps memory bounded if many diffs are opened without being closed. */
  private trim(): void {
    const max = 400;
    if (this.contents.size <= max) return;
    for (const key of [...this.contents.keys()].slice(0, this.contents.size - max)) this.contents.delete(key);
  }

  dispose(): void {
    this.contents.clear();
    for (const d of this.disposables) d.dispose();
  }
}
