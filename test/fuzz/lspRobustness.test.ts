/**
 * The BUILT server (dist/server.js) against out-of-order and malformed LSP traffic: unknown URIs,
 * changes to documents that are not open, invalid ranges in incremental changes, positions out of
 * range, garbage parameters, unknown methods, messages before initialize, 10 MB and 25 MB
 * documents, bursts of changes, and broken JSON-RPC framing. After each, the server must still
 * answer a normal request correctly and must not have exited. Run `npm run build` first.
 *
 * What broken framing does (documented by the last tests): a body that is not JSON, or JSON that is
 * not a message, is skipped (the latter with a window/logMessage) and the server carries on. A
 * Content-Length that is missing, not a number or too small leaves the reader unable to find the
 * next header: the server then answers nothing more, but stays quiet (nothing but well-formed frames
 * on stdout, no stack trace anywhere) and exits with code 1 when its stdin closes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/language';
import { LspHarness, RpcError, stopAll, type Diagnostic } from '../lsp/harness';
import { RawServer } from './rawLsp';

afterEach(stopAll);

const MISSPELLED = '{\n  "cluster": ["monitr"]\n}\n';
const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code);
let fresh = 0;

/** A normal round trip on a fresh document: the right diagnostic, a hover, and no escaped error. */
async function expectHealthy(h: LspHarness): Promise<void> {
  const uri = `file:///work/roles/fresh-${++fresh}.role.json`;
  h.open(uri, MISSPELLED);
  const p = await h.waitForDiagnostics(uri, (ds) => ds.length > 0, 15_000);
  expect(p.diagnostics).toHaveLength(1);
  expect(p.diagnostics[0]).toMatchObject({ code: 'unknown-cluster-privilege', range: { start: { line: 1, character: 14 }, end: { line: 1, character: 22 } } });
  const hover = await h.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 16 } });
  expect(hover?.contents?.value).toContain('monitr');
  h.close(uri);
  expect(h.exited).toBe(false);
  const escaped = h.notifications.filter(
    (n) => n.method === 'window/logMessage' && /Uncaught exception|Unhandled promise rejection/.test((n.params as { message: string }).message),
  );
  expect(escaped).toEqual([]);
}

const FEATURES: Array<[string, (uri: string) => unknown]> = [
  ['textDocument/hover', (uri) => ({ textDocument: { uri }, position: { line: 0, character: 1 } })],
  ['textDocument/completion', (uri) => ({ textDocument: { uri }, position: { line: 0, character: 1 } })],
  ['textDocument/codeAction', (uri) => ({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, context: { diagnostics: [] } })],
  ['textDocument/documentSymbol', (uri) => ({ textDocument: { uri } })],
  ['textDocument/foldingRange', (uri) => ({ textDocument: { uri } })],
  ['textDocument/formatting', (uri) => ({ textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })],
  ['textDocument/rangeFormatting', (uri) => ({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, options: { tabSize: 2, insertSpaces: true } })],
  ['elasticsearchRoles/documentInfo', (uri) => ({ uri })],
];

/** An answer of some kind: a result or an error response, never silence. */
async function answered(h: LspHarness, method: string, params: unknown): Promise<unknown> {
  return h.request(method, params).catch((e: unknown) => {
    if (e instanceof RpcError) return e;
    throw e;
  });
}

describe('documents the server does not know', () => {
  it('answers every feature for a URI that was never opened with an empty result', async () => {
    const { harness: h } = await LspHarness.start();
    for (const [method, params] of FEATURES) {
      const result = await h.request(method, params('file:///work/roles/never-opened.role.json'));
      expect(result === null || (Array.isArray(result) && result.length === 0), method).toBe(true);
    }
    await expectHealthy(h);
  });

  it('ignores didChange before didOpen and after didClose, and didClose/didSave of unknown documents', async () => {
    const { harness: h } = await LspHarness.start();
    const uri = 'file:///work/roles/ghost.role.json';
    h.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: MISSPELLED }] });
    h.notify('textDocument/didClose', { textDocument: { uri } });
    h.notify('textDocument/didSave', { textDocument: { uri } });
    h.open(uri, MISSPELLED);
    await h.waitForDiagnostics(uri, (ds) => ds.length === 1);
    h.close(uri);
    await h.waitForDiagnostics(uri, (ds) => ds.length === 0); // cleared on close
    const mark = h.published.length;
    h.notify('textDocument/didChange', { textDocument: { uri, version: 9 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '[' }] });
    await expectHealthy(h);
    expect(h.published.slice(mark).filter((p) => p.uri === uri)).toEqual([]); // not resurrected
    // Opened twice: the second open wins.
    h.open(uri, '{"cluster":["monitor"]}');
    h.open(uri, '{"cluster":["al"]}', 'elasticsearch-role', 5);
    const p = await h.waitForDiagnostics(uri, (ds, pub) => pub.version === 5);
    expect(codes(p.diagnostics)).toEqual(['unknown-cluster-privilege']);
  });
});

describe('invalid incremental changes', () => {
  const pos = (line: unknown, character: unknown) => ({ line, character });
  const at = (line: number, character: number) => ({ line, character });
  /** The change, and how the server applies it: as the textdocument library does (clamped), as given, or refused. */
  const CHANGES: Array<[string, unknown, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | 'refused']> = [
    ['a range beyond the end', { range: { start: pos(50, 3), end: pos(99, 999) }, text: '"x"' }, { range: { start: at(50, 3), end: at(99, 999) }, text: '"x"' }],
    ['a negative range', { range: { start: pos(-3, -1), end: pos(-1, -7) }, text: '/*n*/' }, { range: { start: at(-3, -1), end: at(-1, -7) }, text: '/*n*/' }],
    ['a reversed range', { range: { start: pos(2, 1), end: pos(0, 3) }, text: '{' }, { range: { start: at(2, 1), end: at(0, 3) }, text: '{' }],
    ['fractional positions (rounded down)', { range: { start: pos(0.5, 1.5), end: pos(1.25, 2.75) }, text: '[' }, { range: { start: at(0, 1), end: at(1, 2) }, text: '[' }],
    ['huge numbers', { range: { start: pos(1e308, 1e308), end: pos(Number.MAX_SAFE_INTEGER, 2 ** 53 + 10) }, text: '}' }, { range: { start: at(1e308, 1e308), end: at(Number.MAX_SAFE_INTEGER, 2 ** 53 + 10) }, text: '}' }],
    ['a range without an end', { range: { start: pos(0, 0) }, text: ' ' }, 'refused'],
    ['positions that are strings', { range: { start: pos('1', '2'), end: pos('x', null) }, text: '"' }, 'refused'],
    ['a null range', { range: null, rangeLength: 4, text: '{"cluster":[' }, 'refused'],
    ['text that is not a string', { range: { start: pos(0, 0), end: pos(0, 1) }, text: 42 }, 'refused'],
  ];

  it.each(CHANGES)('survives %s, and keeps a text consistent with the client\'s', async (_, change, applied) => {
    const { harness: h } = await LspHarness.start();
    const uri = 'file:///work/roles/edited.role.json';
    h.open(uri, MISSPELLED);
    await h.waitForDiagnostics(uri, (ds) => ds.length === 1);
    h.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [change] });
    // A well-formed edit after it: the server and a local copy must agree on the text.
    const fix = { range: { start: at(0, 0), end: at(0, 0) }, text: ' ' };
    h.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [fix] });
    let local = TextDocument.create(uri, 'elasticsearch-role', 1, MISSPELLED);
    if (applied !== 'refused') local = TextDocument.update(local, [applied], 2);
    local = TextDocument.update(local, [fix], 3);
    const published = await h.waitForDiagnostics(uri, (_ds, p) => p.version === 3, 10_000);
    const expected = getLanguageService().doValidation(local);
    expect(published.diagnostics.map((d) => [d.code, d.range])).toEqual(expected.map((d) => [d.code, d.range]));
    for (const d of published.diagnostics) for (const p of [d.range.start, d.range.end]) expect(Number.isInteger(p.line) && Number.isInteger(p.character)).toBe(true);
    if (applied === 'refused') {
      expect(h.notifications.some((n) => n.method === 'window/logMessage' && /didChange|change event/i.test((n.params as { message: string }).message))).toBe(true);
    }
    await expectHealthy(h);
  });
});

describe('requests with bad positions and garbage parameters', () => {
  it('answers completion, hover and code actions at positions out of range', async () => {
    const { harness: h } = await LspHarness.start();
    const uri = 'file:///work/roles/positions.role.json';
    h.open(uri, MISSPELLED);
    await h.waitForDiagnostics(uri, (ds) => ds.length === 1);
    const positions = [
      { line: 99, character: 0 }, { line: 0, character: 999 }, { line: -1, character: -1 }, { line: 1e9, character: 1e9 },
      { line: 0.5, character: 2.5 }, { line: Number.MAX_SAFE_INTEGER, character: 0 }, { line: '1', character: '3' }, { line: null, character: null }, {},
    ];
    for (const position of positions) {
      await answered(h, 'textDocument/completion', { textDocument: { uri }, position });
      await answered(h, 'textDocument/hover', { textDocument: { uri }, position });
      const range = { start: position, end: { line: 1e6, character: -4 } };
      await answered(h, 'textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      await answered(h, 'textDocument/rangeFormatting', { textDocument: { uri }, range, options: { tabSize: 2, insertSpaces: true } });
    }
    // Diagnostics sent back with garbage data (stale, hand-made): answered, edits stay in the document.
    const lying = [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, source: 'es-roles', code: 'duplicate-privilege', message: 'x', data: { remove: { start: -50, end: 1e9 } } },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, source: 'es-roles', code: 'unknown-cluster-privilege', message: 'x', data: { suggestions: 'not an array' } },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, source: 'es-roles', code: 'missing-required-field', message: 'x', data: { insert: { offset: 1e12, text: 42 } } },
      { range: null, source: 'es-roles', code: 'unknown-field', message: 'x', data: null },
    ];
    for (const d of lying) {
      const actions = await answered(h, 'textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [d] } });
      for (const a of Array.isArray(actions) ? actions : []) {
        for (const e of a.edit?.changes?.[uri] ?? []) {
          expect(e.range.start.line).toBeGreaterThanOrEqual(0);
          expect(e.range.end.line).toBeLessThanOrEqual(3);
        }
      }
    }
    await expectHealthy(h);
  });

  it('answers every feature given garbage parameters (an error or an empty result), and keeps serving', async () => {
    const { harness: h } = await LspHarness.start();
    const uri = 'file:///work/roles/garbage.role.json';
    h.open(uri, MISSPELLED);
    await h.waitForDiagnostics(uri, (ds) => ds.length === 1);
    const garbage: unknown[] = [
      null, 42, 'text', [], [1, 2], {}, { textDocument: null }, { textDocument: { uri: 42 } }, { textDocument: { uri: null } },
      { textDocument: { uri: '' } }, { textDocument: { uri: 'not a uri' } }, { textDocument: { uri }, position: null },
      { textDocument: { uri }, position: { line: 'a', character: {} } }, { textDocument: { uri }, range: null, context: null },
      { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: null, only: 5 } },
      { textDocument: { uri }, options: null }, { textDocument: { uri }, options: { tabSize: -1, insertSpaces: 'yes' } },
      { textDocument: { uri }, options: { tabSize: 300_000_000, insertSpaces: true } }, { textDocument: { uri }, options: { tabSize: Number.NaN, insertSpaces: false } },
      { uri: { nested: true } },
    ];
    for (const [method] of FEATURES) {
      for (const params of garbage) await answered(h, method, params);
    }
    const notifications = [
      'textDocument/didOpen', 'textDocument/didChange', 'textDocument/didClose', 'textDocument/didSave', 'workspace/didChangeConfiguration',
      'workspace/didChangeWatchedFiles', 'elasticsearchRoles/setLiveCatalog', '$/cancelRequest', '$/setTrace', 'initialized',
    ];
    for (const method of notifications) for (const params of garbage) h.notify(method, params);
    h.notify('textDocument/didOpen', { textDocument: { uri: 'file:///work/roles/no-text.role.json', languageId: 'json', version: 1 } });
    h.notify('textDocument/didOpen', { textDocument: { uri: 'file:///work/roles/number.role.json', languageId: 'json', version: 'one', text: 7 } });
    await expectHealthy(h);
    // The formatting request with an absurd tabSize answered (it used to run the server out of memory).
    const formatted = await h.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 300_000_000, insertSpaces: true } });
    expect(formatted.map((e: { newText: string }) => e.newText).join('').length).toBeLessThan(1000);
  });

  it('answers an unknown method with MethodNotFound and ignores unknown notifications', async () => {
    const { harness: h } = await LspHarness.start();
    for (const method of ['elasticsearchRoles/noSuchMethod', 'textDocument/noSuchThing', 'workspace/symbol', 'completionItem/resolve', '$/noSuchRequest']) {
      await expect(h.request(method, {}), method).rejects.toMatchObject({ code: -32601 });
    }
    h.notify('elasticsearchRoles/noSuchNotification', { a: 1 });
    h.notify('$/noSuchNotification', null);
    await expectHealthy(h);
  });
});

describe('before initialize, large documents, bursts', () => {
  it('handles notifications and requests that arrive before initialize', async () => {
    const raw = RawServer.start();
    try {
      raw.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///work/early.role.json', languageId: 'json', version: 1, text: MISSPELLED } } });
      raw.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      raw.send({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///work/early.role.json' }, position: { line: 1, character: 16 } } });
      // vscode-languageserver serves requests before initialize (it does not answer ServerNotInitialized).
      const early = await raw.waitForFrame('the early hover', (b) => b.id === 1);
      expect(early.error === undefined || typeof early.error.code === 'number').toBe(true);
      raw.send({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      expect((await raw.waitForFrame('initialize', (b) => b.id === 2)).result.capabilities.hoverProvider).toBe(true);
      raw.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
      const uri = 'file:///work/later.role.json';
      raw.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'json', version: 1, text: MISSPELLED } } });
      const p = await raw.waitForFrame('diagnostics', (b) => b.method === 'textDocument/publishDiagnostics' && b.params.uri === uri && b.params.diagnostics.length > 0);
      expect(p.params.diagnostics[0].code).toBe('unknown-cluster-privilege');
      expect(raw.running).toBe(true);
      raw.frames(); // throws if stdout holds anything but frames
    } finally {
      await raw.kill();
    }
  });

  it('analyses a 10 MB document and keeps answering while and after it does', { timeout: 120_000 }, async () => {
    const { harness: h } = await LspHarness.start();
    const uri = 'file:///work/roles/big.roles.json';
    const roles: string[] = [];
    let size = 0;
    for (let i = 0; size < 10 * 1024 * 1024; i++) {
      const role = `  "role-${i}": {"cluster": ["monitor"], "indices": [{"names": ["logs-${i}-*"], "privileges": ["read", "view_index_metadata"]}]}`;
      roles.push(role);
      size += role.length + 2;
    }
    roles.push('  "last": {"cluster": ["monitr"]}');
    const text = `{\n${roles.join(',\n')}\n}\n`;
    h.open(uri, text);
    const hover = await h.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: roles[0].indexOf('monitor') + 2 } }, 60_000);
    expect(hover?.contents?.value).toContain('monitor');
    const p = await h.waitForDiagnostics(uri, (ds) => ds.length > 0, 60_000);
    expect(codes(p.diagnostics)).toEqual(['unknown-cluster-privilege']);
    expect(p.diagnostics[0].range.start.line).toBe(roles.length);
    // (Not documentSymbol: its answer for 60,000 roles is a 40 MB message, slow to read for the harness.)
    const folding = await h.request('textDocument/foldingRange', { textDocument: { uri } }, 60_000);
    expect(folding).toEqual([{ startLine: 0, endLine: roles.length }]);
    const completion = await h.request('textDocument/completion', { textDocument: { uri }, position: { line: roles.length, character: 24 } }, 60_000);
    expect(completion.items.map((i: { label: string }) => i.label)).toContain('monitor');
    await expectHealthy(h);
  });

  it('gives a 25 MB document one document-too-large diagnostic, and no feature parses it', { timeout: 120_000 }, async () => {
    const { harness: h } = await LspHarness.start();
    const uri = 'file:///work/roles/huge.role.json';
    const text = `{"cluster":["monitr"],"metadata":{"pad":"${'x'.repeat(25 * 1024 * 1024)}"}}`;
    h.open(uri, text);
    const p = await h.waitForDiagnostics(uri, (ds) => ds.length > 0, 60_000);
    expect(codes(p.diagnostics)).toEqual(['document-too-large']);
    expect(p.diagnostics[0].message).toMatch(/20 MB/);
    for (const [method, params] of FEATURES) {
      const start = performance.now();
      const result = await h.request(method, params(uri), 60_000);
      expect(result === null || (Array.isArray(result) && result.length === 0) || result?.items?.length === 0 || result?.shape === 'unknown', method).toBe(true);
      expect(performance.now() - start, method).toBeLessThan(5_000);
    }
    // Raising the limit analyses it.
    h.setSettings({ maxFileSizeMB: 64 });
    const analysed = await h.waitForDiagnostics(uri, (ds) => ds.some((d) => d.code === 'unknown-cluster-privilege'), 60_000);
    expect(codes(analysed.diagnostics)).not.toContain('document-too-large');
    await expectHealthy(h);
  });

  it('keeps up with a burst of incremental changes interleaved with requests, and ends on the last version', { timeout: 60_000 }, async () => {
    const { harness: h } = await LspHarness.start({ settings: { validation: { delayMs: 0 } } });
    const uri = 'file:///work/roles/typing.role.json';
    let local = TextDocument.create(uri, 'elasticsearch-role', 1, '{\n  "cluster": [],\n  "indices": []\n}\n');
    h.open(uri, local.getText());
    await h.waitForDiagnostics(uri);
    const typed = '"monitor", "manage_ilm", "monitr", "read_ccr"';
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < typed.length; i++) {
      const at = { line: 1, character: 14 + i };
      const change = { range: { start: at, end: at }, text: typed[i] };
      local = TextDocument.update(local, [change], local.version + 1);
      h.notify('textDocument/didChange', { textDocument: { uri, version: local.version }, contentChanges: [change] });
      const next = { line: 1, character: 15 + i };
      if (i % 3 === 0) pending.push(answered(h, 'textDocument/completion', { textDocument: { uri }, position: next }));
      if (i % 5 === 0) pending.push(answered(h, 'textDocument/hover', { textDocument: { uri }, position: next }));
      if (i % 7 === 0) pending.push(answered(h, 'textDocument/codeAction', { textDocument: { uri }, range: { start: next, end: next }, context: { diagnostics: [] } }));
    }
    const answers = await Promise.all(pending);
    expect(answers).toHaveLength(pending.length);
    const p = await h.waitForDiagnostics(uri, (_ds, pub) => pub.version === local.version, 15_000);
    const expected = getLanguageService().doValidation(local);
    expect(p.diagnostics.map((d) => [d.code, d.range])).toEqual(expected.map((d) => [d.code, d.range]));
    expect(codes(p.diagnostics)).toContain('unknown-cluster-privilege');
    // No diagnostics of an older version arrive after the last one.
    const last = h.published.filter((x) => x.uri === uri).at(-1)!;
    expect(last.version).toBe(local.version);
    await expectHealthy(h);
  });
});

describe('malformed JSON-RPC framing', () => {
  const initialize = (id: number) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

  it.each([
    ['a body that is not JSON', '{"jsonrpc":"2.0","id":1,"method":'],
    ['a number', '42'],
    ['a batch (JSON-RPC arrays are not LSP)', JSON.stringify([initialize(1)])],
    ['a message without jsonrpc', '{"id":1,"method":"initialize","params":{}}'],
  ])('skips %s and answers the next message', async (_, body) => {
    const raw = RawServer.start();
    try {
      raw.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      raw.send(initialize(7));
      const answer = await raw.waitForFrame('initialize', (b) => b.id === 7);
      expect(answer.result.serverInfo.name).toBe('elasticsearch-roles');
      expect(raw.running).toBe(true);
      raw.frames();
      expect(raw.stdout.toString('utf8')).not.toMatch(/\n\s+at /);
    } finally {
      await raw.kill();
    }
  });

  it.each([
    ['too small', (body: string) => `Content-Length: ${Buffer.byteLength(body) - 5}\r\n\r\n${body}`],
    ['not a number', (body: string) => `Content-Length: twelve\r\n\r\n${body}`],
    ['missing', (body: string) => `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`],
    ['negative', (body: string) => `Content-Length: -1\r\n\r\n${body}`],
  ])('with a Content-Length that is %s: answers nothing more, prints no stack trace, exits when stdin closes', async (_, frame) => {
    const raw = RawServer.start();
    try {
      raw.write(frame(JSON.stringify(initialize(1))));
      for (let id = 2; id < 5; id++) raw.send(initialize(id));
      // The documented outcome: the reader cannot find the next header, so nothing is answered...
      await expect(raw.waitForFrame('any answer', (b) => b.id !== undefined, 1_500)).rejects.toThrow(/timeout/);
      // ...but the process neither dies nor writes anything that is not a frame.
      expect(raw.running).toBe(true);
      expect(raw.frames().filter((f) => f.body.id !== undefined)).toEqual([]);
      expect(`${raw.stdout.toString('utf8')}${raw.stderr}`).not.toMatch(/\n\s+at |Error:/);
      raw.closeStdin();
      expect(await raw.exitsWithin(5_000)).toBe(true);
      expect(raw.exitCode).toBe(1); // no shutdown request came first
    } finally {
      await raw.kill();
    }
  });

  it('with a Content-Length far larger than the body: waits for the rest, and exits when stdin closes', async () => {
    const raw = RawServer.start();
    try {
      raw.write('Content-Length: 99999999999999\r\n\r\n{}');
      raw.send(initialize(2));
      await expect(raw.waitForFrame('any answer', (b) => b.id !== undefined, 1_000)).rejects.toThrow(/timeout/);
      expect(raw.running).toBe(true);
      raw.closeStdin();
      expect(await raw.exitsWithin(5_000)).toBe(true);
      expect(raw.stdout.toString('utf8')).toBe('');
    } finally {
      await raw.kill();
    }
  });
});
