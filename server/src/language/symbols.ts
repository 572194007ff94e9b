import type { Node } from 'jsonc-parser';
import { SymbolKind, type DocumentSymbol, type FoldingRange, type Range } from 'vscode-languageserver-types';
import { FoldingRangeKind } from 'vscode-languageserver-types';
import { createScanner, type SyntaxKind } from 'jsonc-parser';
import { Tok } from './tokens';
import { getProperty, properties, type RoleDocument } from './document';
import { positionsOf } from './positions';

/**
 * The most symbols and folding ranges a document gets (as vscode-json-languageservice's
 * `resultLimit`): a dump of 10,000 roles would otherwise send an outline of 36,000 symbols (8 MB of
 * JSON) and 150,000 folding ranges on every change. VS Code shows at most 5,000 folding regions anyway.
 */
export const DEFAULT_RESULT_LIMIT = 5000;

/**
 * The outline: one symbol per role / API key / role descriptor, with its privilege blocks inside.
 * At most `limit` symbols: every role first (in document order), then their sections while the
 * budget lasts, so a huge file still lists its roles.
 */
export function findDocumentSymbols(doc: RoleDocument, limit = DEFAULT_RESULT_LIMIT): DocumentSymbol[] {
  const root = doc.root;
  if (!root || root.type !== 'object') return [];
  const positionAt = positionsOf(doc.document);
  const range = (n: Node): Range => ({ start: positionAt(n.offset), end: positionAt(n.offset + n.length) });
  // Roles (and the API-key or grant symbol around them) are counted first; sections take what is left.
  let budget = Math.max(limit - 2, 0);
  const roleSymbol = (name: string, value: Node, keyNode: Node | undefined, detail: string): DocumentSymbol => ({
    name: name || '(empty name)',
    detail,
    kind: SymbolKind.Class,
    range: range(keyNode?.parent ?? value),
    selectionRange: range(keyNode ?? value),
    children: [],
  });
  const mapOfRoles = (node: Node | undefined, detail: string) => {
    const roles = properties(node).filter((p) => p.value?.type === 'object');
    const shown = roles.slice(0, budget);
    budget -= shown.length;
    const symbols = shown.map((p) => roleSymbol(p.name, p.value!, p.key, detail));
    shown.forEach((p, i) => {
      if (budget > 0) budget -= (symbols[i].children = sectionSymbols(p.value!, range, budget)).length;
    });
    return symbols;
  };

  switch (doc.shape.shape) {
    case 'role': {
      const symbol = roleSymbol(doc.shape.roleName ?? 'role', root, undefined, 'role');
      symbol.children = sectionSymbols(root, range, budget);
      return [symbol];
    }
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
      return [{ name: 'has_privileges', kind: SymbolKind.Object, range: range(root), selectionRange: range(root), children: sectionSymbols(root, range, budget) }];
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

function sectionSymbols(obj: Node, range: (n: Node) => Range, limit: number): DocumentSymbol[] {
  return properties(obj)
    .filter((p) => SECTIONS.has(p.name) && p.value)
    .slice(0, Math.max(limit, 0))
    .map((p) => ({
      name: p.name,
      kind: p.value!.type === 'array' ? SymbolKind.Array : SymbolKind.Object,
      detail: p.value!.type === 'array' ? `${p.value!.children?.length ?? 0}` : undefined,
      range: range(p.prop),
      selectionRange: range(p.key),
    }));
}

/**
 * Folding for objects, arrays and block comments spanning lines. Past `limit` ranges (the client's
 * `rangeLimit`), the outermost ones are kept: a huge file still folds role by role.
 */
export function getFoldingRanges(doc: RoleDocument, limit = DEFAULT_RESULT_LIMIT): FoldingRange[] {
  const out: Array<FoldingRange & { depth: number }> = [];
  const scanner = createScanner(doc.text, false);
  const positionAt = positionsOf(doc.document);
  const stack: number[] = [];
  let token: SyntaxKind | number = scanner.scan();
  while (token !== Tok.EOF) {
    const line = () => positionAt(scanner.getTokenOffset()).line;
    switch (token) {
      case Tok.OpenBrace:
      case Tok.OpenBracket:
        stack.push(line());
        break;
      case Tok.CloseBrace:
      case Tok.CloseBracket: {
        const start = stack.pop();
        const end = line();
        if (start !== undefined && end - 1 > start) out.push({ startLine: start, endLine: end - 1, depth: stack.length });
        break;
      }
      case Tok.BlockComment: {
        const start = line();
        const end = positionAt(scanner.getTokenOffset() + scanner.getTokenLength()).line;
        if (end > start) out.push({ startLine: start, endLine: end, kind: FoldingRangeKind.Comment, depth: stack.length });
        break;
      }
    }
    token = scanner.scan();
  }
  const kept = out.length > limit ? [...out].sort((a, b) => a.depth - b.depth || a.startLine - b.startLine).slice(0, Math.max(limit, 0)) : out;
  return kept.sort((a, b) => a.startLine - b.startLine).map(({ depth, ...range }) => (void depth, range));
}
