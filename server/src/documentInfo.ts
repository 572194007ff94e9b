/**
 * The answer to `elasticsearchRoles/documentInfo`: what a role document holds, computed from the
 * language service's parse, outline and validation (no analysis of its own).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { Codes, type DocumentSettings, type RoleLanguageService } from './language';
import type { DocumentInfo, DocumentRoleInfo } from './protocol';

export function computeDocumentInfo(
  service: RoleLanguageService,
  document: TextDocument,
  settings: DocumentSettings,
): DocumentInfo {
  const diagnostics = service.doValidation(document, settings);
  // Over the size limit: not parsed, so nothing to say about its roles.
  if (diagnostics.length === 1 && diagnostics[0].code === Codes.documentTooLarge) return { shape: 'unknown', roles: [], hasErrors: false };
  const parsed = service.parse(document);
  const shape = parsed.shape.shape;
  const inApiKey = shape === 'api_key_create' || shape === 'api_key_grant';
  const roles: DocumentRoleInfo[] = [];

  const visit = (symbols: readonly DocumentSymbol[]) => {
    for (const s of symbols) {
      if (s.kind === SymbolKind.Key) {
        // An API key: its name is the `name` value the symbol selects (absent -> '').
        roles.push({ name: stringAt(document, s.selectionRange) ?? '', range: s.selectionRange, kind: 'api_key' });
      } else if (s.kind === SymbolKind.Class) {
        const key = stringAt(document, s.selectionRange);
        const name = key ?? (shape === 'role' ? parsed.shape.roleName : undefined) ?? s.name;
        roles.push({ name, range: s.selectionRange, kind: inApiKey ? 'role_descriptor' : 'role' });
      }
      if (s.children) visit(s.children);
    }
  };
  visit(service.findDocumentSymbols(document, settings));

  const hasErrors = diagnostics.some((d) => d.severity === DiagnosticSeverity.Error);
  return { shape, roles, hasErrors };
}

/** The JSON string token at `range`, decoded; undefined when the range is not a string token. */
function stringAt(document: TextDocument, range: Range): string | undefined {
  const text = document.getText(range);
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
