import * as vscode from 'vscode';
import { authenticate, describeError, getRoot, type AuthenticateResponse, type RootInfo } from '../cluster';
import { fixActionFor } from '../clusters/errorModel';
import {
  AUTH_KINDS,
  authKindLabel,
  parseEndpoint,
  secretPrompt,
  validateFingerprintInput,
  validateProfileName,
  type AuthKind,
  type ClusterProfile,
  type Endpoint,
} from '../clusters/profileModel';
import { reportClusterError } from '../clusters/reportError';
import { clusterServices, type ClusterServices } from '../clusters/services';
import type { CommandFactory } from './types';

const TITLE = 'Elasticsearch Roles: Add Cluster';

interface Draft {
  name?: string;
  endpoint?: Endpoint;
  auth?: AuthKind;
  username?: string;
  secret?: string;
  tls?: Pick<ClusterProfile, 'caFile' | 'caFingerprint' | 'insecure'>;
}

type Step = 'name' | 'endpoint' | 'auth' | 'username' | 'secret' | 'tls' | 'verify' | 'done';

/**
 * elasticsearchRoles.addCluster: name, URL or Cloud ID, auth kind, username, secret, TLS trust;
 * the credentials are checked with GET _security/_authenticate before anything is stored; then the
 * profile goes to user settings, the secret to SecretStorage, and the new cluster is selected.
 */
export const addCluster: CommandFactory = (ctx) => async () => {
  const services = clusterServices(ctx);
  const draft: Draft = {};
  let step: Step = 'name';
  let verified: { root: RootInfo; who?: AuthenticateResponse } | undefined;
  while (step !== 'done') {
    switch (step) {
      case 'name': {
        const existing = services.profiles.profiles().map((p) => p.name);
        const name = await vscode.window.showInputBox({
          title: `${TITLE} (1/6): name`,
          prompt: 'A short name for this cluster, shown in the status bar (e.g. prod, staging, local)',
          value: draft.name,
          ignoreFocusOut: true,
          validateInput: (v) => validateProfileName(v, existing),
        });
        if (name === undefined) return;
        draft.name = name.trim();
        step = 'endpoint';
        break;
      }
      case 'endpoint': {
        const input = await vscode.window.showInputBox({
          title: `${TITLE} (2/6): address`,
          prompt: 'The cluster URL (https://host:9200) or the Elastic Cloud ID of the deployment',
          placeHolder: 'https://localhost:9200  or  my-deployment:ZXUtY2VudHJhbC0xLmF3cy5jbG91ZC5lcy5pbyQ…',
          value: draft.endpoint ? ('url' in draft.endpoint ? draft.endpoint.url : draft.endpoint.cloudId) : undefined,
          ignoreFocusOut: true,
          validateInput: (v) => {
            const parsed = parseEndpoint(v);
            return 'error' in parsed ? parsed.error : undefined;
          },
        });
        if (input === undefined) return;
        const parsed = parseEndpoint(input);
        if ('error' in parsed) return;
        draft.endpoint = parsed;
        step = 'auth';
        break;
      }
      case 'auth': {
        const picked = await vscode.window.showQuickPick(
          AUTH_KINDS.map((kind) => ({ label: authKindLabel(kind), authKind: kind, picked: kind === draft.auth })),
          { title: `${TITLE} (3/6): authentication`, placeHolder: 'How to authenticate to the cluster', ignoreFocusOut: true },
        );
        if (!picked) return;
        draft.auth = picked.authKind;
        step = picked.authKind === 'basic' ? 'username' : picked.authKind === 'none' ? 'tls' : 'secret';
        break;
      }
      case 'username': {
        const username = await vscode.window.showInputBox({
          title: `${TITLE} (4/6): username`,
          prompt: `User name on cluster "${draft.name}"`,
          value: draft.username ?? 'elastic',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Enter a user name.'),
        });
        if (username === undefined) return;
        draft.username = username.trim();
        step = 'secret';
        break;
      }
      case 'secret': {
        const prompt = secretPrompt(draft.auth!, draft.name!, draft.username)!;
        const secret = await vscode.window.showInputBox({
          title: `${TITLE} (5/6): secret`,
          ...prompt,
          password: true,
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'Enter the secret; it is stored in the OS credential store, never in settings.'),
        });
        if (secret === undefined) return;
        draft.secret = secret;
        step = 'tls';
        break;
      }
      case 'tls': {
        const tls = await pickTls(draft);
        if (!tls) return;
        draft.tls = tls;
        step = 'verify';
        break;
      }
      case 'verify': {
        const outcome = await verify(services, draft);
        if (outcome.ok) {
          verified = outcome;
          step = 'done';
        } else if (outcome.next) step = outcome.next;
        else return;
        break;
      }
    }
  }
  const profile = toProfile(draft);
  try {
    if (profile.auth !== 'none') await services.secrets.store(profile.name, draft.secret!);
    await services.profiles.save(profile);
    await services.profiles.setActive(profile.name);
  } catch (err) {
    await reportClusterError(services, err, 'Add Cluster', undefined);
    return;
  }
  const who = verified?.who ? `, user ${verified.who.username}` : '';
  services.log.info(`Cluster "${profile.name}" added (${verified?.root.cluster_name}, ES ${verified?.root.version.number}${who}) and selected.`);
  void vscode.window.showInformationMessage(`Cluster "${profile.name}" added and selected (ES ${verified?.root.version.number ?? '?'}${who}).`);
};

function toProfile(d: Draft): ClusterProfile {
  return {
    name: d.name!,
    ...(d.endpoint && 'url' in d.endpoint ? { url: d.endpoint.url } : { cloudId: (d.endpoint as { cloudId: string }).cloudId }),
    auth: d.auth!,
    ...(d.auth === 'basic' ? { username: d.username } : {}),
    ...d.tls,
  };
}

async function pickTls(d: Draft): Promise<Draft['tls'] | undefined> {
  const isHttps = d.endpoint !== undefined && ('cloudId' in d.endpoint || d.endpoint.url.startsWith('https:'));
  if (!isHttps) return {};
  const items = [
    { label: 'System trust store', description: 'the certificate is signed by a public or company CA (default)', id: 'system' },
    { label: 'CA certificate file…', description: 'e.g. config/certs/http_ca.crt of a self-managed cluster', id: 'file' },
    { label: 'CA fingerprint…', description: 'the SHA-256 fingerprint Elasticsearch printed at first start', id: 'fingerprint' },
    { label: 'Skip certificate verification (insecure)', description: 'anyone on the network path can read the credentials', id: 'insecure' },
  ] as const;
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (6/6): TLS trust`, placeHolder: 'How to trust the cluster\'s TLS certificate', ignoreFocusOut: true });
  if (!picked) return undefined;
  switch (picked.id) {
    case 'system':
      return {};
    case 'file': {
      const files = await vscode.window.showOpenDialog({
        title: 'CA certificate (PEM) of the cluster',
        canSelectFiles: true,
        canSelectFolders: false,
        canSelectMany: false,
        filters: { 'PEM certificates': ['crt', 'pem', 'cer'], 'All files': ['*'] },
      });
      return files?.[0] ? { caFile: files[0].fsPath } : undefined;
    }
    case 'fingerprint': {
      const fp = await vscode.window.showInputBox({
        title: `${TITLE} (6/6): CA fingerprint`,
        prompt: 'SHA-256 fingerprint of the CA certificate (hex, colons optional)',
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? validateFingerprintInput(v) : 'Enter the fingerprint.'),
      });
      return fp === undefined ? undefined : { caFingerprint: fp.trim() };
    }
    case 'insecure': {
      const ok = await vscode.window.showWarningMessage(
        `Skip TLS certificate verification for "${d.name}"?`,
        { modal: true, detail: 'The connection is encrypted but not authenticated: anyone on the network path can impersonate the cluster and read the credentials. A warning is logged on every connection. Prefer the CA file or fingerprint.' },
        'Skip Verification',
      );
      return ok ? { insecure: true } : undefined;
    }
  }
}

type VerifyOutcome = { ok: true; root: RootInfo; who?: AuthenticateResponse } | { ok: false; next?: Step };

/** Checks the address, TLS and credentials with a temporary client; nothing is stored yet. */
async function verify(services: ClusterServices, d: Draft): Promise<VerifyOutcome> {
  const profile = toProfile(d);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the connection to "${profile.name}"…`, cancellable: true },
      async (_p, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        const client = services.connections.createTemporaryClient(profile, d.secret);
        try {
          const root = await getRoot(client, { signal: controller.signal });
          const who = profile.auth === 'none' ? undefined : await authenticate(client, { signal: controller.signal });
          return { root, who };
        } finally {
          await client.close();
        }
      },
    );
    return { ok: true, ...result };
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') return { ok: false };
    const summary = describeError(err, profile.name);
    services.log.error(`Add Cluster: checking "${profile.name}" failed: ${summary}`);
    const action = fixActionFor(err);
    const buttons = action === 'setCredentials' ? ['Re-enter Secret', 'Change Address', 'Show Log'] : ['Retry', 'Change Address', 'Change TLS', 'Show Log'];
    const choice = await vscode.window.showErrorMessage(`Add Cluster: nothing was saved. ${summary}`, ...buttons);
    switch (choice) {
      case 'Re-enter Secret':
        return { ok: false, next: profile.auth === 'none' ? 'auth' : 'secret' };
      case 'Change Address':
        return { ok: false, next: 'endpoint' };
      case 'Change TLS':
        return { ok: false, next: 'tls' };
      case 'Retry':
        return { ok: false, next: 'verify' };
      case 'Show Log':
        services.log.show(true);
        return { ok: false };
      default:
        return { ok: false };
    }
  }
}
