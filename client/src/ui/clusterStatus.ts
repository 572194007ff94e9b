/**
 * The cluster language status item for role documents: "prod · ES 8.17.2 · elastic", with severity
 * Error and a fix-it link (Set Credentials, Select Cluster, Open Settings, Retry) when the cluster is
 * unreachable or refuses the credentials. Lasting state lives here, never in repeated pop-ups.
 */
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import type { ClusterConnections, ConnectionState } from '../clusters/connections';
import { presentClusterStatus, type StatusCommand, type StatusSeverity } from '../clusters/statusModel';
import { getFileGlobs, SettingIds } from '../config';
import { roleFilePatterns } from './catalogStatusModel';
import { ROLE_LANGUAGE_ID, type CatalogStatusItem } from './languageStatus';

const SEVERITY: Readonly<Record<StatusSeverity, vscode.LanguageStatusSeverity>> = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
};

export class ClusterStatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly disposables: vscode.Disposable[] = [];
  private selectorKey = '';

  constructor(
    private readonly connections: ClusterConnections,
    private readonly catalog: CatalogStatusItem,
  ) {
    this.item = vscode.languages.createLanguageStatusItem('elasticsearchRoles.cluster', this.selector());
    this.item.name = 'Elasticsearch cluster';
    this.disposables.push(
      this.item,
      connections.onDidChange((state) => this.render(state)),
      // The role-file globs arrive with the server's first status; follow them (and the setting).
      vscode.window.onDidChangeActiveTextEditor(() => this.updateSelector()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(SettingIds.files)) this.updateSelector();
      }),
    );
    this.render(connections.state);
  }

  private selector(): vscode.DocumentSelector {
    const patterns = roleFilePatterns(this.catalog.model.roleFileGlobs, getFileGlobs());
    this.selectorKey = patterns.join('\n');
    return [{ language: ROLE_LANGUAGE_ID }, ...patterns.flatMap((pattern) => [{ language: 'json', pattern }, { language: 'jsonc', pattern }])];
  }

  private updateSelector(): void {
    const key = roleFilePatterns(this.catalog.model.roleFileGlobs, getFileGlobs()).join('\n');
    if (key !== this.selectorKey) this.item.selector = this.selector();
  }

  render(state: ConnectionState = this.connections.state): void {
    const p = presentClusterStatus(state, this.connections.profiles().length);
    this.item.text = p.text;
    this.item.detail = p.detail;
    this.item.busy = p.busy;
    this.item.severity = SEVERITY[p.severity];
    this.item.command = { title: p.command.title, tooltip: p.command.tooltip, ...commandOf(p.command.action, state.profile?.name) };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function commandOf(action: StatusCommand, profileName: string | undefined): { command: string; arguments?: unknown[] } {
  switch (action) {
    case 'setCredentials':
      return { command: CommandIds.setCredentials, arguments: profileName ? [profileName] : [] };
    case 'openSettings':
      return { command: 'workbench.action.openSettings', arguments: ['elasticsearchRoles.clusters'] };
    case 'addCluster':
      return { command: CommandIds.addCluster };
    case 'selectCluster':
      return { command: CommandIds.selectCluster };
    case 'showLog':
      return { command: CommandIds.showLog };
    case 'retry':
    case 'reconnect':
      return { command: CommandIds.reconnect };
  }
}
