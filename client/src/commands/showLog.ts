import type { CommandFactory } from './types';

/** elasticsearchRoles.showLog: reveal the log channel. */
export const showLog: CommandFactory = ({ log }) => () => log.show(true);
