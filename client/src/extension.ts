/** activate/deactivate: wiring only. */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { CatalogStatusNotification } from '../../server/src/protocol';
import { activateClusterFeatures } from './clusters/lazy';
import { registerCommands } from './commands';
import { createLanguageClient, onServerNotification } from './languageClient';
import { RestartPolicy } from './restartPolicy';
import { CatalogStatusItem } from './ui/languageStatus';
import { createLog } from './ui/log';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = createLog();
  const status = new CatalogStatusItem();
  const restartPolicy = new RestartPolicy();
  client = createLanguageClient(context, log, restartPolicy);
  const lc = client;
  const commandContext = { extension: context, client: lc, log, status, restartPolicy };
  context.subscriptions.push(
    log,
    status,
    onServerNotification(lc, CatalogStatusNotification, (params) => status.update(params)),
    lc.onDidChangeState((e) => {
      if (e.newState === State.Starting) status.reset();
    }),
    ...registerCommands(commandContext),
    activateClusterFeatures(commandContext),
  );
  try {
    await lc.start();
  } catch (err) {
    log.error(`The language server did not start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage('Elasticsearch Roles: the language server did not start.', 'Show Log').then((choice) => {
      if (choice === 'Show Log') log.show();
    });
  }
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c?.isRunning()) await c.stop();
}
