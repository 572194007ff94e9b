import { basename } from 'node:path';
import * as vscode from 'vscode';
import { createApiKey, grantApiKey, type CreateApiKeyRequest, type GrantApiKeyRequest } from '../cluster';
import { promptKeyName, showNewKey } from '../clusters/apiKeyFlow';
import { activeClusterClient, readRoleFile, targetUri, withCancellableProgress } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import type { CommandFactory } from './types';

const WHAT = 'Send API Key Request';
const TITLE = `Elasticsearch Roles: ${WHAT}`;

/**
 * elasticsearchRoles.sendApiKeyRequest (the "Send" CodeLens): sends an API-key create file to
 * POST _security/api_key, or a grant file to POST _security/api_key/grant, as written. A grant
 * file without the password / access token gets it prompted (never stored). Argument: uri?.
 */
export const sendApiKeyRequest: CommandFactory = (ctx) => async (uriArg?: unknown) => {
  const services = clusterServices(ctx);
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage(`${WHAT}: open an API-key file first.`);
    return;
  }
  let clusterName: string | undefined;
  const secrets: string[] = [];
  try {
    const { content } = await readRoleFile(services, uri);
    const file = basename(uri.path);
    if (content.syntaxError) {
      void vscode.window.showErrorMessage(`${WHAT}: ${file} is not valid JSON (${content.syntaxError}).`);
      return;
    }
    if (content.shape === 'api_key_create') {
      const body = { ...(content.body ?? {}) } as Record<string, unknown>;
      if (typeof body.name !== 'string' || !body.name) {
        const name = await promptKeyName(TITLE, undefined);
        if (!name) return;
        body.name = name;
      }
      const target = await activeClusterClient(services);
      if (!target) return;
      clusterName = target.profile.name;
      const res = await withCancellableProgress(`Creating API key "${body.name}" on "${clusterName}"…`, (_p, signal) =>
        createApiKey(target.client, body as unknown as CreateApiKeyRequest, { signal }),
      );
      await showNewKey(services, res, clusterName, 'created');
      return;
    }
    if (content.shape === 'api_key_grant') {
      const body = { ...(content.body ?? {}) } as Record<string, unknown>;
      const type = body.grant_type;
      if (type !== 'password' && type !== 'access_token') {
        void vscode.window.showErrorMessage(`${WHAT}: ${file} needs "grant_type": "password" or "access_token".`);
        return;
      }
      const field = type === 'password' ? 'password' : 'access_token';
      if (typeof body[field] !== 'string' || !body[field]) {
        const secret = await vscode.window.showInputBox({
          title: TITLE,
          prompt: type === 'password' ? `Password of "${String(body.username ?? '')}" (not stored)` : 'Access token of the user (not stored)',
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v ? undefined : 'Required.'),
        });
        if (secret === undefined) return;
        body[field] = secret;
      }
      secrets.push(body[field] as string);
      const target = await activeClusterClient(services);
      if (!target) return;
      clusterName = target.profile.name;
      const name = (body.api_key as { name?: unknown } | undefined)?.name;
      const res = await withCancellableProgress(`Granting API key${typeof name === 'string' ? ` "${name}"` : ''} on "${clusterName}"…`, (_p, signal) =>
        grantApiKey(target.client, body as unknown as GrantApiKeyRequest, { signal }),
      );
      await showNewKey(services, res, clusterName, 'granted');
      return;
    }
    void vscode.window.showErrorMessage(`${WHAT}: ${file} is not an API-key create or grant file. For roles, use Create API Key.`);
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName, { secrets });
  }
};
