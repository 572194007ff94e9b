/**
 * The language status item ("ES 9.1 (bundled)") shown for role documents, with a command to pick the
 * target version. Model: json-language-features `client/src/languageStatus.ts`.
 */
import * as vscode from 'vscode';
import type { CatalogStatusParams } from '../../../server/src/protocol';
import { CommandIds } from '../commands/ids';
import { getFileGlobs, SettingIds } from '../config';
import { CatalogStatusModel, presentStatus, roleFilePatterns } from './catalogStatusModel';

export const ROLE_LANGUAGE_ID = 'elasticsearch-role';

export class CatalogStatusItem implements vscode.Disposable {
  readonly model = new CatalogStatusModel();
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('elasticsearchRoles.catalog', this.selector());
    this.item.name = 'Elasticsearch privilege catalog';
    this.item.command = { title: 'Select Version', command: CommandIds.selectTargetVersion, tooltip: 'Pick the Elasticsearch version to validate against' };
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.model.forget(d.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SettingIds.files)) this.item.selector = this.selector();
      }),
    );
    this.render();
  }

  /** A catalogStatus notification from the server. */
  update(status: CatalogStatusParams): void {
    const globsBefore = this.model.roleFileGlobs.join('\n');
    this.model.set(status);
    if (this.model.roleFileGlobs.join('\n') !== globsBefore) this.item.selector = this.selector();
    this.render();
  }

  /** The server restarted: show "starting" until it reports again. */
  reset(): void {
    this.model.clear();
    this.render();
  }

  private selector(): vscode.DocumentSelector {
    const patterns = roleFilePatterns(this.model.roleFileGlobs, getFileGlobs());
    return [
      { language: ROLE_LANGUAGE_ID },
      ...patterns.flatMap((pattern) => [
        { language: 'json', pattern },
        { language: 'jsonc', pattern },
      ]),
    ];
  }

  private render(): void {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    const p = presentStatus(this.model.statusFor(uri));
    this.item.text = p.text;
    this.item.detail = p.detail;
    this.item.busy = p.busy;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
