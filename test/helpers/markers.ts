import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Test fixtures with markers:
 *  - `|` marks the cursor (exactly one, when `cursor` is requested);
 *  - `[[...]]` marks expected ranges (any number, not nested).
 * The helper throws on a missing, duplicated or unbalanced marker, so a broken fixture fails loudly.
 */
export interface Marked {
  readonly text: string;
  readonly doc: TextDocument;
  readonly cursor: Position;
  readonly cursorOffset: number;
  readonly ranges: Range[];
}

let counter = 0;

export function markedDocument(source: string, uri?: string, opts: { cursor?: boolean } = {}): Marked {
  let text = '';
  const rangeOffsets: Array<{ start: number; end: number }> = [];
  let cursorOffset = -1;
  let open = -1;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('[[', i)) {
      if (open >= 0) throw new Error(`nested [[ at ${i}`);
      open = text.length;
      i++;
      continue;
    }
    if (source.startsWith(']]', i) && open >= 0) {
      rangeOffsets.push({ start: open, end: text.length });
      open = -1;
      i++;
      continue;
    }
    if (source[i] === '|' && opts.cursor !== false) {
      if (cursorOffset >= 0) throw new Error('more than one | cursor marker');
      cursorOffset = text.length;
      continue;
    }
    text += source[i];
  }
  if (open >= 0) throw new Error('unclosed [[ marker');
  if (opts.cursor && cursorOffset < 0) throw new Error('missing | cursor marker');
  const doc = TextDocument.create(uri ?? `file:///test/fixture${++counter}.role.json`, 'json', 1, text);
  return {
    text,
    doc,
    cursorOffset,
    cursor: doc.positionAt(Math.max(0, cursorOffset)),
    ranges: rangeOffsets.map((r) => ({ start: doc.positionAt(r.start), end: doc.positionAt(r.end) })),
  };
}

/** A document without markers. */
export function plainDocument(text: string, uri = `file:///test/plain${++counter}.role.json`): TextDocument {
  return TextDocument.create(uri, 'json', 1, text);
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(doc: TextDocument, edits: ReadonlyArray<{ range: Range; newText: string }>): string {
  return TextDocument.applyEdits(doc, edits as Array<{ range: Range; newText: string }>);
}
