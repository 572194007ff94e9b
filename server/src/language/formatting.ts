import { format as formatJson } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { nestingTooDeepAt } from './nesting';

/** Formats the whole document or a range, keeping comments (jsonc-parser's formatter). */
export function format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[] {
  const text = document.getText();
  // jsonc-parser indents every level: 100,000 levels would mean gigabytes of edits (see nesting.ts).
  if (nestingTooDeepAt(text) >= 0) return [];
  const offsets = range ? { offset: document.offsetAt(range.start), length: document.offsetAt(range.end) - document.offsetAt(range.start) } : undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = formatJson(text, offsets, {
    tabSize: tabSizeOf(options.tabSize),
    insertSpaces: options.insertSpaces,
    // Unless the editor says otherwise, a file that ends with a line break keeps it.
    insertFinalNewline: options.insertFinalNewline ?? (!range && /\n\s*$/.test(text)),
    eol,
    keepLines: false,
  });
  // jsonc-parser 3.3.1 returns `content: undefined` for a line break indented by exactly 200
  // characters (its cache of indentations has 200 entries and it checks `> length`): that edit is the
  // line break plus 200 spaces or tabs (`tabSize` 8 at depth 25, tabs at depth 200).
  const indent200 = `${eol}${(options.insertSpaces ? ' ' : '\t').repeat(200)}`;
  return edits.map((e) => ({
    range: { start: document.positionAt(e.offset), end: document.positionAt(e.offset + e.length) },
    newText: e.content ?? indent200,
  }));
}

/**
 * The indentation width, clamped to 1..32 as editors clamp it: the options come from the client, and
 * jsonc-parser builds each line's indentation by repetition (a tabSize of 300,000,000 runs the
 * server out of memory).
 */
function tabSizeOf(tabSize: unknown): number {
  return typeof tabSize === 'number' && Number.isFinite(tabSize) ? Math.min(32, Math.max(1, Math.floor(tabSize))) : 4;
}
