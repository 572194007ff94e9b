import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { Codes, getLanguageService } from '../../server/src/language';
import { applyEdits, markedDocument } from '../helpers/markers';

const ls = getLanguageService();
let version = 0;
const doc = (text: string, uri: string) => TextDocument.create(uri, 'json', ++version, text);

/** The range of the n-th occurrence of `part` in `text`. */
function rangeOf(d: TextDocument, part: string, nth = 0): Range {
  const text = d.getText();
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(part, offset + 1);
    if (offset < 0) throw new Error(`${JSON.stringify(part)} #${nth} not in the fixture`);
  }
  return { start: d.positionAt(offset), end: d.positionAt(offset + part.length) };
}

/** Names and nesting only: `name` or `name (detail)` with children. */
interface Outline {
  readonly name: string;
  readonly children?: Outline[];
}
function outline(symbols: DocumentSymbol[]): Outline[] {
  return symbols.map((s) => ({
    name: s.detail ? `${s.name} (${s.detail})` : s.name,
    ...(s.children?.length ? { children: outline(s.children) } : {}),
  }));
}

function contains(outer: Range, inner: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

/** Every symbol's selection range lies in its range, and every child in its parent. */
function expectWellNested(symbols: DocumentSymbol[], parent?: Range): void {
  for (const s of symbols) {
    expect(contains(s.range, s.selectionRange)).toBe(true);
    if (parent) expect(contains(parent, s.range)).toBe(true);
    expectWellNested(s.children ?? [], s.range);
  }
}

describe('outline', () => {
  it('shows a single role under the name of its file, with its privilege sections', () => {
    const text = `{
  "description": "Reads logs",
  "cluster": ["monitor", "manage_ilm"],
  "indices": [{"names": ["logs-*"], "privileges": ["read"]}],
  "applications": [],
  "global": {"application": {"manage": {"applications": ["app"]}}},
  "run_as": ["bob"],
  "remote_indices": [],
  "remote_cluster": [],
  "metadata": {"v": 1}
}`;
    const d = doc(text, 'file:///roles/logs-reader.role.json');
    const symbols = ls.findDocumentSymbols(d);
    expect(outline(symbols)).toEqual([
      {
        name: 'logs-reader (role)',
        children: [
          { name: 'cluster (2)' },
          { name: 'indices (1)' },
          { name: 'applications (0)' },
          { name: 'global' },
          { name: 'run_as (1)' },
          { name: 'remote_indices (0)' },
          { name: 'remote_cluster (0)' },
        ],
      },
    ]);
    const [role] = symbols;
    expect(role.kind).toBe(SymbolKind.Class);
    expect(role.range).toEqual(rangeOf(d, text));
    const cluster = role.children![0];
    expect(cluster.kind).toBe(SymbolKind.Array);
    expect(cluster.range).toEqual(rangeOf(d, '"cluster": ["monitor", "manage_ilm"]'));
    expect(cluster.selectionRange).toEqual(rangeOf(d, '"cluster"'));
    expect(role.children![3].kind).toBe(SymbolKind.Object);
    expectWellNested(symbols);
  });

  it('shows one symbol per role of a roles map, selected by its name', () => {
    const text = '{\n  "reader": {"cluster": ["monitor"]},\n  "writer": {"indices": [{"names": ["a"], "privileges": ["write"]}]},\n  "empty": {}\n}';
    const d = doc(text, 'file:///roles/team.roles.json');
    const symbols = ls.findDocumentSymbols(d);
    expect(outline(symbols)).toEqual([
      { name: 'reader (role)', children: [{ name: 'cluster (1)' }] },
      { name: 'writer (role)', children: [{ name: 'indices (1)' }] },
      { name: 'empty (role)' },
    ]);
    expect(symbols[1].range).toEqual(rangeOf(d, '"writer": {"indices": [{"names": ["a"], "privileges": ["write"]}]}'));
    expect(symbols[1].selectionRange).toEqual(rangeOf(d, '"writer"'));
    expectWellNested(symbols);
  });

  it('shows the roles of a bulk body', () => {
    const d = doc('{"roles": {"a": {"cluster": []}, "b": {"run_as": ["x"]}}}', 'file:///roles/bulk.json');
    expect(outline(ls.findDocumentSymbols(d))).toEqual([
      { name: 'a (role)', children: [{ name: 'cluster (0)' }] },
      { name: 'b (role)', children: [{ name: 'run_as (1)' }] },
    ]);
    expectWellNested(ls.findDocumentSymbols(d));
  });

  it('shows an API key by name, with its role descriptors and their restriction', () => {
    const text = '{\n  "name": "ingest-key",\n  "role_descriptors": {\n    "writer": {"cluster": ["monitor"], "restriction": {"workflows": ["search_application_query"]}},\n    "other": {}\n  }\n}';
    const d = doc(text, 'file:///keys/ingest.apikey.json');
    const symbols = ls.findDocumentSymbols(d);
    expect(outline(symbols)).toEqual([
      {
        name: 'ingest-key (API key)',
        children: [{ name: 'writer (role descriptor)', children: [{ name: 'cluster (1)' }, { name: 'restriction' }] }, { name: 'other (role descriptor)' }],
      },
    ]);
    expect(symbols[0].kind).toBe(SymbolKind.Key);
    expect(symbols[0].selectionRange).toEqual(rangeOf(d, '"ingest-key"'));
    expectWellNested(symbols);
  });

  it('names an API key without a name', () => {
    expect(outline(ls.findDocumentSymbols(doc('{"expiration": "1d"}', 'file:///keys/k.apikey.json')))).toEqual([{ name: '(unnamed API key) (API key)' }]);
  });

  it('shows a grant by user, with the granted key inside', () => {
    const d = doc('{"grant_type": "password", "username": "alice", "api_key": {"name": "k", "role_descriptors": {"r": {"indices": []}}}}', 'file:///keys/g.apikey.json');
    const symbols = ls.findDocumentSymbols(d);
    expect(outline(symbols)).toEqual([
      {
        name: 'grant for alice (grant API key)',
        children: [{ name: 'k (API key)', children: [{ name: 'r (role descriptor)', children: [{ name: 'indices (0)' }] }] }],
      },
    ]);
    expectWellNested(symbols);
  });

  it('shows the checks of a has_privileges body', () => {
    const d = doc('{"cluster": ["monitor"], "index": [{"names": ["a"], "privileges": ["read"]}], "application": []}', 'file:///c/x.has_privileges.json');
    expect(outline(ls.findDocumentSymbols(d))).toEqual([
      { name: 'has_privileges', children: [{ name: 'cluster (1)' }, { name: 'index (1)' }, { name: 'application (0)' }] },
    ]);
  });

  it('shows nothing for unknown documents', () => {
    expect(ls.findDocumentSymbols(doc('{"name": "pkg", "version": "1.0.0"}', 'file:///p/package.json'))).toEqual([]);
  });

  it('keeps working on a truncated document', () => {
    const d = doc('{\n  "reader": {"cluster": ["monitor"]},\n  "writer": {"indices": [', 'file:///roles/team.roles.json');
    const symbols = ls.findDocumentSymbols(d);
    expect(symbols.map((s) => s.name)).toEqual(['reader', 'writer']);
  });
});

describe('folding ranges', () => {
  it('folds multi-line objects, arrays and block comments', () => {
    const text = [
      '{', //                          0
      '  "cluster": [', //             1
      '    "monitor"', //              2
      '  ],', //                       3
      '  /* the indices', //           4
      '     this role reads */', //    5
      '  "indices": [', //             6
      '    {', //                      7
      '      "names": ["a"],', //      8
      '      "privileges": ["read"]', // 9
      '    }', //                      10
      '  ],', //                       11
      '  "run_as": ["x"]', //          12
      '}', //                          13
    ].join('\n');
    expect(ls.getFoldingRanges(doc(text, 'file:///roles/f.role.json'))).toEqual([
      { startLine: 0, endLine: 12 },
      { startLine: 1, endLine: 2 },
      { startLine: 4, endLine: 5, kind: FoldingRangeKind.Comment },
      { startLine: 6, endLine: 10 },
      { startLine: 7, endLine: 9 },
    ]);
  });

  it('does not fold single-line or two-line containers', () => {
    expect(ls.getFoldingRanges(doc('{"cluster": ["monitor"]}', 'file:///roles/f.role.json'))).toEqual([]);
    expect(ls.getFoldingRanges(doc('{\n}', 'file:///roles/f.role.json'))).toEqual([]);
  });
});

describe('result limits for huge files', () => {
  // 30 roles, each with cluster, indices (one multi-line entry) and run_as.
  const roles = Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [`role-${i}`, { cluster: ['monitor'], indices: [{ names: [`logs-${i}`], privileges: ['read'] }], run_as: ['bob'] }]),
  );
  const text = JSON.stringify(roles, null, 2);

  it('lists every role first, then sections while the symbol budget lasts', () => {
    const d = doc(text, 'file:///limits.roles.json');
    const all = ls.findDocumentSymbols(d);
    expect(all).toHaveLength(30);
    expect(all.every((s) => s.children?.length === 3)).toBe(true);

    const limited = ls.findDocumentSymbols(d, undefined, 40);
    expect(limited.map((s) => s.name)).toEqual(Object.keys(roles).slice(0, 30));
    const sections = limited.reduce((n, s) => n + (s.children?.length ?? 0), 0);
    expect(30 + sections).toBeLessThanOrEqual(40);
    expect(sections).toBeGreaterThan(0);
    // Budget is spent in document order: the first role has its sections, the last has none.
    expect(limited[0].children).toHaveLength(3);
    expect(limited[29].children).toEqual([]);

    const fewerThanRoles = ls.findDocumentSymbols(d, undefined, 12);
    expect(fewerThanRoles.map((s) => s.name)).toEqual(['role-0', 'role-1', 'role-2', 'role-3', 'role-4', 'role-5', 'role-6', 'role-7', 'role-8', 'role-9']);
  });

  it('keeps the outermost folding ranges when over the client range limit', () => {
    const d = doc(text, 'file:///limits.roles.json');
    const all = ls.getFoldingRanges(d);
    expect(all.length).toBeGreaterThan(100);
    const limited = ls.getFoldingRanges(d, undefined, 31);
    expect(limited).toHaveLength(31);
    // The document object, then one range per role (the outermost levels), in line order.
    expect(limited[0]).toEqual(all[0]);
    const roleStarts = Object.keys(roles).map((name) => rangeOf(d, `"${name}"`).start.line);
    expect(limited.slice(1).map((r) => r.startLine)).toEqual(roleStarts);
    expect(limited.map((r) => r.startLine)).toEqual([...limited.map((r) => r.startLine)].sort((a, b) => a - b));
  });
});

describe('formatting', () => {
  const options = { tabSize: 2, insertSpaces: true };

  it('indents a compact document and keeps its comments', () => {
    const text = '// reader\n{"cluster":["monitor"],/* idx */"indices":[{"names":["a"],"privileges":["read"]}]}';
    const d = doc(text, 'file:///roles/fmt.role.json');
    const formatted = applyEdits(d, ls.format(d, undefined, options));
    expect(formatted).toBe(
      [
        '// reader',
        '{',
        '  "cluster": [',
        '    "monitor"',
        '  ], /* idx */',
        '  "indices": [',
        '    {',
        '      "names": [',
        '        "a"',
        '      ],',
        '      "privileges": [',
        '        "read"',
        '      ]',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
    const errors: ParseError[] = [];
    parse(formatted, errors, { disallowComments: false, allowTrailingComma: false });
    expect(errors).toEqual([]);
    expect(ls.doValidation(doc(formatted, 'file:///roles/fmt.role.json'))).toEqual([]);
  });

  it('is idempotent', () => {
    const d = doc('{\n  "cluster": [\n    "monitor"\n  ] // ops\n}', 'file:///roles/fmt.role.json');
    expect(ls.format(d, undefined, options)).toEqual([]);
  });

  it('uses tabs when asked, and keeps CRLF line ends', () => {
    const d = doc('{"cluster": ["monitor"]}\r\n', 'file:///roles/fmt.role.json');
    const formatted = applyEdits(d, ls.format(d, undefined, { tabSize: 4, insertSpaces: false }));
    expect(formatted).toBe('{\r\n\t"cluster": [\r\n\t\t"monitor"\r\n\t]\r\n}\r\n');
  });

  it('keeps a final line break, and adds none when there was none', () => {
    const withBreak = doc('{"cluster":["monitor"]}\n', 'file:///roles/fmt.role.json');
    expect(applyEdits(withBreak, ls.format(withBreak, undefined, options))).toBe('{\n  "cluster": [\n    "monitor"\n  ]\n}\n');
    const without = doc('{"cluster":["monitor"]}', 'file:///roles/fmt.role.json');
    expect(applyEdits(without, ls.format(without, undefined, options))).toBe('{\n  "cluster": [\n    "monitor"\n  ]\n}');
    expect(applyEdits(without, ls.format(without, undefined, { ...options, insertFinalNewline: true }))).toBe('{\n  "cluster": [\n    "monitor"\n  ]\n}\n');
  });

  it('formats only a range when given one', () => {
    const text = '{"cluster":["monitor"],\n"indices":[ ]}';
    const d = doc(text, 'file:///roles/fmt.role.json');
    const first = { start: { line: 0, character: 0 }, end: { line: 0, character: 23 } };
    const formatted = applyEdits(d, ls.format(d, first, options));
    expect(formatted.endsWith('"indices":[ ]}')).toBe(true);
    expect(formatted).toContain('"cluster": [');
  });
});

describe('document-too-large', () => {
  const text = '{"cluster": ["monitr"]}';

  it('replaces analysis with one warning when the document is over maxDocumentBytes', () => {
    const d = markedDocument(`[[]]${text}`, 'file:///roles/big.role.json', { cursor: false });
    const diagnostics = ls.doValidation(d.doc, { maxDocumentBytes: 10 });
    expect(diagnostics.map((x) => ({ code: x.code, severity: x.severity, range: x.range }))).toEqual([
      { code: Codes.documentTooLarge, severity: 2, range: d.ranges[0] },
    ]);
    expect(diagnostics[0].source).toBe('es-roles');
  });

  it('analyses a document at exactly the limit', () => {
    const d = doc(text, 'file:///roles/big.role.json');
    expect(ls.doValidation(d, { maxDocumentBytes: text.length }).map((x) => x.code)).toEqual([Codes.unknownClusterPrivilege]);
    expect(ls.doValidation(d, { maxDocumentBytes: text.length - 1 }).map((x) => x.code)).toEqual([Codes.documentTooLarge]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const accented = '{"metadata": {"note": "é"}}';
    const d = doc(accented, 'file:///roles/big.role.json');
    expect(ls.doValidation(d, { maxDocumentBytes: accented.length }).map((x) => x.code)).toEqual([Codes.documentTooLarge]);
    expect(ls.doValidation(d, { maxDocumentBytes: accented.length + 1 })).toEqual([]);
  });

  it('counts the UTF-8 bytes of every kind of character as Node does (runs of them, surrogate pairs, lone surrogates)', () => {
    const pieces = ['a', 'é', 'ü', '€', '中文', '😀', '😀😀', '\ud83d', '\ude00', 'x\ud83dy', 'ß€😀'];
    for (let seed = 0; seed < 200; seed++) {
      let note = '';
      for (let i = 0, r = seed; i < 12; i++, r = (r * 1103515245 + 12345) & 0x7fffffff) note += pieces[r % pieces.length];
      const text = `{"metadata": {"note": "${note}"}}`; // raw: lone surrogates stay in the text
      const bytes = Buffer.byteLength(text);
      const d = doc(text, 'file:///roles/big.role.json');
      // The limit is compared exactly only when the text may be over it (between a third of it and it).
      expect(ls.doValidation(d, { maxDocumentBytes: bytes }).map((x) => x.code), note).not.toContain(Codes.documentTooLarge);
      expect(ls.doValidation(d, { maxDocumentBytes: bytes - 1 }).map((x) => x.code), note).toEqual([Codes.documentTooLarge]);
    }
  });

  it('turns completion and hover off for such a document', () => {
    const d = doc(text, 'file:///roles/big.role.json');
    expect(ls.doComplete(d, { line: 0, character: 14 }, { maxDocumentBytes: 10 }).items).toEqual([]);
    expect(ls.doHover(d, { line: 0, character: 14 }, { maxDocumentBytes: 10 })).toBeNull();
  });

  it('uses a large default limit', () => {
    expect(ls.doValidation(doc(text, 'file:///roles/big.role.json')).map((x) => x.code)).toEqual([Codes.unknownClusterPrivilege]);
  });
});

describe('document cache', () => {
  it('reparses a document updated in place to a new version', async () => {
    const { TextDocument } = await import('vscode-languageserver-textdocument');
    const { getLanguageService } = await import('../../server/src/language');
    const ls = getLanguageService();
    const doc = TextDocument.create('file:///x/a.role.json', 'json', 1, '{"cluster": ["monitr"]}');
    expect(ls.doValidation(doc).map((d) => d.code)).toEqual(['unknown-cluster-privilege']);
    TextDocument.update(doc, [{ text: '{"cluster": ["monitor"]}' }], 2);
    expect(ls.doValidation(doc)).toEqual([]);
  });
});
