import { basename } from 'node:path';
import * as vscode from 'vscode';
import { createApiKey as createKey } from '../cluster';
import { promptExpiration, promptKeyName, promptMetadata, showNewKey } from '../clusters/apiKeyFlow';
import { activeClusterClient, readRoleFile, targetUri, withCancellableProgress } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import { createApiKeyRequest } from '../ops';
import { roleNameFromUri } from '../../../server/src/language/shapes';
import type { CommandFactory } from './types';

const WHAT = 'Create API Key';
const TITLE = `Elasticsearch Roles: ${WHAT}`;
const ALL = '\u0000all';

/**
 * elasticsearchRoles.createApiKey: creates an API key on the active cluster for yourself, limited to
 * a role of the file (CodeLens / picked), all its roles, or an API-key create file's descriptors.
 * Prompts for name, expiration (default: none) and metadata; shows the key once.
 * Arguments: (uri?, roleName?).
 */
export const createApiKey: CommandFactory = (ctx) => async (uriArg?: unknown, roleArg?: unknown) => {
  const services = clusterServices(ctx);
  const uri = targetUri(uriArg);
  if (!uri) {
    void vscode.window.showErrorMessage(`${WHAT}: open a role file or an API-key file first.`);
    return;
  }
  let clusterName: string | undefined;
  try {
    const { content } = await readRoleFile(services, uri);
    const isKeyFile = content.shape === 'api_key_create' || content.shape === 'api_key_grant';
    let roleName = typeof roleArg === 'string' ? roleArg : undefined;
    const names = Object.keys(content.roles);
    if (roleName === undefined && !isKeyFile && names.length > 1) {
      const picked = await vscode.window.showQuickPick([{ label: 'All roles in the file', value: ALL }, ...names.map((n) => ({ label: n, value: n }))], {
        title: TITLE,
        placeHolder: 'The role(s) the key is limited to',
      });
      if (!picked) return;
      roleName = picked.value === ALL ? undefined : picked.value;
    }
    const fileKey = content.shape === 'api_key_create' ? content.body : content.shape === 'api_key_grant' ? (content.body?.api_key as Record<string, unknown> | undefined) : undefined;
    const defaultName = typeof fileKey?.name === 'string' && fileKey.name ? fileKey.name : (roleName ?? (names.length === 1 ? names[0] : roleNameFromUri(basename(uri.path))));
    const name = await promptKeyName(TITLE, defaultName);
    if (!name) return;
    const expiration = await promptExpiration(TITLE, typeof fileKey?.expiration === 'string' ? fileKey.expiration : undefined);
    if (expiration === undefined) return;
    const metadata = await promptMetadata(TITLE);
    if (metadata === null) return;
    const body = createApiKeyRequest(content, { name, roleName, ...(expiration ? { expiration } : {}), ...(metadata ? { metadata } : {}) });
    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    const res = await withCancellableProgress(`Creating API key "${name}" on "${clusterName}"…`, (_p, signal) => createKey(target.client, body, { signal }));
    await showNewKey(services, res, clusterName, 'created');
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName);
  }
};
