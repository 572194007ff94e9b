import { createScanner, type Node } from 'jsonc-parser';
import type { Catalog } from '../catalog';
import type { EsVersion } from '../catalog/version';
import type { DiagnosticSink } from '../diagnostics';
import type { WalkContext } from '../context';
import { Tok } from '../tokens';

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
}

export type ObjectRule = (v: Validator, node: Node, ctx: WalkContext) => void;

/**
 * What removes `child` (a property or array element) from `container`, commas included, while
 * keeping the comments around it: `text` (default empty) replaces the range. `text` is the
 * document text the tree was parsed from.
 */
export function removalRange(container: Node, child: Node, text: string): { start: number; end: number; text?: string } {
  const siblings = container.children ?? [];
  const i = siblings.indexOf(child);
  const next = siblings[i + 1];
  const prev = siblings[i - 1];
  const childEnd = child.offset + child.length;
  if (next) {
    // `child,` and the spaces after the comma; the whole line when the element is alone on it.
    const comma = tokenAfter(text, childEnd);
    let start = child.offset;
    let end = comma?.kind === Tok.Comma ? comma.end : childEnd;
    while (text[end] === ' ' || text[end] === '\t') end++;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const eol = text.startsWith('\r\n', end) ? 2 : text[end] === '\n' ? 1 : 0;
    if (eol && /^[ \t]*$/.test(text.slice(lineStart, start))) {
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
    return /\/[/*]/.test(kept) ? { start, end: childEnd, text: kept.trimEnd() } : { start, end: childEnd };
  }
  return { start: child.offset, end: childEnd };
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
