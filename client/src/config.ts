/** Setting ids and typed getters for the `elasticsearchRoles` section. */
import * as vscode from 'vscode';

export const SECTION = 'elasticsearchRoles';

/** Keys relative to the section. */
export const SettingKeys = {
  targetVersion: 'targetVersion',
  files: 'files',
  maxFileSizeMB: 'maxFileSizeMB',
  validationDelayMs: 'validation.delayMs',
  traceServer: 'trace.server',
} as const;

/** Full setting ids, for `affectsConfiguration` and messages. */
export const SettingIds = {
  targetVersion: `${SECTION}.${SettingKeys.targetVersion}`,
  files: `${SECTION}.${SettingKeys.files}`,
  maxFileSizeMB: `${SECTION}.${SettingKeys.maxFileSizeMB}`,
  validationDelayMs: `${SECTION}.${SettingKeys.validationDelayMs}`,
  traceServer: `${SECTION}.${SettingKeys.traceServer}`,
} as const;

function section(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** "" means the newest bundled version. */
export function getTargetVersion(scope?: vscode.ConfigurationScope): string {
  const value = section(scope).get<unknown>(SettingKeys.targetVersion);
  return typeof value === 'string' ? value.trim() : '';
}

export function getFileGlobs(scope?: vscode.ConfigurationScope): string[] {
  const value = section(scope).get<unknown>(SettingKeys.files);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
}

/** Writes the target version at workspace scope (user scope when no folder is open). */
export async function setTargetVersion(version: string): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await section().update(SettingKeys.targetVersion, version || undefined, target);
}
