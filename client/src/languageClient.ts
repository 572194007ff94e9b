/**
 * The language client: which documents go to the server, the transport, the error handler with a
 * restart cap, and typed access to the custom messages of protocol.ts.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  DocumentInfoRequest,
  SetLiveCatalogNotification,
  type DocumentInfo,
  type NotificationSpec,
  type RequestSpec,
  type SetLiveCatalogParams,
} from '../../server/src/protocol';
import { SERVER_NODE_OPTIONS } from '../../server/src/nodeOptions';
import { CommandIds } from './commands/ids';
import { SECTION } from './config';
import { RestartPolicy } from './restartPolicy';
import { serverSettingsMiddleware } from './settingsForServer';
import { ROLE_LANGUAGE_ID } from './ui/languageStatus';

export const CLIENT_ID = SECTION; // so `elasticsearchRoles.trace.server` controls the LSP trace
export const CLIENT_NAME = 'Elasticsearch Roles';

export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  restartPolicy: RestartPolicy,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Every json/jsonc file goes to the server, which decides by name and `elasticsearchRoles.files`
    // (resource-scoped) whether it is a role file; for any other file it publishes nothing.
    documentSelector: [
      { language: ROLE_LANGUAGE_ID },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
    ],
    synchronize: { configurationSection: SECTION },
    // The server gets no cluster profiles: not in configuration answers, not in change notifications.
    middleware: { workspace: serverSettingsMiddleware },
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    diagnosticCollectionName: SECTION,
    errorHandler: createErrorHandler(restartPolicy, log),
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/** Restarts a crashed server at most 4 times in 3 minutes, then shows one error. */
export function createErrorHandler(policy: RestartPolicy, log: vscode.LogOutputChannel): ErrorHandler {
  return {
    error: (error, _message, count) => {
      log.error(`Language server connection error: ${error.message}`);
      return { action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed: () => {
      if (policy.shouldRestart()) {
        log.warn(`The language server stopped unexpectedly; restarting it (${policy.recentRestarts} of ${policy.maxRestarts} in ${policy.windowMs / 60_000} minutes).`);
        return { action: CloseAction.Restart, handled: true };
      }
      const summary = `The Elasticsearch Roles language server crashed ${policy.maxRestarts + 1} times in the last ${policy.windowMs / 60_000} minutes and will not be restarted.`;
      log.error(summary);
      void vscode.window.showErrorMessage(summary, 'Show Log', 'Restart Server').then((choice) => {
        if (choice === 'Show Log') log.show();
        else if (choice === 'Restart Server') void vscode.commands.executeCommand(CommandIds.restartServer);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}

// --- typed custom messages (see server/src/protocol.ts for why these go by method name) ------------

export function onServerNotification<P>(client: LanguageClient, spec: NotificationSpec<P>, handler: (params: P) => void): vscode.Disposable {
  return client.onNotification(spec.method, (params: P) => handler(params));
}

export function sendServerNotification<P>(client: LanguageClient, spec: NotificationSpec<P>, params: P): Promise<void> {
  return client.sendNotification(spec.method, params);
}

export function sendServerRequest<P, R>(client: LanguageClient, spec: RequestSpec<P, R>, params: P, token?: vscode.CancellationToken): Promise<R> {
  return client.sendRequest<R>(spec.method, params, token);
}

/** For the cluster commands: the server validates against this list until `null` is sent. */
export function setLiveCatalog(client: LanguageClient, params: SetLiveCatalogParams): Promise<void> {
  return sendServerNotification(client, SetLiveCatalogNotification, params);
}

/** For CodeLens and push: what an open document holds (null when it is not a role document). */
export function documentInfo(client: LanguageClient, uri: vscode.Uri, token?: vscode.CancellationToken): Promise<DocumentInfo | null> {
  return sendServerRequest(client, DocumentInfoRequest, { uri: client.code2ProtocolConverter.asUri(uri) }, token);
}
