import { clusterServices } from '../clusters/services';
import type { CommandFactory } from './types';

/** elasticsearchRoles._reconnect (internal, the status item's Retry/Connect link): connect again. The status item shows the outcome. */
export const reconnect: CommandFactory = (ctx) => async () => {
  await clusterServices(ctx).connections.connect();
};
