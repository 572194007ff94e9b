import { createScanner, type Node } from 'jsonc-parser';
import type { Catalog } from '../catalog';
import type { EsVersion } from '../catalog/version';
import type { DiagnosticSink } from '../diagnostics';
import type { WalkContext } from '../context';
import { siblingsAround } from '../nodes';
import { Tok } from '../tokens';
import type { Tree } from '../tree';

/** Everything a validation rule needs. */
export interface Validator {
  readonly sink: DiagnosticSink;
  /** The catalog in use: the target version's bundled list or the cluster's live one. */
  readonly catalog: Catalog;
  /** The newest bundled catalog, to tell "too new for the target" from "unknown". */
  readonly newest: Catalog;
  readonly target: EsVersion;
  readonly targetLabel: string;
  /** The document text (for edits that keep comments). */
  readonly text: string;
  /** The document's tree, read by index. */
  readonly tree: Tree;
  /** Per-run memos of the rules, by name (privilege verdicts by string index, ...). */
  readonly memos: Map<string, unknown>;
}

export type ObjectRule = (v: Validator, node: Node, ctx: WalkContext) => void;

/**
 * What removes `child` (a property or array element) from `container`, commas included, while
 * keeping the comments around it: `text` (default empty) replaces the range. `text` is the
 * document text the tree was parsed from.
 */
export function removalRange(container: Node, child: Node, text: string): { start: number; end: number; text?: string } {
  const { prev, next } = siblingsAround(container, child);
  const childEnd = child.offset + child.length;
  if (next) {
    // `child,` and the spaces after the comma; the whole line when the element is alone on it.
    const comma = tokenAfter(text, childEnd);
    let start = child.offset;
    let end = comma?.kind === Tok.Comma ? comma.end : childEnd;
    while (text[end] === ' ' || text[end] === '\t') end++;
    // Comments between the element and its comma stay (a line comment with its line break).
    const between = comma?.kind === Tok.Comma ? text.slice(childEnd, comma.offset) : '';
    if (/\/[/*]/.test(between)) {
      const kept = between.trimStart();
      return { start, end, text: kept.endsWith('*/') ? `${kept} ` : kept };
    }
    const eol = text.startsWith('\r\n', end) ? 2 : text[end] === '\n' ? 1 : 0;
    // Only blanks between the line start and the element (scanning back over blanks only: a line of
    // a million elements must not be rescanned for each of them).
    let lineStart = start;
    while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
    if (eol && (lineStart === 0 || text[lineStart - 1] === '\n')) {
      start = lineStart;
      end += eol;
    }
    return { start, end };
  }
  if (prev) {
    // `, child` from the end of the previous sibling; comments in between stay.
    const start = prev.offset + prev.length;
    const comma = tokenAfter(text, start);
    const between = text.slice(start, child.offset);
    const commaAt = comma?.kind === Tok.Comma ? comma.offset - start : -1;
    const kept = commaAt >= 0 ? between.slice(0, commaAt) + between.slice(commaAt + 1) : between;
    if (!/\/[/*]/.test(kept)) return { start, end: childEnd };
    // Trailing blanks go, but a line comment at the end keeps its line break unless a line break
    // (or another line comment, which it may swallow) follows the element anyway.
    let j = childEnd;
    while (text[j] === ' ' || text[j] === '\t') j++;
    const lineEndsAnyway = j >= text.length || text[j] === '\n' || text[j] === '\r' || text.startsWith('//', j);
    return { start, end: childEnd, text: lineEndsAnyway ? kept.trimEnd() : trimAfterComments(kept) };
  }
  return { start: child.offset, end: childEnd };
}

/** `s` without trailing blanks, except the line break that ends a trailing line comment. */
function trimAfterComments(s: string): string {
  const trimmed = s.trimEnd();
  const scanner = createScanner(trimmed, false);
  let last: number = Tok.EOF;
  for (let t: number = scanner.scan(); t !== Tok.EOF; t = scanner.scan()) if (t !== Tok.Trivia && t !== Tok.LineBreak) last = t;
  if (last !== Tok.LineComment) return trimmed;
  const nl = s.indexOf('\n', trimmed.length);
  return nl >= 0 ? s.slice(0, nl + 1) : `${trimmed}\n`;
}

/** The first token at or after `offset` that is not whitespace or a comment. */
function tokenAfter(text: string, offset: number): { kind: number; offset: number; end: number } | undefined {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  for (let t = scanner.scan(); t !== Tok.EOF; t = scanner.scan()) {
    if (t === Tok.Trivia || t === Tok.LineBreak || t === Tok.LineComment || t === Tok.BlockComment) continue;
    return { kind: t, offset: scanner.getTokenOffset(), end: scanner.getTokenOffset() + scanner.getTokenLength() };
  }
  return undefined;
}
