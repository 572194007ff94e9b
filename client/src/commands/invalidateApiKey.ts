import * as vscode from 'vscode';
import { getApiKeys, invalidateApiKeys, type InvalidateApiKeysRequest } from '../cluster';
import { apiKeyPickRows, invalidateResultMessage, invalidateTargetFromInput, type InvalidateTarget } from '../clusters/apiKeyModel';
import { activeClusterClient, withCancellableProgress } from '../clusters/commandSupport';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices } from '../clusters/services';
import type { CommandFactory } from './types';

const WHAT = 'Invalidate API Key';
const TITLE = `Elasticsearch Roles: ${WHAT}`;

/**
 * elasticsearchRoles.invalidateApiKey: invalidates an API key on the active cluster, picked from your
 * active keys or given by id or name, after a modal confirmation.
 */
export const invalidateApiKey: CommandFactory = (ctx) => async () => {
  const services = clusterServices(ctx);
  let clusterName: string | undefined;
  try {
    const target = await activeClusterClient(services);
    if (!target) return;
    clusterName = target.profile.name;
    const keys = await withCancellableProgress(`Reading your API keys on "${clusterName}"…`, (_p, signal) => getApiKeys(target.client, { owner: true }, { signal }));
    const rows = apiKeyPickRows(keys);
    const byId = { label: '$(key) Enter an API key id…', description: 'any key, if you may manage it', value: 'id' as const };
    const byName = { label: '$(symbol-string) Enter an API key name…', description: 'every key with this name', value: 'name' as const };
    const picked = await vscode.window.showQuickPick([...rows.map((r) => ({ ...r, value: 'row' as const })), byId, byName], {
      title: TITLE,
      placeHolder: rows.length ? `Your active API keys on "${clusterName}"` : `You have no active API keys on "${clusterName}"; enter an id or a name`,
      matchOnDescription: true,
    });
    if (!picked) return;
    let request: InvalidateApiKeysRequest;
    let what: InvalidateTarget;
    if (picked.value === 'row') {
      const row = picked as (typeof rows)[number];
      what = { ids: [row.id], label: `API key "${row.label}" (id ${row.id})` };
      request = { ids: [row.id], owner: true };
    } else {
      const input = await vscode.window.showInputBox({
        title: TITLE,
        prompt: picked.value === 'id' ? 'API key id' : 'API key name (every key with this name is invalidated)',
        validateInput: (v) => (v.trim() ? undefined : 'Required.'),
      });
      const t = input === undefined ? undefined : invalidateTargetFromInput(input, picked.value === 'id');
      if (!t) return;
      what = t;
      request = 'ids' in t ? { ids: t.ids } : { name: t.name };
    }
    const ok = await vscode.window.showWarningMessage(
      `Invalidate ${what.label} on "${clusterName}"?`,
      { modal: true, detail: 'Applications using it lose access immediately. This cannot be undone.' },
      'Invalidate',
    );
    if (ok !== 'Invalidate') return;
    const res = await withCancellableProgress(`Invalidating on "${clusterName}"…`, (_p, signal) => invalidateApiKeys(target.client, request, { signal }));
    const result = invalidateResultMessage(res, clusterName);
    services.log.info(`${WHAT}: ${result.message} Invalidated ids: ${res.invalidated_api_keys.join(', ') || 'none'}.`);
    for (const e of res.error_details ?? []) services.log.error(`${WHAT}: ${e.type ?? ''}: ${e.reason ?? ''}`);
    const show = result.severity === 'error' ? vscode.window.showErrorMessage : result.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(result.message);
  } catch (err) {
    await reportClusterError(services, err, WHAT, clusterName);
  }
};
