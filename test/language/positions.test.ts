import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { positionsOf } from '../../server/src/language/positions';

/** positionsOf must answer exactly as TextDocument.positionAt, at every offset and past both ends. */
function agreesEverywhere(text: string): void {
  const doc = TextDocument.create('file:///a.role.json', 'elasticsearch-role', 1, text);
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
});
