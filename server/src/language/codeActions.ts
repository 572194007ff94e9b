import {
  CodeActionKind, type CodeAction, type CodeActionContext, type Diagnostic, type Range, type TextEdit,
} from 'vscode-languageserver-types';
import { Codes, SOURCE, type DiagnosticData } from './diagnostics';
import type { RoleDocument } from './document';

const REMOVABLE = new Set<string>([
  Codes.duplicatePrivilege, Codes.duplicateKey, Codes.apiKeyOnlyField, Codes.roleOnlyField, Codes.fieldNotAllowed,
  Codes.redundantPrivilege,
]);
const REMOVE_TITLE: Record<string, string> = {
  [Codes.duplicatePrivilege]: 'Remove duplicate privilege',
  [Codes.redundantPrivilege]: 'Remove redundant privilege',
  [Codes.duplicateKey]: 'Remove duplicate field',
  [Codes.apiKeyOnlyField]: 'Remove field not allowed in a role',
  [Codes.roleOnlyField]: 'Remove field not allowed in an API key',
  [Codes.fieldNotAllowed]: 'Remove field not allowed here',
  [Codes.unknownField]: 'Remove unknown field',
};

/** Quick fixes for the diagnostics in `context` (our own, identified by source and code). */
export function getCodeActions(doc: RoleDocument, range: Range, context: CodeActionContext): CodeAction[] {
  void range;
  const actions: CodeAction[] = [];
  const uri = doc.document.uri;
  for (const d of context.diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string') continue;
    const data = (d.data ?? {}) as DiagnosticData;
    const isKey = d.code === Codes.unknownField || d.code === Codes.fieldNotAllowed || d.code === Codes.unknownGlobalCategory;
    (data.suggestions ?? []).forEach((s, i) => {
      const title = d.code === Codes.deprecatedPrivilege ? `Replace with \`${s}\`` : `Change to \`${s}\``;
      actions.push(fix(title, d, uri, [{ range: innerRange(doc, d.range), newText: escapeJson(s) }], i === 0));
    });
    if (data.remove && (REMOVABLE.has(d.code) || (isKey && d.code === Codes.unknownField))) {
      const edit: TextEdit = {
        range: { start: doc.document.positionAt(data.remove.start), end: doc.document.positionAt(data.remove.end) },
        newText: data.remove.text ?? '',
      };
      actions.push(fix(REMOVE_TITLE[d.code] ?? 'Remove', d, uri, [edit], (data.suggestions ?? []).length === 0));
    }
    if (data.insert && d.code === Codes.missingRequiredField) {
      const pos = doc.document.positionAt(data.insert.offset);
      const field = /"([^"]+)"/.exec(data.insert.text)?.[1] ?? 'field';
      actions.push(fix(`Add required field \`${field}\``, d, uri, [{ range: { start: pos, end: pos }, newText: data.insert.text }], true));
    }
  }
  return actions;
}

function fix(title: string, diagnostic: Diagnostic, uri: string, edits: TextEdit[], isPreferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes: { [uri]: edits } } };
}

/** A string token's range without its quotes (diagnostics cover the whole token). */
function innerRange(doc: RoleDocument, range: Range): Range {
  const start = doc.document.offsetAt(range.start);
  const end = doc.document.offsetAt(range.end);
  if (doc.text[start] === '"' && doc.text[end - 1] === '"' && end - start >= 2) {
    return { start: doc.document.positionAt(start + 1), end: doc.document.positionAt(end - 1) };
  }
  return range;
}

function escapeJson(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}
