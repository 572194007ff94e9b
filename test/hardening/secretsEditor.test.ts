/**
 * Issue 5, item 5 (editor side), without VS Code: the extension's cluster bundle (clusters/bundle.ts,
 * what dist/cluster.js runs) is activated against a stand-in `vscode` module (fakeVscode.ts) and
 * the BUILT language server (dist/server.js, as test/lsp does), with a tap on every LSP message in
 * both directions, the server asked for verbose tracing ($/setTrace), and the log channel keeping
 * every line at trace level. Every cluster command runs — Add Cluster (a wrong secret first), Set
 * Credentials to each auth method (basic, API key as id:key and encoded, bearer), Refresh, Check
 * Privileges (also run as), Push, Restore Backup, Pull, Create / Grant / Send / Invalidate API key,
 * Select and Remove Cluster — on success and under every fault the test server injects (401, 403
 * and 500 echoing the credentials back, reset, HTML, truncated JSON).
 *
 * Then: the settings written, the log, every text shown to the user (messages, details, prompts,
 * quick picks, the privileges webview, diffs, status item), the LSP traffic and the server's
 * stderr, and every file written (backups, pulled roles, global storage) hold no form of any secret.
 * The one exception: a new API key, shown once in its modal (and on the clipboard after "Copy").
 * Secrets are in SecretStorage only.
 *
 * With the same setup (issue 5, item 4): Push Roles refuses a role another window pushed while this
 * one's diff and confirmation were open.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('vscode', async () => (await import('./fakeVscode')).vscodeModule);

import { activate } from '../../client/src/clusters/bundle';
import type { ClusterHost } from '../../client/src/clusters/host';
import { clusterServices, type ClusterServices } from '../../client/src/clusters/services';
import type { CommandContext } from '../../client/src/commands/types';
import { CommandIds } from '../../client/src/commands/ids';
import { serverSettingsMiddleware, settingsForServer } from '../../client/src/settingsForServer';
import type { FaultSpec } from '../es-server/faults';
import type { TestEsServer } from '../es-server/server';
import { LspHarness } from '../lsp/harness';
import { ADMIN_USER, alwaysOn, API_KEY_ENCODED, CANARY, echoedCredentials, EXISTING_ROLE, findCanaries, GRANTEE, newKeyForms, startCanaryServer, type AuthId } from './canaries';
import { fake, secretStorage, Uri, vscodeModule, type UiRule } from './fakeVscode';

const WRONG_PASSWORD = 'WRONG-s3cr3t-4e6a';
/** A password a user typed into a profile in settings.json by mistake (ignored, and must not cross LSP). */
const MISTAKE = 'MISTAKE-s3cr3t-8c2d';
const EXTRA = new Map<string, readonly string[]>([
  ['wrong password', [WRONG_PASSWORD, Buffer.from(`${ADMIN_USER}:${WRONG_PASSWORD}`).toString('base64')]],
  ['password typed into settings', [MISTAKE]],
]);

let server: TestEsServer;
let work: string;
let harness: LspHarness;
let services: ClusterServices;
let ctx: CommandContext;
let bundle: ReturnType<typeof activate>;
/** Every LSP message, both directions, as sent on the wire. */
const traffic: { dir: 'client->server' | 'server->client'; body: string }[] = [];
const liveCatalogs: unknown[] = [];
/** New API keys and where they were displayed. */
const newKeys: { id: string; api_key: string; encoded: string }[] = [];
const files: Record<string, string> = {};

type Proto = { sendRaw(body: string): void; onMessage(msg: unknown): void; answerServerRequest(id: number | string, method: string, params: any): void };
const proto = LspHarness.prototype as unknown as Proto;
const original = { sendRaw: proto.sendRaw, onMessage: proto.onMessage, answerServerRequest: proto.answerServerRequest };

/** The `elasticsearchRoles` section (or everything) as VS Code's configuration has it: cluster profiles included. */
function rawConfiguration(section: string | undefined): unknown {
  const all = vscodeModule.workspace.getConfiguration().get('elasticsearchRoles');
  if (!section) return { elasticsearchRoles: all };
  return vscodeModule.workspace.getConfiguration().get(section) ?? null;
}

function tapLsp(): void {
  proto.sendRaw = function (this: Proto, body: string) {
    traffic.push({ dir: 'client->server', body });
    return original.sendRaw.call(this, body);
  };
  proto.onMessage = function (this: Proto, msg: unknown) {
    traffic.push({ dir: 'server->client', body: JSON.stringify(msg) });
    return original.onMessage.call(this, msg);
  };
  // workspace/configuration is answered as the real client answers it: through its middleware.
  proto.answerServerRequest = function (this: Proto & { send(m: unknown): void }, id, method, params) {
    if (method !== 'workspace/configuration') return original.answerServerRequest.call(this, id, method, params);
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } as never;
    void Promise.resolve(serverSettingsMiddleware.configuration!(params, token, (p) => p.items.map((i) => rawConfiguration(i.section)))).then((result) =>
      this.send({ jsonrpc: '2.0', id, result }),
    );
  };
}

function untapLsp(): void {
  Object.assign(proto, original);
}

function writeFile(rel: string, content: unknown): Uri {
  const path = join(work, 'ws', rel);
  mkdirSync(join(path, '..'), { recursive: true });
  const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
  writeFileSync(path, text);
  const uri = pathToFileURL(path).href;
  if (files[rel] === undefined) harness.open(uri, text, 'elasticsearch-role');
  else harness.change(uri, text);
  files[rel] = text;
  return Uri.file(path);
}

async function until(what: string, probe: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!probe()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function run(command: string, rules: UiRule[], ...args: unknown[]): Promise<void> {
  fake.rules = rules;
  await bundle.commands[command](ctx)(...args);
  fake.rules = [];
}

const pickItem = (predicate: (item: any) => boolean) => (call: { items?: any[] }) => call.items!.find(predicate);
const dismissAll: UiRule[] = [];

/** A new key's modal: remember the key; "Copy" (the clipboard gets the encoded value). */
const keyModal = (copy: boolean): UiRule => ({
  kind: 'info',
  match: /^API key ".*" (created|granted) on canary\. Copy the key now/,
  answer: (call: { options?: { detail?: string } }) => {
    const detail = call.options?.detail ?? '';
    const encoded = /\n([A-Za-z0-9+/=]{20,})$/.exec(detail)![1];
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    newKeys.push({ id: decoded.slice(0, decoded.indexOf(':')), api_key: decoded.slice(decoded.indexOf(':') + 1), encoded });
    return copy ? 'Copy' : undefined;
  },
});

/** The secret (as typed) and the pick for each way of logging in. */
const CREDENTIALS: readonly { label: string; auth: AuthId; kind: string; secret: string }[] = [
  { label: 'API key (id:api_key)', auth: 'apiKey', kind: 'apiKey', secret: `${CANARY.apiKeyId}:${CANARY.apiKeySecret}` },
  { label: 'API key (encoded)', auth: 'apiKey', kind: 'apiKey', secret: API_KEY_ENCODED },
  { label: 'bearer token', auth: 'bearer', kind: 'bearer', secret: CANARY.bearer },
  { label: 'password', auth: 'basic', kind: 'basic', secret: CANARY.password },
];

function setCredentialsRules(kind: string, secret: string): UiRule[] {
  return [
    { kind: 'pick', match: /Set Credentials: canary\nHow to authenticate/, answer: pickItem((i) => i.authKind === kind) },
    { kind: 'input', match: /User name on cluster "canary"/, answer: ADMIN_USER },
    { kind: 'input', match: /^Elasticsearch Roles: Set Credentials: canary\n(Password of|API key for|Bearer token for)/, answer: secret },
  ];
}

let nonce = 0;

/** Every command that talks to the cluster, once, answering every prompt. */
async function everyCommand(tag: string): Promise<void> {
  nonce++;
  const role = writeFile('roles/canary.role.json', { cluster: ['monitor'], indices: [{ names: ['logs-*'], privileges: ['read'] }], metadata: { nonce } });
  const keyFile = writeFile('keys/create.apikey.json', { name: `sent-${tag}-${nonce}`, role_descriptors: { r: { cluster: ['monitor'] } } });
  const grantFile = writeFile('keys/grant.apikey.json', { grant_type: 'password', username: GRANTEE, api_key: { name: `sent-grant-${tag}-${nonce}` } });
  await run(CommandIds.refreshBuiltinPrivileges, dismissAll);
  await run(CommandIds.checkPrivileges, [{ kind: 'pick', match: /Whose privileges to check/, answer: pickItem((i) => i.id === 'me') }], role, 'canary');
  await run(
    CommandIds.checkPrivileges,
    [
      { kind: 'pick', match: /Whose privileges to check/, answer: pickItem((i) => i.id === 'other') },
      { kind: 'input', match: /User name to run the check as/, answer: GRANTEE },
    ],
    role,
    'canary',
  );
  // A temporary key holds the role and asks has_privileges; its secret must not show anywhere.
  await run(CommandIds.verifyModel, dismissAll, role);
  // The file is the role `canary` (named by the file): pushed over EXISTING_ROLE's name would need a map.
  const push = writeFile(`roles/${EXISTING_ROLE}.roles.json`, { [EXISTING_ROLE]: { cluster: ['monitor', 'manage_ilm'], metadata: { nonce, tag } } });
  await run(CommandIds.pushRoles, [{ kind: 'warning', match: /^Push 1 role to canary\?/, answer: 'Push' }], push);
  await run(CommandIds.restoreBackup, [
    { kind: 'pick', match: /Restore Backup/, answer: pickItem((i) => /\.backup\.json$/.test(i.label)) },
    { kind: 'warning', match: /^Push 1 role to canary\?/, answer: 'Push' },
  ]);
  await run(CommandIds.pullRoles, [
    { kind: 'pick', match: /Roles of "canary" to pull/, answer: (call: { items?: any[] }) => call.items!.filter((i) => i.name === EXISTING_ROLE) },
    { kind: 'pick', match: /File format/, answer: pickItem((i) => i.shape === 'role') },
    { kind: 'open', match: /target folder/, answer: [Uri.file(join(work, 'ws', 'pulled'))] },
    { kind: 'warning', match: /already exists\. Overwrite it\?/, answer: 'Overwrite' },
  ]);
  const keyName = `canary-${tag}-${nonce}`;
  await run(
    CommandIds.createApiKey,
    [
      { kind: 'input', match: /Name of the API key/, answer: keyName },
      { kind: 'input', match: /Expiration/, answer: '' },
      { kind: 'input', match: /Metadata as a JSON object/, answer: '' },
      keyModal(true),
    ],
    role,
  );
  await run(
    CommandIds.grantApiKey,
    [
      { kind: 'pick', match: /How the user proves who they are/, answer: pickItem((i) => i.value === 'password') },
      { kind: 'input', match: /User to create the key for/, answer: GRANTEE },
      { kind: 'input', match: /Password of "esroles-bob"/, answer: CANARY.grantPassword },
      { kind: 'input', match: /Run as \(optional\)/, answer: '' },
      { kind: 'input', match: /Name of the API key/, answer: `granted-${tag}-${nonce}` },
      { kind: 'input', match: /Expiration/, answer: '' },
      keyModal(false),
    ],
    role,
  );
  await run(CommandIds.sendApiKeyRequest, [keyModal(false)], keyFile);
  await run(CommandIds.sendApiKeyRequest, [{ kind: 'input', match: /Password of "esroles-bob"/, answer: CANARY.grantPassword }, keyModal(false)], grantFile);
  await run(CommandIds.invalidateApiKey, [
    { kind: 'pick', match: /Invalidate API Key/, answer: pickItem((i) => i.value === 'name') },
    { kind: 'input', match: /API key name/, answer: keyName },
    { kind: 'warning', match: /^Invalidate /, answer: 'Invalidate' },
  ]);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'es-roles-editor-secrets-'));
  mkdirSync(join(work, 'ws'), { recursive: true });
  server = await startCanaryServer();
  fake.loadDefaults(JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')));
  fake.workspaceRoot = join(work, 'ws');
  fake.user.set('elasticsearchRoles.push.backupDirectory', join(work, 'backups'));
  fake.user.set('elasticsearchRoles.clusters', [{ name: 'handwritten', url: 'http://127.0.0.1:1', auth: 'basic', username: 'someone', password: MISTAKE }]);

  tapLsp();
  harness = (await LspHarness.start()).harness;
  harness.notify('$/setTrace', { value: 'verbose' });
  // The client's settings sync, through its middleware (what a change notification carries).
  fake.configEvents.event((e) => {
    if (!e.affectsConfiguration('elasticsearchRoles')) return;
    void serverSettingsMiddleware.didChangeConfiguration!(['elasticsearchRoles'], async (sections) =>
      harness.notify('workspace/didChangeConfiguration', { settings: sections === undefined ? null : rawConfiguration(undefined) }),
    );
  });

  const log = vscodeModule.window.createOutputChannel('Elasticsearch Roles');
  const extension = { secrets: secretStorage, globalStorageUri: Uri.file(join(work, 'global')), subscriptions: [], extensionUri: Uri.file(work) } as never;
  const host: ClusterHost = {
    extension,
    log: log as never,
    catalogStatus: { model: { roleFileGlobs: [] } } as never,
    isServerRunning: () => true,
    documentInfo: (uri) => harness.request('elasticsearchRoles/documentInfo', { uri: uri.toString() }),
    setLiveCatalog: async (params) => {
      liveCatalogs.push(params);
      harness.notify('elasticsearchRoles/setLiveCatalog', params);
    },
    onServerRunning: () => new vscodeModule.Disposable(),
  };
  bundle = activate(host);
  ctx = { extension, log, client: undefined, status: undefined, restartPolicy: undefined } as never;
  services = clusterServices(ctx);
}, 30_000);

afterAll(async () => {
  bundle?.dispose();
  await harness?.shutdown().catch(() => undefined);
  untapLsp();
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the settings the language server gets', () => {
  it('hold no cluster profiles: configuration answers are filtered, change notifications carry nothing', async () => {
    const section = { targetVersion: '8.15', clusters: [{ name: 'x', url: 'http://h', auth: 'basic', password: MISTAKE }] };
    expect(settingsForServer('elasticsearchRoles', section)).toEqual({ targetVersion: '8.15' });
    expect(settingsForServer(undefined, { elasticsearchRoles: section, editor: { tabSize: 2 } })).toEqual({ elasticsearchRoles: { targetVersion: '8.15' }, editor: { tabSize: 2 } });
    expect(settingsForServer('elasticsearchRoles.clusters', section.clusters)).toBeNull();
    expect(settingsForServer('elasticsearchRoles.targetVersion', '8.15')).toBe('8.15');
    expect(settingsForServer('editor', { tabSize: 2 })).toEqual({ tabSize: 2 });
    const sent: unknown[] = [];
    await serverSettingsMiddleware.didChangeConfiguration!(['elasticsearchRoles'], async (s) => void sent.push(s));
    expect(sent).toEqual([undefined]); // the client then sends {settings: null}; the server pulls
  });
});

describe('every cluster command, every auth method, success and failure', () => {
  it('Add Cluster: a wrong secret is refused and nothing saved; the right one is stored in SecretStorage only', async () => {
    await run(CommandIds.addCluster, [
      { kind: 'input', match: /\(1\/6\): name/, answer: 'canary' },
      { kind: 'input', match: /\(2\/6\): address/, answer: server.url },
      { kind: 'pick', match: /\(3\/6\): authentication/, answer: pickItem((i) => i.authKind === 'basic') },
      { kind: 'input', match: /\(4\/6\): username/, answer: ADMIN_USER },
      { kind: 'input', match: /\(5\/6\): secret/, answer: WRONG_PASSWORD, times: 1 },
      { kind: 'error', match: /^Add Cluster: nothing was saved\. Cluster "canary": authentication failed \(401 /, answer: 'Re-enter Secret', times: 1 },
      { kind: 'input', match: /\(5\/6\): secret/, answer: CANARY.password },
    ]);
    expect(fake.unanswered).toEqual([]);
    expect(fake.secretsStore.get('elasticsearchRoles.cluster.canary')).toBe(CANARY.password);
    const written = fake.user.get('elasticsearchRoles.clusters') as Record<string, unknown>[];
    expect(written.find((p) => p.name === 'canary')).toEqual({ name: 'canary', url: server.url, auth: 'basic', username: ADMIN_USER });
    expect(fake.user.get('elasticsearchRoles.activeCluster')).toBe('canary');
    await until('connected', () => services.connections.state.status === 'connected');
    expect(liveCatalogs.at(-1)).toMatchObject({ clusterName: 'canary', version: server.version });
    // The hand-written profile's password was noticed, by field name only.
    expect(fake.log.some((l) => /Cluster "handwritten": password in settings ignored/.test(l))).toBe(true);
  });

  it('with a password, then an API key (id:key and encoded) and a bearer token: every command succeeds', async () => {
    await everyCommand('basic');
    for (const c of CREDENTIALS) {
      const before = liveCatalogs.length;
      await run(CommandIds.setCredentials, setCredentialsRules(c.kind, c.secret), 'canary');
      expect(fake.secretsStore.get('elasticsearchRoles.cluster.canary'), c.label).toBe(c.secret);
      await until(`reconnected with ${c.label}`, () => liveCatalogs.length > before && services.connections.state.status === 'connected');
      await everyCommand(c.label.replace(/\W+/g, '-'));
    }
    expect(fake.unanswered.map((u) => u.text)).toEqual([]);
    // No command failed (except that an API key cannot create keys with privileges: ES's 400).
    const errors = fake.calls.filter((c) => c.kind === 'error').map((c) => c.text);
    const expected = (e: string) => /^(Create API Key|Send API Key Request|Verify Model Against Cluster) failed\. .*creating derived api keys requires/.test(e) || /^Add Cluster: nothing was saved/.test(e);
    expect(errors.filter((e) => !expected(e))).toEqual([]);
    expect(newKeys.length).toBeGreaterThanOrEqual(14);
    expect(readdirSync(join(work, 'backups')).filter((f) => f.endsWith('.backup.json')).length).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('Push Roles: a role changed on the cluster while the diff and confirmation were open is refused, nothing written', async () => {
    nonce++;
    const file = writeFile(`roles/${EXISTING_ROLE}.roles.json`, { [EXISTING_ROLE]: { cluster: ['monitor', 'manage_ilm'], metadata: { nonce, mine: true } } });
    const backups = readdirSync(join(work, 'backups')).length;
    let writes = 0;
    await run(
      CommandIds.pushRoles,
      [
        {
          kind: 'warning',
          match: /^Push 1 role to canary\?/,
          answer: () => {
            // Another window pushed the same role after this one showed its diff.
            server.addRole(EXISTING_ROLE, { cluster: ['monitor'], metadata: { from: 'the other window' } });
            writes = server.requests.filter((r) => r.method !== 'GET').length;
            return 'Push';
          },
        },
      ],
      file,
    );
    const error = fake.calls.filter((c) => c.kind === 'error').at(-1)!;
    expect(error.text.split('\n')[0]).toBe(
      `Push Roles failed. Cluster "canary": 1 role changed on the cluster since the push was planned: ${EXISTING_ROLE} (changed). Nothing was written; review the new diff and push again.`,
    );
    expect(server.requests.filter((r) => r.method !== 'GET')).toHaveLength(writes);
    expect(server.state.role(EXISTING_ROLE)?.metadata).toEqual({ from: 'the other window' });
    expect(readdirSync(join(work, 'backups'))).toHaveLength(backups);
  });

  const FAULTS: { id: string; spec: (grant: boolean) => Omit<FaultSpec, 'path' | 'method' | 'count'> }[] = [
    { id: '401', spec: () => ({ kind: 'status', status: 401 }) },
    { id: '403-echo', spec: (grant) => ({ kind: 'status', status: 403, reason: echoedCredentials('basic', grant) }) },
    { id: '500-echo', spec: (grant) => ({ kind: 'status', status: 500, reason: echoedCredentials('basic', grant) }) },
    { id: 'reset', spec: () => ({ kind: 'reset' }) },
    { id: 'html', spec: () => ({ kind: 'html' }) },
    { id: 'truncated-json', spec: () => ({ kind: 'truncatedJson' }) },
  ];

  it('under every fault, every command fails with one message and a log free of secrets', async () => {
    const errorsBefore = fake.calls.filter((c) => c.kind === 'error').length;
    for (const f of FAULTS) {
      const on = (grant: boolean, ...targets: { path: string; method?: string }[]) => {
        server.clearFaults();
        for (const t of targets) server.injectFault(alwaysOn(f.spec(grant), t));
      };
      // Connecting (the status item's state) and every command's own request.
      on(false, { path: '/_security/_authenticate' });
      await run(CommandIds.refreshBuiltinPrivileges, dismissAll);
      on(false, { path: '/_security/*' });
      await everyCommandUnder(f.id);
      on(true, { path: '/_security/api_key/grant' });
      await run(
        CommandIds.grantApiKey,
        [
          { kind: 'pick', match: /How the user proves who they are/, answer: pickItem((i) => i.value === 'password') },
          { kind: 'input', match: /User to create the key for/, answer: GRANTEE },
          { kind: 'input', match: /Password of "esroles-bob"/, answer: CANARY.grantPassword },
          { kind: 'input', match: /Run as \(optional\)/, answer: '' },
          { kind: 'input', match: /Name of the API key/, answer: `failing-${f.id}` },
          { kind: 'input', match: /Expiration/, answer: '' },
        ],
        writeFile('roles/canary.role.json', { cluster: ['monitor'] }),
      );
      // Push: the fault on the write itself, after the backup.
      on(false, { path: '/_security/role', method: 'POST' }, { path: '/_security/role/*', method: 'PUT' });
      nonce++;
      await run(CommandIds.pushRoles, [{ kind: 'warning', match: /^Push 1 role to canary\?/, answer: 'Push' }], writeFile(`roles/${EXISTING_ROLE}.roles.json`, { [EXISTING_ROLE]: { cluster: ['monitor'], metadata: { nonce } } }));
      server.clearFaults();
    }
    const errors = fake.calls.filter((c) => c.kind === 'error').slice(errorsBefore);
    expect(errors.length).toBeGreaterThanOrEqual(FAULTS.length * 8);
    for (const e of errors) expect(e.text.split('\n')[0]).toMatch(/canary|Cluster "canary"|failed/);
    // Back to normal: connect again.
    await run(CommandIds.refreshBuiltinPrivileges, dismissAll);
    expect(services.connections.state.status).toBe('connected');
  }, 60_000);

  it('Select Cluster none / again, Remove Cluster: the live catalog is withdrawn, the secret deleted', async () => {
    await run(CommandIds.selectCluster, dismissAll, '');
    expect(liveCatalogs.at(-1)).toBeNull();
    await run(CommandIds.selectCluster, dismissAll, 'canary');
    await until('connected', () => services.connections.state.status === 'connected' && liveCatalogs.at(-1) !== null);
    await run(CommandIds.removeCluster, [{ kind: 'warning', match: /^Remove cluster "canary"\?/, answer: 'Remove' }], 'canary');
    expect(fake.secretsStore.has('elasticsearchRoles.cluster.canary')).toBe(false);
    expect((fake.user.get('elasticsearchRoles.clusters') as { name: string }[]).map((p) => p.name)).toEqual(['handwritten']);
    await until('catalog withdrawn', () => liveCatalogs.at(-1) === null);
  });
});

/** The commands of everyCommand, when their requests fail: errors are dismissed. */
async function everyCommandUnder(fault: string): Promise<void> {
  const role = writeFile('roles/canary.role.json', { cluster: ['monitor'] });
  await run(CommandIds.checkPrivileges, [{ kind: 'pick', match: /Whose privileges to check/, answer: pickItem((i) => i.id === 'me') }], role, 'canary');
  await run(CommandIds.verifyModel, dismissAll, role);
  await run(CommandIds.pushRoles, [{ kind: 'warning', match: /^Push 1 role to canary\?/, answer: 'Push' }], role);
  await run(CommandIds.restoreBackup, [{ kind: 'pick', match: /Restore Backup/, answer: pickItem((i) => /\.backup\.json$/.test(i.label)) }]);
  await run(CommandIds.pullRoles, dismissAll);
  await run(
    CommandIds.createApiKey,
    [
      { kind: 'input', match: /Name of the API key/, answer: `failing-${fault}` },
      { kind: 'input', match: /Expiration/, answer: '' },
      { kind: 'input', match: /Metadata as a JSON object/, answer: '' },
    ],
    role,
  );
  await run(CommandIds.sendApiKeyRequest, [], writeFile('keys/create.apikey.json', { name: `failing-${fault}`, role_descriptors: {} }));
  await run(CommandIds.invalidateApiKey, dismissAll);
  await run(
    CommandIds.setCredentials,
    [...setCredentialsRules('basic', CANARY.password), { kind: 'error', match: /^Set Credentials: nothing was saved/, answer: undefined }],
    'canary',
  );
}

describe('where secrets went', () => {
  const keyForms = () => new Map(newKeys.map((k) => [`new key ${k.id}`, newKeyForms(k)] as const));
  const all = () => new Map([...EXTRA, ...keyForms()]);

  it('the log channel (every level, trace included): none', () => {
    expect(fake.log.length).toBeGreaterThan(100);
    expect(fake.log.some((l) => l.startsWith('trace: ') && /POST \/_security\/api_key\/grant body: .*"password":"\[REDACTED\]"/.test(l))).toBe(true);
    expect(findCanaries(fake.log.join('\n'), all())).toEqual([]);
  });

  it('settings written: no secret (the hand-written entry is kept as the user wrote it, untouched)', () => {
    expect(fake.settingWrites.length).toBeGreaterThan(5);
    for (const w of fake.settingWrites) {
      const ours = Array.isArray(w.value) ? w.value.filter((p: { name?: string }) => p?.name !== 'handwritten') : w.value;
      expect(findCanaries(JSON.stringify(ours) ?? '', all()), w.id).toEqual([]);
      expect(w.target).toBe(w.id === 'elasticsearchRoles.clusters' ? vscodeModule.ConfigurationTarget.Global : w.target);
    }
  });

  it('model verification reports (virtual documents): no secret', () => {
    const reports = fake.virtualDocuments.filter((d) => d.uri.startsWith('es-roles-report:'));
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.every((d) => /answers agree|answers disagree/.test(d.text))).toBe(true);
    expect(reports.flatMap((d) => findCanaries(d.text, all()))).toEqual([]);
  });

  it('SecretStorage is the only place the secrets were kept', () => {
    expect([...fake.secretsStore.keys()].every((k) => k.startsWith('elasticsearchRoles.cluster.'))).toBe(true);
  });

  it('texts shown to the user: none, except each new key once, in its own modal (and the clipboard after Copy)', () => {
    const keyless = new Map([...EXTRA]);
    const leaks = fake.shown.flatMap((s) => findCanaries(s.text, keyless).map((f) => `${s.where}: ${f} in ${s.text.slice(0, 200)}`));
    expect(leaks).toEqual([]);
    for (const key of newKeys) {
      const showing = fake.shown.filter((s) => newKeyForms(key).some((f) => s.text.includes(f)));
      expect(showing.map((s) => s.where), key.id).toEqual(['info']);
      expect(showing[0].text.split(key.encoded)).toHaveLength(2);
      expect(showing[0].text).not.toContain(key.api_key);
    }
    // Copy put exactly the encoded keys of the Create API Key modals on the clipboard.
    expect(fake.clipboard.length).toBeGreaterThanOrEqual(3);
    for (const c of fake.clipboard) expect(newKeys.map((k) => k.encoded)).toContain(c);
    // The privileges view and the diffs were among the texts.
    expect(fake.shown.some((s) => s.where === 'webview')).toBe(true);
    expect(fake.shown.some((s) => s.where === 'diff')).toBe(true);
  });

  it('LSP traffic (both directions, verbose trace on) and the server\'s stderr: none; the live catalog is names and versions only', () => {
    expect(traffic.length).toBeGreaterThan(50);
    const text = traffic.map((t) => t.body).join('\n');
    expect(text).toContain('elasticsearchRoles/setLiveCatalog');
    expect(text).toContain('elasticsearchRoles/documentInfo');
    expect(findCanaries(text + harness.stderr, all())).toEqual([]);
    // Structurally: what the client sends of the cluster is exactly the LiveCatalogParams fields.
    for (const p of liveCatalogs) {
      if (p === null) continue;
      expect(Object.keys(p as object).sort()).toEqual(['builtin', 'clusterName', 'version']);
      expect(Object.keys((p as { builtin: object }).builtin).every((k) => ['cluster', 'index', 'remote_cluster'].includes(k))).toBe(true);
    }
    // Nothing of the cluster profiles crossed: not the URL, not the user name, not the hand-written entry.
    expect(text).not.toContain(server.url);
    expect(text).not.toContain('handwritten');
    const configAnswers = traffic.filter((t) => t.dir === 'client->server' && /"result":\[/.test(t.body));
    expect(configAnswers.length).toBeGreaterThan(0);
  });

  it('files written (backups, pulled roles, global storage): none', () => {
    const leaks: string[] = [];
    const walk = (d: string): void => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else for (const f of findCanaries(readFileSync(p, 'utf8'), all())) leaks.push(`${p}: ${f}`);
      }
    };
    walk(work);
    expect(leaks).toEqual([]);
    expect(readdirSync(join(work, 'ws', 'pulled'))).toEqual([`${EXISTING_ROLE}.role.json`]);
  });
});
