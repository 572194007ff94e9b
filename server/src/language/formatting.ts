import { format as formatJson } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';

/** Formats the whole document or a range, keeping comments (jsonc-parser's formatter). */
export function format(document: TextDocument, range: Range | undefined, options: FormattingOptions): TextEdit[] {
  const text = document.getText();
  const offsets = range ? { offset: document.offsetAt(range.start), length: document.offsetAt(range.end) - document.offsetAt(range.start) } : undefined;
  const edits = formatJson(text, offsets, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    // Unless the editor says otherwise, a file that ends with a line break keeps it.
    insertFinalNewline: options.insertFinalNewline ?? (!range && /\n\s*$/.test(text)),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    keepLines: false,
  });
  return edits.map((e) => ({
    range: { start: document.positionAt(e.offset), end: document.positionAt(e.offset + e.length) },
    newText: e.content,
  }));
}
