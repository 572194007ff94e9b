/**
 * The BUILT server bundle (dist/server.js) over stdio: capabilities, which documents it handles, push
 * diagnostics (debounced, never stale, cleared on close), features, settings and custom messages.
 * Run `npm run build` first.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspHarness, RpcError, stopAll, type Diagnostic, type StartOptions } from './harness';

afterEach(stopAll);

const ROLE_URI = 'file:///work/roles/admin.role.json';
const MISSPELLED = '{\n  "cluster": ["monitr"]\n}\n';
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

async function start(options: StartOptions = {}) {
  return LspHarness.start(options);
}

describe('initialize', () => {
  it('announces the capabilities the server implements', async () => {
    const { harness, initializeResult } = await start();
    const caps = initializeResult.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.completionProvider.triggerCharacters).toEqual(['"', ':']);
    expect(caps.hoverProvider).toBe(true);
    expect(caps.codeActionProvider).toEqual({ codeActionKinds: ['quickfix'], resolveProvider: false });
    expect(caps.documentSymbolProvider).toBeTruthy();
    expect(caps.foldingRangeProvider).toBe(true);
    expect(caps.documentFormattingProvider).toBe(true);
    expect(caps.documentRangeFormattingProvider).toBe(true);
    expect(initializeResult.serverInfo.name).toBe('elasticsearch-roles');
    await harness.shutdown();
    expect(harness.exited).toBe(true);
  });

  it('sends the catalog status after initialized', async () => {
    const { harness } = await start();
    const status = await harness.waitForNotification('elasticsearchRoles/catalogStatus', (p: any) => p.uri === undefined);
    expect(status).toMatchObject({ source: 'bundled', label: expect.stringMatching(/^ES \d+\.\d+ \(bundled\)$/) });
    expect(status.versions).toEqual(expect.arrayContaining(['7.17', '8.15', '9.1']));
    expect(status.versions.at(-1)).toBe(status.version);
    expect(status.roleFileGlobs).toContain('**/*.role.json');
  });
});

describe('which documents are role documents', () => {
  it('publishes diagnostics for a misspelled privilege in a *.role.json', async () => {
    const { harness } = await start();
    harness.open(ROLE_URI, MISSPELLED);
    const p = await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length > 0);
    expect(p.version).toBe(1);
    expect(p.diagnostics).toHaveLength(1);
    expect(p.diagnostics[0]).toMatchObject({
      code: 'unknown-cluster-privilege',
      source: 'es-roles',
      severity: 1,
      range: { start: { line: 1, character: 14 }, end: { line: 1, character: 22 } },
    });
  });

  it('ignores json outside the globs, handles json under /roles/ and json named like a role file', async () => {
    const { harness } = await start();
    const tsconfig = 'file:///work/tsconfig.json';
    const underRoles = 'file:///work/security/roles/admin.json';
    const namedJsonc = 'file:///work/a/b/reader.role.jsonc';
    harness.open(tsconfig, '{"compilerOptions":{"strict":true}}', 'json');
    harness.open(underRoles, MISSPELLED, 'json');
    harness.open(namedJsonc, '// comment\n{"cluster":["monitr"]}', 'jsonc');
    await harness.waitForDiagnostics(underRoles, (ds) => codes(ds).includes('unknown-cluster-privilege'));
    await harness.waitForDiagnostics(namedJsonc, (ds) => codes(ds).includes('unknown-cluster-privilege'));
    // Every feature answers empty for the unrelated file.
    expect(await harness.request('textDocument/documentSymbol', { textDocument: { uri: tsconfig } })).toEqual([]);
    expect(await harness.request('textDocument/formatting', { textDocument: { uri: tsconfig }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    expect(await harness.request('textDocument/hover', { textDocument: { uri: tsconfig }, position: { line: 0, character: 3 } })).toBeNull();
    expect(await harness.request('elasticsearchRoles/documentInfo', { uri: tsconfig })).toBeNull();
    // A barrier: a document opened later is published, so the tsconfig's turn has long passed.
    harness.open('file:///work/later.role.json', MISSPELLED);
    await harness.waitForDiagnostics('file:///work/later.role.json', (ds) => ds.length > 0);
    expect(harness.published.filter((p) => p.uri === tsconfig)).toEqual([]);
  });

  it('uses the elasticsearchRoles.files globs of the document settings', async () => {
    const { harness } = await start({ settings: { files: ['**/acl/*.json'] } });
    const acl = 'file:///work/acl/ops.json';
    const roles = 'file:///work/roles/ops.json'; // only in the default globs, which the setting replaced
    harness.open(roles, MISSPELLED, 'json');
    harness.open(acl, MISSPELLED, 'json');
    await harness.waitForDiagnostics(acl, (ds) => codes(ds).includes('unknown-cluster-privilege'));
    expect(harness.latestDiagnostics(roles)).toBeUndefined();
    // Settings change: now the roles folder is included again and the acl folder is not.
    harness.setSettings({ files: ['**/roles/**/*.json'] });
    await harness.waitForDiagnostics(roles, (ds) => codes(ds).includes('unknown-cluster-privilege'));
    await harness.waitForDiagnostics(acl, (ds) => ds.length === 0);
  });

  it('works for a client without workspace/configuration (settings pushed by didChangeConfiguration)', async () => {
    const { harness } = await start({ pullConfiguration: false });
    const uri = 'file:///work/x.role.json';
    harness.open(uri, '{"remote_cluster":[{"clusters":["a"],"privileges":["monitor_enrich"]}]}');
    await harness.waitForDiagnostics(uri, (ds) => ds.length === 0);
    harness.setSettings({ targetVersion: '8.12' });
    await harness.waitForDiagnostics(uri, (ds) => codes(ds).includes('requires-newer-version'));
    expect(harness.serverRequests.filter((r) => r.method === 'workspace/configuration')).toEqual([]);
  });
});

describe('push diagnostics', () => {
  it('debounces rapid changes and publishes only the latest version', async () => {
    const { harness } = await start({ settings: { validation: { delayMs: 150 } } });
    harness.open(ROLE_URI, '{"cluster":["monitor"]}');
    await harness.waitForDiagnostics(ROLE_URI, (_, p) => p.version === 1);
    let last = 1;
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5']) last = harness.change(ROLE_URI, `{"cluster":["${name}"]}`);
    const p = await harness.waitForDiagnostics(ROLE_URI, (_, q) => q.version === last);
    expect(p.diagnostics.map((d) => d.message.includes('a5'))).toEqual([true]);
    // Barrier: a later document's diagnostics arrive, so nothing older can still be on its way.
    harness.open('file:///work/barrier.role.json', '{}');
    await harness.waitForDiagnostics('file:///work/barrier.role.json');
    const versions = harness.published.filter((q) => q.uri === ROLE_URI).map((q) => q.version);
    expect(versions).toEqual([1, last]);
  });

  it('drops a result whose document changed while its settings were being fetched', async () => {
    const { harness } = await start();
    harness.holdConfiguration = true; // the client answers workspace/configuration late
    harness.open(ROLE_URI, '{"cluster":["old_typo"]}');
    harness.change(ROLE_URI, '{"cluster":["new_typo"]}');
    await harness.waitFor('the document settings request', () =>
      harness.serverRequests.some((r: any) => r.method === 'workspace/configuration' && r.params.items[0].scopeUri === ROLE_URI) ? true : undefined,
    );
    harness.releaseConfiguration();
    const p = await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length > 0);
    expect(p.version).toBe(2);
    expect(p.diagnostics[0].message).toContain('new_typo');
    harness.open('file:///work/barrier.role.json', '{}');
    await harness.waitForDiagnostics('file:///work/barrier.role.json');
    expect(harness.published.filter((q) => q.uri === ROLE_URI).map((q) => q.version)).toEqual([2]);
  });

  it('clears diagnostics on close and does not publish for a closed document', async () => {
    const { harness } = await start({ settings: { validation: { delayMs: 100 } } });
    harness.open(ROLE_URI, MISSPELLED);
    await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length === 1);
    harness.change(ROLE_URI, '{"cluster":["zzz"]}'); // pending for 100 ms...
    harness.close(ROLE_URI); // ...and closed before it fires
    const cleared = await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length === 0);
    expect(cleared.version).toBeUndefined();
    harness.open('file:///work/barrier.role.json', '{}');
    await harness.waitForDiagnostics('file:///work/barrier.role.json');
    await harness.request('textDocument/documentSymbol', { textDocument: { uri: ROLE_URI } });
    expect(harness.latestDiagnostics(ROLE_URI)?.diagnostics).toEqual([]);
    expect(harness.published.filter((q) => q.uri === ROLE_URI && q.version === 2)).toEqual([]);
  });
});

describe('features', () => {
  it('returns the quick fix for a misspelled privilege', async () => {
    const { harness } = await start();
    harness.open(ROLE_URI, MISSPELLED);
    const { diagnostics } = await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length > 0);
    const actions = await harness.request('textDocument/codeAction', {
      textDocument: { uri: ROLE_URI },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ title: 'Change to `monitor`', kind: 'quickfix', isPreferred: true });
    const edits = actions[0].edit.changes[ROLE_URI];
    const doc = TextDocument.create(ROLE_URI, 'elasticsearch-role', 1, MISSPELLED);
    expect(TextDocument.applyEdits(doc, edits)).toBe('{\n  "cluster": ["monitor"]\n}\n');
    // Asking only for refactorings gets none.
    const none = await harness.request('textDocument/codeAction', {
      textDocument: { uri: ROLE_URI },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['refactor'] },
    });
    expect(none).toEqual([]);
  });

  it('lists the roles of a roles map as document symbols', async () => {
    const { harness } = await start();
    const uri = 'file:///work/team.roles.json';
    harness.open(uri, '{\n  "reader": {"cluster": ["monitor"]},\n  "writer": {"indices": [{"names": ["a"], "privileges": ["write"]}]}\n}');
    const symbols = await harness.request('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s: any) => [s.name, s.kind])).toEqual([['reader', 5], ['writer', 5]]);
    expect(symbols[0].selectionRange).toEqual({ start: { line: 1, character: 2 }, end: { line: 1, character: 10 } });
    expect(symbols[1].children.map((c: any) => c.name)).toEqual(['indices']);
    const folds = await harness.request('textDocument/foldingRange', { textDocument: { uri } });
    expect(folds).toContainEqual(expect.objectContaining({ startLine: 0, endLine: 2 }));
  });

  it('sends no more folding ranges than the client asks for (rangeLimit), the outermost first', async () => {
    const { harness } = await start({ foldingRangeLimit: 3 });
    const uri = 'file:///work/many.roles.json';
    const roles = Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [n, { cluster: ['monitor', 'manage_ilm'] }]));
    harness.open(uri, JSON.stringify(roles, null, 2));
    const folds = await harness.request('textDocument/foldingRange', { textDocument: { uri } });
    // The document, then the first two roles; no `cluster` arrays (one level deeper).
    expect(folds.map((f: any) => f.startLine)).toEqual([0, 1, 7]);
  });

  it('formats a document and a range', async () => {
    const { harness } = await start();
    const text = '{"cluster":["monitor"],"indices":[{"names":["logs-*"],"privileges":["read"]}]}';
    harness.open(ROLE_URI, text);
    const edits = await harness.request('textDocument/formatting', { textDocument: { uri: ROLE_URI }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits.length).toBeGreaterThan(0);
    const formatted = TextDocument.applyEdits(TextDocument.create(ROLE_URI, 'json', 1, text), edits);
    expect(JSON.parse(formatted)).toEqual(JSON.parse(text));
    expect(formatted.split('\n').length).toBeGreaterThan(5);
    expect(formatted).toContain('\n  "cluster": [');
    const rangeEdits = await harness.request('textDocument/rangeFormatting', {
      textDocument: { uri: ROLE_URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: text.length } },
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(TextDocument.applyEdits(TextDocument.create(ROLE_URI, 'json', 1, text), rangeEdits)).toContain('\n    "cluster": [');
  });

  it('answers completion and hover requests for a role document without failing', async () => {
    const { harness } = await start();
    harness.open(ROLE_URI, '{"cluster":["mon"]}');
    const completion = await harness.request('textDocument/completion', { textDocument: { uri: ROLE_URI }, position: { line: 0, character: 15 } });
    expect(completion === null || Array.isArray(completion.items)).toBe(true);
    const hover = await harness.request('textDocument/hover', { textDocument: { uri: ROLE_URI }, position: { line: 0, character: 3 } });
    expect(hover === null || typeof hover.contents === 'object').toBe(true);
  });
});

describe('robustness', () => {
  it('answers invalid requests without crashing and keeps serving', async () => {
    const { harness } = await start();
    expect(await harness.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere.role.json' }, position: { line: 0, character: 0 } })).toBeNull();
    harness.open(ROLE_URI, MISSPELLED);
    await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length > 0);
    const far = { line: 999, character: 999 };
    const farHover = await harness.request('textDocument/hover', { textDocument: { uri: ROLE_URI }, position: far });
    expect(farHover === null || typeof farHover === 'object').toBe(true);
    await harness.request('textDocument/completion', { textDocument: { uri: ROLE_URI }, position: { line: -5, character: -1 } });
    await harness.request('textDocument/codeAction', { textDocument: { uri: ROLE_URI }, range: { start: far, end: far }, context: { diagnostics: [] } });
    // Missing parameters: an error or an empty answer, but an answer.
    await harness.request('textDocument/hover', {}).catch((e) => expect(e).toBeInstanceOf(RpcError));
    await harness.request('textDocument/documentSymbol', null).catch((e) => expect(e).toBeInstanceOf(RpcError));
    expect(await harness.request('elasticsearchRoles/documentInfo', null)).toBeNull();
    expect(await harness.request('elasticsearchRoles/documentInfo', { uri: 42 })).toBeNull();
    await expect(harness.request('elasticsearchRoles/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    // Garbage notifications are logged, not fatal.
    harness.notify('elasticsearchRoles/setLiveCatalog', { builtin: 'nope' });
    harness.notify('textDocument/didChange', { textDocument: { uri: 'file:///never-opened.json', version: 3 }, contentChanges: [{ text: '{}' }] });
    const symbols = await harness.request('textDocument/documentSymbol', { textDocument: { uri: ROLE_URI } });
    expect(symbols).toHaveLength(1);
    expect(harness.exited).toBe(false);
    expect(harness.notifications.some((n) => n.method === 'window/logMessage' && /setLiveCatalog/.test((n.params as any).message))).toBe(true);
  });

  it('answers a cancelled request with RequestCancelled', async () => {
    const { harness } = await start();
    harness.holdConfiguration = true; // the request below waits for this document's settings
    harness.open(ROLE_URI, MISSPELLED);
    const id = harness.peekNextId();
    const answer = harness.request('textDocument/documentSymbol', { textDocument: { uri: ROLE_URI } }).then(
      () => 'answered',
      (e: unknown) => e,
    );
    harness.notify('$/cancelRequest', { id });
    // A round trip after the cancellation, so the server has seen it before the settings arrive.
    expect(await harness.request('textDocument/hover', { textDocument: { uri: 'file:///other.json' }, position: { line: 0, character: 0 } })).toBeNull();
    harness.releaseConfiguration();
    expect(await answer).toMatchObject({ code: -32800 });
    expect(await harness.request('textDocument/documentSymbol', { textDocument: { uri: ROLE_URI } })).toHaveLength(1);
  });
});

describe('settings', () => {
  const REMOTE = '{"cluster":["monitor"],"remote_cluster":[{"clusters":["eu-*"],"privileges":["monitor_enrich"]}]}';

  it('targetVersion changes the diagnostics and the catalog status', async () => {
    const { harness } = await start({ settings: { targetVersion: '9.1' } });
    harness.open(ROLE_URI, REMOTE);
    await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length === 0);
    const mark = harness.notifications.length;
    harness.setSettings({ targetVersion: '8.12' });
    const p = await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length > 0);
    expect(p.diagnostics.every((d) => d.code === 'requires-newer-version' && d.severity === 2)).toBe(true);
    expect(p.diagnostics[0].range.start).toEqual({ line: 0, character: 23 });
    await harness.waitForNotification('elasticsearchRoles/catalogStatus', (s: any) => s.uri === ROLE_URI && s.label === 'ES 8.12 (bundled)' && s.version === '8.12', mark);
    harness.setSettings({ targetVersion: 'not a version' }); // falls back to the newest
    await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length === 0);
  });

  it('pulls settings per document (scopeUri)', async () => {
    const { harness } = await start({ settings: { targetVersion: '9.1' } });
    const old = 'file:///work/legacy/old.role.json';
    harness.setSettingsQuietly({ targetVersion: '8.12' }, old);
    harness.open(ROLE_URI, REMOTE);
    harness.open(old, REMOTE);
    await harness.waitForDiagnostics(old, (ds) => codes(ds).includes('requires-newer-version'));
    await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length === 0);
    const scopes = harness.serverRequests.filter((r) => r.method === 'workspace/configuration').flatMap((r: any) => r.params.items);
    expect(scopes).toContainEqual({ scopeUri: old, section: 'elasticsearchRoles' });
    expect(scopes).toContainEqual({ section: 'elasticsearchRoles' });
    // Cached per uri: more requests for the same document do not ask again.
    const before = scopes.length;
    await harness.request('textDocument/documentSymbol', { textDocument: { uri: old } });
    await harness.request('textDocument/foldingRange', { textDocument: { uri: old } });
    expect(harness.serverRequests.filter((r) => r.method === 'workspace/configuration').flatMap((r: any) => r.params.items)).toHaveLength(before);
  });

  it('maxFileSizeMB: a larger document gets one warning instead of analysis', async () => {
    const { harness } = await start({ settings: { maxFileSizeMB: 1 } });
    const big = `{"cluster":["monitr"],"metadata":{"pad":"${'x'.repeat(1024 * 1024 + 10)}"}}`;
    harness.open(ROLE_URI, big);
    const p = await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length > 0);
    expect(codes(p.diagnostics)).toEqual(['document-too-large']);
  });
});

describe('custom messages', () => {
  const LIVE = {
    clusterName: 'prod',
    version: '8.17.2',
    builtin: { cluster: ['monitor', 'my_made_up_priv', 'all'], index: ['read', 'all'], remote_cluster: ['monitor_enrich'] },
  };

  it('setLiveCatalog makes a cluster-only privilege valid; null restores the bundled catalogs', async () => {
    const { harness } = await start();
    harness.open(ROLE_URI, '{"cluster":["my_made_up_priv"]}');
    await harness.waitForDiagnostics(ROLE_URI, (ds) => codes(ds).includes('unknown-cluster-privilege'));
    let mark = harness.notifications.length;
    harness.notify('elasticsearchRoles/setLiveCatalog', LIVE);
    await harness.waitForDiagnostics(ROLE_URI, (ds) => ds.length === 0);
    const status = await harness.waitForNotification('elasticsearchRoles/catalogStatus', (s: any) => s.uri === undefined, mark);
    expect(status).toMatchObject({ source: 'cluster', label: 'ES 8.17.2 (prod)', confidence: 'live', version: '8.17.2' });
    await harness.waitForNotification('elasticsearchRoles/catalogStatus', (s: any) => s.uri === ROLE_URI && s.source === 'cluster', mark);

    mark = harness.notifications.length;
    harness.notify('elasticsearchRoles/setLiveCatalog', null);
    await harness.waitForDiagnostics(ROLE_URI, (ds) => codes(ds).includes('unknown-cluster-privilege'));
    const restored = await harness.waitForNotification('elasticsearchRoles/catalogStatus', (s: any) => s.uri === undefined, mark);
    expect(restored.source).toBe('bundled');
  });

  it('setLiveCatalog sent the way vscode-jsonrpc sends null (as [null]) also restores', async () => {
    const { harness } = await start();
    harness.notify('elasticsearchRoles/setLiveCatalog', LIVE);
    await harness.waitForNotification('elasticsearchRoles/catalogStatus', (s: any) => s.source === 'cluster');
    const mark = harness.notifications.length;
    harness.notify('elasticsearchRoles/setLiveCatalog', [null]);
    const s = await harness.waitForNotification('elasticsearchRoles/catalogStatus', (p: any) => p.source === 'bundled', mark);
    expect(s.label).toMatch(/\(bundled\)$/);
  });

  it('documentInfo returns the shape, the role names and whether there are errors', async () => {
    const { harness } = await start();
    const roles = 'file:///work/team.roles.json';
    harness.open(roles, '{\n  "reader": {"cluster": ["monitor"]},\n  "wri\\u0074er": {"cluster": ["monitr"]}\n}');
    const info = await harness.request('elasticsearchRoles/documentInfo', { uri: roles });
    expect(info).toEqual({
      shape: 'roles',
      roles: [
        { name: 'reader', kind: 'role', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 10 } } },
        { name: 'writer', kind: 'role', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 15 } } },
      ],
      hasErrors: true,
    });

    const single = 'file:///work/logs-reader.role.json';
    harness.open(single, '{"cluster": ["monitor"]}');
    expect(await harness.request('elasticsearchRoles/documentInfo', { uri: single })).toMatchObject({
      shape: 'role',
      roles: [{ name: 'logs-reader', kind: 'role' }],
      hasErrors: false,
    });

    const key = 'file:///work/ci.apikey.json';
    harness.open(key, '{"name": "ci-key", "role_descriptors": {"push": {"cluster": ["monitor"]}}}');
    const keyInfo = await harness.request('elasticsearchRoles/documentInfo', { uri: key });
    expect(keyInfo.shape).toBe('api_key_create');
    expect(keyInfo.roles.map((r: any) => [r.name, r.kind])).toEqual([['ci-key', 'api_key'], ['push', 'role_descriptor']]);

    expect(await harness.request('elasticsearchRoles/documentInfo', { uri: 'file:///work/closed.role.json' })).toBeNull();
  });
});
