import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { parseRoleDocument } from '../../server/src/language/document';
import { fastParseTree } from '../../server/src/language/fastParse';
import { positionsOf } from '../../server/src/language/positions';

/** positionsOf must answer exactly as TextDocument.positionAt, at every offset and past both ends. */
function agreesEverywhere(text: string, parsed = false): void {
  const doc = TextDocument.create('file:///a.role.json', 'elasticsearch-role', 1, text);
  // The parse records the line starts it passes, and positionsOf then answers from them.
  if (parsed) parseRoleDocument(doc);
  const reference = TextDocument.create('file:///b.role.json', 'elasticsearch-role', 1, text);
  const positionAt = positionsOf(doc);
  for (let offset = -2; offset <= text.length + 2; offset++) {
    expect(positionAt(offset), `offset ${offset} of ${JSON.stringify(text)}`).toEqual(reference.positionAt(offset));
  }
}

describe('positionsOf', () => {
  it.each([
    ['empty', ''],
    ['one line', '{"cluster": ["monitor"]}'],
    ['line feeds', '{\n  "cluster": [\n    "monitor"\n  ]\n}\n'],
    ['leading and trailing breaks', '\n\n{}\n\n'],
    ['CRLF', '{\r\n  "a": 1\r\n}\r\n'],
    ['lone CR', '{\r"a": 1\r}'],
    ['mixed breaks', '{\n"a": 1\r\n"b": 2\r}'],
    ['surrogate pairs', '{\n"😀": "\u{1F600}"\n}'],
  ])('agrees with TextDocument.positionAt: %s', (_name, text) => agreesEverywhere(text));

  it('follows a document updated in place to a new version', () => {
    const doc = TextDocument.create('file:///a.role.json', 'elasticsearch-role', 1, '{\n"a": 1\n}');
    expect(positionsOf(doc)(4)).toEqual({ line: 1, character: 2 });
    TextDocument.update(doc, [{ range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '\n\n' }], 2);
    expect(positionsOf(doc)(4)).toEqual(doc.positionAt(4));
    expect(positionsOf(doc)(4)).toEqual({ line: 3, character: 0 });
  });

  const parsedTexts: Array<[string, string]> = [
    ['line feeds', '{\n  "cluster": [\n    "monitor"\n  ]\n}\n'],
    ['line comments', '// roles\n{\n  "a": { // the first\n    "cluster": [] // none\n  }\n}\n// end'],
    ['block comments over lines', '/* a\n * b\n */{\n  "a": /* x\n y */ {"cluster": ["monitor"]}\n}/*\n*/'],
    ['byte-order mark', '\ufeff{\n  "a": {}\n}\n'],
    ['no line break', '{"a": {"cluster": ["all"]}}'],
  ];
  it.each(parsedTexts)('agrees with TextDocument.positionAt after a parse: %s', (_name, text) => {
    // document.ts hands the parser a byte-order mark as a space.
    expect(fastParseTree(text.replace(/^\ufeff/, ' '))?.lineStarts, 'the fast parser reads this text').toBeDefined();
    agreesEverywhere(text, true);
  });

  it('leaves text with a carriage return to TextDocument, also in a comment', () => {
    for (const text of ['{\r\n"a": {}\r\n}', '{/* \r */"a": {}}', '{"a": {}} // x\r']) {
      const parse = fastParseTree(text);
      expect(parse?.root, text).toBeDefined();
      expect(parse?.lineStarts, text).toBeUndefined();
      agreesEverywhere(text, true);
    }
  });

  it('records line starts as the text has them', () => {
    expect(Array.from(fastParseTree('{\n"a": /*\n*/ 1\n}\n')!.lineStarts!)).toEqual([0, 2, 10, 15, 17]);
  });
});
