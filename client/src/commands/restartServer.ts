import * as vscode from 'vscode';
import type { CommandFactory } from './types';

/** elasticsearchRoles.restartServer: restart the language server (also after it was given up on). */
export const restartServer: CommandFactory = ({ client, log, status, restartPolicy }) => async () => {
  restartPolicy.reset();
  status.reset();
  try {
    if (client.isRunning()) await client.restart();
    else await client.start();
    log.info('Language server restarted.');
  } catch (err) {
    log.error(`Restarting the language server failed: ${err instanceof Error ? err.message : String(err)}`);
    const choice = await vscode.window.showErrorMessage('Elasticsearch Roles: the language server could not be restarted.', 'Show Log');
    if (choice === 'Show Log') log.show();
  }
};
