import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { keyNodeOf, propertyName, propertyValue } from './nodes';
import { fastParseTree } from './fastParse';
import { Kind, Tree, TreeNode, treeFromNodes } from './tree';
import { MAX_NESTING_DEPTH, nestingTooDeepAt } from './nesting';
import { rememberLineStarts } from './positions';
import { detectShape, type ShapeInfo } from './shapes';

/**
 * One parsed role file: its tree (a table, tree.ts, read as jsonc-parser nodes through `root` or by
 * index through `tree`), the syntax errors and the detected shape. Built once per document version
 * and shared by every feature.
 */
export interface RoleDocument {
  readonly document: TextDocument;
  /** The document version this parse is of (TextDocument objects may be updated in place). */
  readonly version: number;
  readonly text: string;
  readonly root: Node | undefined;
  /** The same tree as a table (tree.ts): `root` is its node 0. Hot paths read it by index. */
  readonly tree: Tree | undefined;
  readonly syntaxErrors: readonly SyntaxError[];
  readonly shape: ShapeInfo;
  /** Duplicate property names, found while parsing (jsonc-parser keeps both). */
  readonly duplicateKeys: readonly Node[];
  /**
   * Set when the text nests deeper than MAX_NESTING_DEPTH: the offset of the first bracket past the
   * limit. Such a document is not parsed (no root) and gets one `nesting-too-deep` diagnostic.
   */
  readonly nestingTooDeepAt?: number;
  /** True when the parse found no comment in the text (so no suppression comment either). */
  readonly withoutComments?: boolean;
}

export interface SyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

const PARSE_OPTIONS = { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true };

export function parseRoleDocument(document: TextDocument): RoleDocument {
  const text = document.getText();
  // A byte-order mark is legal at the start of a file; jsonc-parser treats it as an error.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const { tree, syntaxErrors, duplicateKeys, nestingTooDeepAt, lineStarts, withoutComments } = parseSource(source);
  if (lineStarts) rememberLineStarts(document, lineStarts);
  if (nestingTooDeepAt !== undefined) {
    return { document, version: document.version, text, root: undefined, tree: undefined, syntaxErrors: [], shape: detectShape(undefined, document.uri), duplicateKeys: [], nestingTooDeepAt };
  }
  const root = tree?.node(0);
  return { document, version: document.version, text, root, tree, syntaxErrors, shape: detectShape(root, document.uri), duplicateKeys, withoutComments };
}

interface ParsedSource {
  tree: Tree | undefined;
  syntaxErrors: SyntaxError[];
  duplicateKeys: Node[];
  nestingTooDeepAt?: number;
  lineStarts?: Uint32Array;
  withoutComments?: boolean;
}

function parseSource(source: string): ParsedSource {
  // Valid JSON (with comments) within the nesting limit, the usual case: one pass that also finds
  // duplicate keys (and proves the nesting is fine, so the separate scan below is skipped).
  const fast = fastParseTree(source, MAX_NESTING_DEPTH);
  if (fast) return { tree: fast.tree, syntaxErrors: [], duplicateKeys: fast.duplicateKeys, lineStarts: fast.lineStarts, withoutComments: !fast.comments };
  // jsonc-parser recurses per level: refuse absurd nesting before it overflows the stack.
  const tooDeep = nestingTooDeepAt(source);
  if (tooDeep >= 0) return { tree: undefined, syntaxErrors: [], duplicateKeys: [], nestingTooDeepAt: tooDeep };
  const errors: ParseError[] = [];
  const nodes = parseTree(source, errors, PARSE_OPTIONS);
  const syntaxErrors = errors.map((e) => ({ message: syntaxMessage(e), offset: e.offset, length: e.length }));
  const tree = nodes ? treeFromNodes(nodes, source) : undefined;
  return { tree, syntaxErrors, duplicateKeys: tree ? findDuplicateKeys(tree) : [] };
}

function syntaxMessage(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  const readable: Record<string, string> = {
    InvalidSymbol: 'Invalid symbol',
    InvalidNumberFormat: 'Invalid number format',
    PropertyNameExpected: 'Property name expected',
    ValueExpected: 'Value expected',
    ColonExpected: 'Colon expected',
    CommaExpected: 'Comma expected',
    CloseBraceExpected: 'Closing brace expected',
    CloseBracketExpected: 'Closing bracket expected',
    EndOfFileExpected: 'End of file expected',
    InvalidCommentToken: 'Invalid comment',
    UnexpectedEndOfComment: 'Unterminated comment',
    UnexpectedEndOfString: 'Unterminated string',
    UnexpectedEndOfNumber: 'Unexpected end of number',
    InvalidUnicode: 'Invalid unicode escape',
    InvalidEscapeCharacter: 'Invalid escape character',
    InvalidCharacter: 'Invalid character',
  };
  return readable[code] ?? code;
}

/** The key nodes of properties whose name repeats an earlier one in the same object. */
function findDuplicateKeys(tree: Tree): Node[] {
  const out: Node[] = [];
  for (let o = 0; o < tree.count; o++) {
    if (tree.kind(o) !== Kind.Object) continue;
    const seen = new Set<string>();
    for (let p = tree.first(o); p >= 0; p = tree.next(p)) {
      const name = tree.propertyName(p);
      if (name === undefined) continue;
      if (seen.has(name)) out.push(tree.node(p + 1));
      else seen.add(name);
    }
  }
  // In document order, as the fast parser gives them (an object's keys come after those of the objects in it).
  return out.sort((a, b) => a.offset - b.offset);
}

/** A small per-URI cache keyed by document version, so each version is parsed once. */
export class RoleDocumentCache {
  private readonly entries = new Map<string, RoleDocument>();

  get(document: TextDocument): RoleDocument {
    const hit = this.entries.get(document.uri);
    // Compare with the version recorded at parse time: the document object itself may have been
    // updated in place since (vscode-languageserver's TextDocuments does that).
    if (hit && hit.version === document.version && (hit.document === document || hit.text === document.getText())) return hit;
    const parsed = parseRoleDocument(document);
    this.entries.set(document.uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** A property of an object as `properties` gives it; its key node is made only when read. */
export class PropertyEntry {
  constructor(
    readonly prop: Node,
    readonly name: string,
    readonly value: Node | undefined,
  ) {}

  get key(): Node {
    return keyNodeOf(this.prop);
  }
}

/** Property helpers over jsonc-parser nodes (table nodes are read from their table). */
export function properties(node: Node | undefined): PropertyEntry[] {
  if (node instanceof TreeNode) return treeProperties(node);
  if (!node || node.type !== 'object' || !node.children) return [];
  const out: PropertyEntry[] = [];
  for (const prop of node.children) {
    const name = propertyName(prop);
    if (name === undefined) continue;
    out.push(new PropertyEntry(prop, name, propertyValue(prop)));
  }
  return out;
}

export function getProperty(node: Node | undefined, name: string): Node | undefined {
  if (node instanceof TreeNode) {
    const v = node.tree.get(node.index, name);
    return v >= 0 ? node.tree.node(v) : undefined;
  }
  if (!node || node.type !== 'object' || !node.children) return undefined;
  for (const prop of node.children) if (propertyName(prop) === name) return propertyValue(prop);
  return undefined;
}

function treeProperties({ tree, index }: TreeNode): PropertyEntry[] {
  if (tree.kind(index) !== Kind.Object) return [];
  const out: PropertyEntry[] = [];
  for (let p = tree.first(index); p >= 0; p = tree.next(p)) {
    const name = tree.propertyName(p);
    if (name === undefined) continue;
    const v = tree.propertyValue(p);
    out.push(new PropertyEntry(tree.node(p), name, v >= 0 ? tree.node(v) : undefined));
  }
  return out;
}
