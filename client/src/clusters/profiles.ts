/**
 * Cluster profiles in settings: `elasticsearchRoles.clusters` (user settings only: a workspace must
 * not be able to point a stored credential at another host) and `elasticsearchRoles.activeCluster`.
 * Never a secret: those are in SecretStorage (secrets.ts).
 */
import * as vscode from 'vscode';
import { SECTION } from '../config';
import { normalizeProfiles, removeProfileSetting, upsertProfileSetting, type ClusterProfile } from './profileModel';
import { ClusterSettingIds, ClusterSettingKeys } from './settings';

export class ProfileStore {
  private lastProblems = '';

  constructor(private readonly log: vscode.LogOutputChannel) {}

  private section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** The usable profiles; problems with the setting are logged once per change. */
  profiles(): ClusterProfile[] {
    const { profiles, problems } = normalizeProfiles(this.userValue());
    const key = problems.join('\n');
    if (key !== this.lastProblems) {
      this.lastProblems = key;
      for (const p of problems) this.log.warn(p);
    }
    return profiles;
  }

  /**
   * The value from user (global) settings only. `elasticsearchRoles.clusters` is application-scoped,
   * so VS Code ignores it in workspace settings; reading the global value makes that explicit.
   */
  private userValue(): unknown {
    const inspected = this.section().inspect<unknown>(ClusterSettingKeys.clusters);
    return inspected?.globalValue ?? inspected?.defaultValue ?? [];
  }

  activeName(): string | undefined {
    const v = this.section().get<unknown>(ClusterSettingKeys.activeCluster);
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  }

  profile(name: string): ClusterProfile | undefined {
    return this.profiles().find((p) => p.name === name);
  }

  async save(profile: ClusterProfile): Promise<void> {
    await this.section().update(ClusterSettingKeys.clusters, upsertProfileSetting(this.userValue(), profile), vscode.ConfigurationTarget.Global);
  }

  async remove(name: string): Promise<void> {
    await this.section().update(ClusterSettingKeys.clusters, removeProfileSetting(this.userValue(), name), vscode.ConfigurationTarget.Global);
    if (this.activeName() === name) await this.setActive(undefined);
  }

  /**
   * Selects a cluster. Written where the current value comes from: the workspace when it sets one
   * (a per-project choice), else user settings.
   */
  async setActive(name: string | undefined): Promise<void> {
    const inspected = this.section().inspect<string>(ClusterSettingKeys.activeCluster);
    const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await this.section().update(ClusterSettingKeys.activeCluster, name, target);
  }

  /** Whether a configuration change concerns the profiles or the selection. */
  static affects(e: vscode.ConfigurationChangeEvent): boolean {
    return e.affectsConfiguration(ClusterSettingIds.clusters) || e.affectsConfiguration(ClusterSettingIds.activeCluster);
  }
}

/** `elasticsearchRoles.push.confirm` (default true). */
export function pushConfirmEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>(ClusterSettingKeys.pushConfirm) !== false;
}

/** `elasticsearchRoles.codeLens.enabled` (default true). */
export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>(ClusterSettingKeys.codeLensEnabled) !== false;
}

/** The backup folder: `elasticsearchRoles.push.backupDirectory` (~ expanded) or `<globalStorage>/backups`. */
export function backupDirectory(context: vscode.ExtensionContext): string {
  const v = vscode.workspace.getConfiguration(SECTION).get<unknown>(ClusterSettingKeys.pushBackupDirectory);
  const configured = typeof v === 'string' ? v.trim() : '';
  if (configured) {
    const home = process.env.HOME ?? process.env.USERPROFILE ?? '';
    return configured.startsWith('~') && home ? home + configured.slice(1) : configured;
  }
  return vscode.Uri.joinPath(context.globalStorageUri, 'backups').fsPath;
}
