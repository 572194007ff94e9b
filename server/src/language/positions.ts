import type { Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Offset -> position for a document version, answering exactly as `TextDocument.positionAt`.
 *
 * TextDocument builds its line table with a character loop on first use; on a 10 MB file that is
 * ~30 ms, paid again for every new version opened without incremental sync. For text whose only line
 * break is `\n` (the usual case) this builds the table with `indexOf`, several times faster; text with
 * `\r` uses TextDocument's own table.
 */
export type PositionAt = (offset: number) => Position;

const tables = new WeakMap<TextDocument, { version: number; positionAt: PositionAt }>();

export function positionsOf(document: TextDocument): PositionAt {
  const hit = tables.get(document);
  if (hit && hit.version === document.version) return hit.positionAt;
  const text = document.getText();
  const positionAt: PositionAt = text.includes('\r') ? (offset) => document.positionAt(offset) : lineFeedTable(text);
  tables.set(document, { version: document.version, positionAt });
  return positionAt;
}

/**
 * Records where the lines of this document version start, as a parse found them on the way (text
 * without `\r` only), so that positionsOf need not look for them again.
 */
export function rememberLineStarts(document: TextDocument, starts: Uint32Array): void {
  tables.set(document, { version: document.version, positionAt: fromLineStarts(starts, document.getText().length) });
}

function lineFeedTable(text: string): PositionAt {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const starts = new Uint32Array(lines);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return fromLineStarts(starts, text.length);
}

function fromLineStarts(starts: Uint32Array, length: number): PositionAt {
  const lines = starts.length;
  return (offset) => {
    const at = Math.max(Math.min(offset, length), 0);
    // The last line start <= at.
    let low = 0;
    let high = lines;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (starts[mid] > at) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    return { line, character: at - starts[line] };
  };
}
