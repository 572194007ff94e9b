import * as vscode from 'vscode';

export const LOG_CHANNEL_NAME = 'Elasticsearch Roles';

/** The extension's one log: language-client messages, server console, command failures. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
}
