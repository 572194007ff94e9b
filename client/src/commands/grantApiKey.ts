import { basename } from 'node:path';
import * as vscode from 'vscode';
import { grantApiKey as grantKey } from '../cluster';
import { promptExpiration, promptKeyName, showNewKey } from '../clusters/apiKeyFlow';
import { activeClusterClient, readRoleFile, targetUri, withCancellableProgress } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import { grantApiKeyRequest } from '../ops';
import { roleNameFromUri } from '../../../server/src/language/shapes';
import type { CommandFactory } from './types';

const WHAT = 'Grant API Key';
const TITLE = `Elasticsearch Roles: ${WHAT}`;

/**
 * elasticsearchRoles.grantApiKey: creates an API key on behalf of another user
 * (POST _security/api_key/grant) with their password or access token, optionally run as a third
 * user. The key's privileges come from the file (a role of a role file, or an API-key file). The
 * grantee's secret is prompted (never read from the file, never logged). Arguments: (uri?, roleName?).
 */
export const grantApiKey: CommandFactory = (ctx) => async (uriArg?: unknown, roleArg?: unknown) => {
  const services = clusterServices(ctx);
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage(`${WHAT}: open a role file or an API-key file first.`);
    return;
  }
  let clusterName: string | undefined;
  const secrets: string[] = [];
  try {
    const { content } = await readRoleFile(services, uri);
    const file = content.shape === 'api_key_grant' ? (content.body ?? {}) : {};
    const fileKey = content.shape === 'api_key_create' ? content.body : content.shape === 'api_key_grant' ? (file.api_key as Record<string, unknown> | undefined) : undefined;
    const roleName = typeof roleArg === 'string' ? roleArg : undefined;
    const type = await vscode.window.showQuickPick(
      [
        { label: 'Password', description: 'grant_type password: the user\'s name and password', value: 'password' as const },
        { label: 'Access token', description: 'grant_type access_token: an OAuth2 / SAML / OIDC access token of the user', value: 'access_token' as const },
      ].sort((a, b) => Number(b.value === file.grant_type) - Number(a.value === file.grant_type)),
      { title: TITLE, placeHolder: 'How the user proves who they are', ignoreFocusOut: true },
    );
    if (!type) return;
    let username: string | undefined;
    if (type.value === 'password') {
      username = await vscode.window.showInputBox({
        title: TITLE,
        prompt: 'User to create the key for',
        value: typeof file.username === 'string' ? file.username : '',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'Enter the user name.'),
      });
      if (username === undefined) return;
      username = username.trim();
    }
    const secret = await vscode.window.showInputBox({
      title: TITLE,
      prompt: type.value === 'password' ? `Password of "${username}" (not stored)` : 'Access token of the user (not stored)',
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v ? undefined : 'Required.'),
    });
    if (secret === undefined) return;
    secrets.push(secret);
    const runAsInput = await vscode.window.showInputBox({
      title: TITLE,
      prompt: 'Run as (optional): create the key for this user instead, if the granting user may run as them',
      value: typeof file.run_as === 'string' ? file.run_as : '',
      ignoreFocusOut: true,
    });
    if (runAsInput === undefined) return;
    const names = Object.keys(content.roles);
    const defaultName = typeof fileKey?.name === 'string' && fileKey.name ? fileKey.name : (roleName ?? (names.length === 1 ? names[0] : roleNameFromUri(basename(uri.path))));
    const name = await promptKeyName(TITLE, defaultName);
    if (!name) return;
    const expiration = await promptExpiration(TITLE, typeof fileKey?.expiration === 'string' ? fileKey.expiration : undefined);
    if (expiration === undefined) return;
    const body = grantApiKeyRequest(content, {
      name,
      grantType: type.value,
      username,
      ...(type.value === 'password' ? { password: secret } : { accessToken: secret }),
      ...(runAsInput.trim() ? { runAs: runAsInput.trim() } : {}),
      ...(expiration ? { expiration } : {}),
      roleName,
    });
    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    const res = await withCancellableProgress(`Granting API key "${name}" on "${clusterName}"…`, (_p, signal) => grantKey(target.client, body, { signal }));
    await showNewKey(services, res, clusterName, 'granted');
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName, { secrets });
  }
};
