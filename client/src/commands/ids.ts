/** Command ids (contributed in package.json under the "Elasticsearch Roles" category). */
export const CommandIds = {
  selectTargetVersion: 'elasticsearchRoles.selectTargetVersion',
  showLog: 'elasticsearchRoles.showLog',
  restartServer: 'elasticsearchRoles.restartServer',
  addCluster: 'elasticsearchRoles.addCluster',
  selectCluster: 'elasticsearchRoles.selectCluster',
  setCredentials: 'elasticsearchRoles.setCredentials',
  removeCluster: 'elasticsearchRoles.removeCluster',
  refreshBuiltinPrivileges: 'elasticsearchRoles.refreshBuiltinPrivileges',
  checkPrivileges: 'elasticsearchRoles.checkPrivileges',
  pushRoles: 'elasticsearchRoles.pushRoles',
  pullRoles: 'elasticsearchRoles.pullRoles',
  restoreBackup: 'elasticsearchRoles.restoreBackup',
  createApiKey: 'elasticsearchRoles.createApiKey',
  grantApiKey: 'elasticsearchRoles.grantApiKey',
  invalidateApiKey: 'elasticsearchRoles.invalidateApiKey',
  sendApiKeyRequest: 'elasticsearchRoles.sendApiKeyRequest',
  verifyModel: 'elasticsearchRoles.verifyModel',
  explainAccess: 'elasticsearchRoles.explainAccess',
  compareRoles: 'elasticsearchRoles.compareRoles',
  /** Internal (status item link): connect to the active cluster again. */
  reconnect: 'elasticsearchRoles._reconnect',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
