/** Command ids (contributed in package.json under the "Elasticsearch Roles" category). */
export const CommandIds = {
  selectTargetVersion: 'elasticsearchRoles.selectTargetVersion',
  showLog: 'elasticsearchRoles.showLog',
  restartServer: 'elasticsearchRoles.restartServer',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
