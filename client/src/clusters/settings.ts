/** Ids of the cluster settings (no `vscode` import). */
export const ClusterSettingKeys = {
  clusters: 'clusters',
  activeCluster: 'activeCluster',
  pushConfirm: 'push.confirm',
  pushBackupDirectory: 'push.backupDirectory',
  codeLensEnabled: 'codeLens.enabled',
} as const;

export const ClusterSettingIds = {
  clusters: 'elasticsearchRoles.clusters',
  activeCluster: 'elasticsearchRoles.activeCluster',
  pushConfirm: 'elasticsearchRoles.push.confirm',
  pushBackupDirectory: 'elasticsearchRoles.push.backupDirectory',
  codeLensEnabled: 'elasticsearchRoles.codeLens.enabled',
} as const;
