/**
 * Quick fixes are edits to files people keep in version control: every offered action, applied to
 * a commented file, must leave the text outside its edit byte for byte as it was, keep every comment
 * (also the ones inside a removed range), and not turn a file without syntax errors into one with.
 * First on hand-written files with a mistake on most lines, then on seeds with comments inserted at
 * random token boundaries (seeded).
 */
import fc from 'fast-check';
import { createScanner, findNodeAtOffset, parseTree } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/language';
import { Tok } from '../../server/src/language/tokens';
import { seeds } from './corpus';

const service = getLanguageService();

/** The comments of `text`, with their offsets. */
function commentsOf(text: string): Array<{ text: string; offset: number }> {
  const scanner = createScanner(text, false);
  const out: Array<{ text: string; offset: number }> = [];
  for (let t: number = scanner.scan(); t !== Tok.EOF; t = scanner.scan()) {
    if (t === Tok.LineComment || t === Tok.BlockComment) out.push({ text: text.substr(scanner.getTokenOffset(), scanner.getTokenLength()), offset: scanner.getTokenOffset() });
  }
  return out;
}

/** Comments of `before` (outside `removed`, the element a fix deletes) that `after` lacks. */
function missingComments(before: string, after: string, removed: { start: number; end: number } | undefined): string[] {
  const left = commentsOf(after).map((c) => c.text);
  const missing: string[] = [];
  for (const c of commentsOf(before)) {
    if (removed && c.offset >= removed.start && c.offset < removed.end) continue;
    const i = left.indexOf(c.text);
    if (i < 0) missing.push(c.text);
    else left.splice(i, 1);
  }
  return missing;
}

/** The property or array element a diagnostic is about: a removal fix may take the comments inside it. */
function elementOf(doc: TextDocument, d: Diagnostic): { start: number; end: number } | undefined {
  const root = parseTree(doc.getText());
  const node = root && findNodeAtOffset(root, doc.offsetAt(d.range.start));
  if (!node) return undefined;
  const element = node.parent?.type === 'property' && node.parent.children?.[0] === node ? node.parent : node;
  return { start: element.offset, end: element.offset + element.length };
}

interface Applied {
  readonly title: string;
  readonly code: string;
  readonly problems: string[];
}

/** Applies every action offered for every diagnostic of `text` and checks each result. */
function applyEveryFix(uri: string, text: string): Applied[] {
  const doc = TextDocument.create(uri, 'json', 1, text);
  const diagnostics = service.doValidation(doc);
  const syntaxBefore = diagnostics.some((d) => d.code === 'syntax-error');
  const out: Applied[] = [];
  for (const d of diagnostics) {
    for (const action of service.getCodeActions(doc, d.range, { diagnostics: [d] })) {
      out.push({ title: action.title, code: String(d.code), problems: check(doc, action, d, syntaxBefore) });
    }
  }
  service.forget(uri);
  return out;
}

function check(doc: TextDocument, action: CodeAction, d: Diagnostic, syntaxBefore: boolean): string[] {
  const problems: string[] = [];
  const text = doc.getText();
  const edits: TextEdit[] = action.edit?.changes?.[doc.uri] ?? [];
  if (edits.length === 0) return [`"${action.title}" has no edit`];
  const starts = edits.map((e) => doc.offsetAt(e.range.start));
  const ends = edits.map((e) => doc.offsetAt(e.range.end));
  const first = Math.min(...starts);
  const last = Math.max(...ends);
  const fixed = TextDocument.applyEdits(doc, edits);
  // Outside the edited span: unchanged, byte for byte (formatting, comments, line endings).
  const suffix = text.slice(last);
  if (!fixed.startsWith(text.slice(0, first))) problems.push(`changed the text before ${first}`);
  if (!fixed.endsWith(suffix) || fixed.length - suffix.length < first) problems.push(`changed the text after ${last}`);
  const lost = missingComments(text, fixed, action.title.startsWith('Remove') ? elementOf(doc, d) : undefined);
  if (lost.length > 0) problems.push(`lost comments ${JSON.stringify(lost)}`);
  if (!syntaxBefore) {
    const after = service.doValidation(TextDocument.create(`${doc.uri}#fixed`, 'json', 1, fixed));
    service.forget(`${doc.uri}#fixed`);
    const syntax = after.find((x) => x.code === 'syntax-error');
    if (syntax) problems.push(`made a syntax error: ${syntax.message} at ${JSON.stringify(syntax.range.start)}\n${fixed}`);
  }
  return problems.map((p) => `${d.code} -> "${action.title}": ${p}`);
}

const COMMENTED_ROLE = `// Header comment: keep me.
/* A block
   comment over lines. */
{
  "cluster": [
    "monitor", // first
    "monitr", // misspelled: a "Change to" fix
    /* before the duplicate */ "monitor" /* after the duplicate */, // a "Remove" fix
    "manage_data_frame_transforms" // deprecated: a "Replace with" fix
  ],
  "indices": [
    {
      // an entry without names: "Add required field"
      "privileges": ["read", /* x */ "read" /* y */]
    },
    {
      "names": ["a"],
      "privilege": ["read"], // unknown field, with a "Change to privileges" fix
      "privileges": ["raed"]
    }
  ],
  "restriction": { "workflows": ["search_application_query"] }, // role-only: remove
  "metadata": { "k": 1 },
  "metadata": { "k": 2 } // duplicate key
}
`;

const COMMENTED_API_KEY = `{
  // A key whose descriptors carry mistakes.
  "name": "deployer",
  "role_descriptors": {
    "a": {
      "description": "not allowed in an API key", /* role only */
      "cluster": ["monitr" /* typo */, "monitor", "monitor"]
    },
    "b": { "indices": [ { "names": ["x"], "privileges": ["read"], "field_secrity": {} } ] }
  }
}`;

const CRLF_ROLES = '{\r\n  // crlf\r\n  "r": {\r\n    "cluster": ["monitor",\r\n      "monitor" // dup\r\n    ],\r\n    "indeces": []\r\n  }\r\n}\r\n';

describe('every quick fix keeps the rest of the file', () => {
  it.each([
    ['a commented role', 'file:///work/roles/commented.role.json', COMMENTED_ROLE],
    ['a commented API key', 'file:///work/keys/commented.apikey.json', COMMENTED_API_KEY],
    ['a roles map with CRLF line endings', 'file:///work/roles/crlf.roles.json', CRLF_ROLES],
  ])('%s', (_, uri, text) => {
    const applied = applyEveryFix(uri, text);
    // The fixtures offer every kind of fix: change, replace, remove, add.
    const titles = applied.map((a) => a.title.split(' ')[0]);
    for (const kind of ['Change', 'Remove']) expect(titles, kind).toContain(kind);
    expect(applied.flatMap((a) => a.problems)).toEqual([]);
  });

  it('offers Replace and Add on the commented role', () => {
    const titles = applyEveryFix('file:///work/roles/commented.role.json', COMMENTED_ROLE).map((a) => a.title);
    expect(titles.some((t) => t.startsWith('Replace with'))).toBe(true);
    expect(titles.some((t) => t.startsWith('Add required field'))).toBe(true);
  });

  it('with comments inserted at random token boundaries (seeded)', () => {
    const corpus = seeds().filter((s) => s.text.length < 5000);
    const COMMENTS = ['/* c */', '// c\n', '/*\n multi\n*/', '//\n', '/**/'];
    fc.assert(
      fc.property(
        fc.nat({ max: corpus.length - 1 }),
        fc.array(fc.tuple(fc.nat({ max: 10_000 }), fc.constantFrom(...COMMENTS)), { minLength: 1, maxLength: 8 }),
        (seedIndex, inserts) => {
          const seed = corpus[seedIndex];
          // Token boundaries of the seed, where a comment is legal.
          const scanner = createScanner(seed.text, false);
          const boundaries: number[] = [];
          for (let t: number = scanner.scan(); t !== Tok.EOF; t = scanner.scan()) boundaries.push(scanner.getTokenOffset() + scanner.getTokenLength());
          if (boundaries.length === 0) return;
          let text = seed.text;
          const at = [...new Set(inserts.map(([n, c]) => `${boundaries[n % boundaries.length]}\u0000${c}`))]
            .map((k) => k.split('\u0000'))
            .map(([offset, c]) => [Number(offset), c] as const)
            .sort((a, b) => b[0] - a[0]);
          for (const [offset, comment] of at) text = text.slice(0, offset) + comment + text.slice(offset);
          const problems = applyEveryFix(seed.uri, text).flatMap((a) => a.problems);
          if (problems.length > 0) throw new Error(`${seed.name}:\n${problems.join('\n')}\n--- document ---\n${text}`);
        },
      ),
      { seed: 20_250_601, numRuns: 400 },
    );
  });
});
