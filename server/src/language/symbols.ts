import type { Node } from 'jsonc-parser';
import { SymbolKind, type DocumentSymbol, type FoldingRange, type Range } from 'vscode-languageserver-types';
import { FoldingRangeKind } from 'vscode-languageserver-types';
import { createScanner, type SyntaxKind } from 'jsonc-parser';
import { Tok } from './tokens';
import { getProperty, properties, type RoleDocument } from './document';

/** The outline: one symbol per role / API key / role descriptor, with its privilege blocks inside. */
export function findDocumentSymbols(doc: RoleDocument): DocumentSymbol[] {
  const root = doc.root;
  if (!root || root.type !== 'object') return [];
  const range = (n: Node): Range => ({ start: doc.document.positionAt(n.offset), end: doc.document.positionAt(n.offset + n.length) });
  const roleSymbol = (name: string, value: Node, keyNode: Node | undefined, detail: string): DocumentSymbol => ({
    name: name || '(empty name)',
    detail,
    kind: SymbolKind.Class,
    range: range(keyNode?.parent ?? value),
    selectionRange: range(keyNode ?? value),
    children: sectionSymbols(value, range),
  });
  const mapOfRoles = (node: Node | undefined, detail: string) =>
    properties(node)
      .filter((p) => p.value?.type === 'object')
      .map((p) => roleSymbol(p.name, p.value!, p.key, detail));

  switch (doc.shape.shape) {
    case 'role':
      return [roleSymbol(doc.shape.roleName ?? 'role', root, undefined, 'role')];
    case 'roles':
      return mapOfRoles(root, 'role');
    case 'bulk':
      return mapOfRoles(getProperty(root, 'roles'), 'role');
    case 'api_key_create':
      return [apiKeySymbol(root, range, mapOfRoles(getProperty(root, 'role_descriptors'), 'role descriptor'))];
    case 'api_key_grant': {
      const apiKey = getProperty(root, 'api_key');
      const user = getProperty(root, 'username');
      const key = apiKey?.type === 'object' ? [apiKeySymbol(apiKey, range, mapOfRoles(getProperty(apiKey, 'role_descriptors'), 'role descriptor'))] : [];
      return [
        {
          name: `grant for ${typeof user?.value === 'string' ? user.value : 'user'}`,
          detail: 'grant API key',
          kind: SymbolKind.Object,
          range: range(root),
          selectionRange: range(root),
          children: key,
        },
      ];
    }
    case 'has_privileges':
      return [{ name: 'has_privileges', kind: SymbolKind.Object, range: range(root), selectionRange: range(root), children: sectionSymbols(root, range) }];
    default:
      return [];
  }
}

function apiKeySymbol(node: Node, range: (n: Node) => Range, children: DocumentSymbol[]): DocumentSymbol {
  const name = getProperty(node, 'name');
  return {
    name: typeof name?.value === 'string' && name.value ? name.value : '(unnamed API key)',
    detail: 'API key',
    kind: SymbolKind.Key,
    range: range(node),
    selectionRange: range(name ?? node),
    children,
  };
}

const SECTIONS = new Set(['cluster', 'indices', 'index', 'applications', 'application', 'remote_indices', 'remote_cluster', 'global', 'run_as', 'restriction']);

function sectionSymbols(obj: Node, range: (n: Node) => Range): DocumentSymbol[] {
  return properties(obj)
    .filter((p) => SECTIONS.has(p.name) && p.value)
    .map((p) => ({
      name: p.name,
      kind: p.value!.type === 'array' ? SymbolKind.Array : SymbolKind.Object,
      detail: p.value!.type === 'array' ? `${p.value!.children?.length ?? 0}` : undefined,
      range: range(p.prop),
      selectionRange: range(p.key),
    }));
}

/** Folding for objects, arrays and block comments spanning lines. */
export function getFoldingRanges(doc: RoleDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const scanner = createScanner(doc.text, false);
  const stack: number[] = [];
  let token: SyntaxKind | number = scanner.scan();
  while (token !== Tok.EOF) {
    const line = () => doc.document.positionAt(scanner.getTokenOffset()).line;
    switch (token) {
      case Tok.OpenBrace:
      case Tok.OpenBracket:
        stack.push(line());
        break;
      case Tok.CloseBrace:
      case Tok.CloseBracket: {
        const start = stack.pop();
        const end = line();
        if (start !== undefined && end - 1 > start) out.push({ startLine: start, endLine: end - 1 });
        break;
      }
      case Tok.BlockComment: {
        const start = line();
        const end = doc.document.positionAt(scanner.getTokenOffset() + scanner.getTokenLength()).line;
        if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment });
        break;
      }
    }
    token = scanner.scan();
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
