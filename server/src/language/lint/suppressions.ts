/**
 * Inline suppressions: a JSONC comment
 *
 *     // es-roles-ignore <code>[, <code>...]: <reason>
 *
 * (or the same in a block comment) suppresses the lint findings of those codes that start on the
 * next line holding JSON (further comment lines in between are skipped, so suppressions stack).
 */
import { createScanner } from 'jsonc-parser';
import { Tok } from '../tokens';

export const SUPPRESSION_MARKER = 'es-roles-ignore';

export interface SuppressedCode {
  readonly code: string;
  /** Offset and length of the code in the document (for findings about the suppression). */
  readonly offset: number;
  readonly length: number;
}

export interface Suppression {
  readonly codes: readonly SuppressedCode[];
  /** The text after the colon, trimmed ('' when missing). */
  readonly reason: string;
  /** The comment's offset and length. */
  readonly offset: number;
  readonly length: number;
  /** The 0-based line the suppression applies to (undefined: no JSON after the comment). */
  readonly targetLine: number | undefined;
}

const DIRECTIVE = new RegExp(`^(\\s*)${SUPPRESSION_MARKER}(?![\\w-])`);

/** Every suppression comment in a text, in order. Linear; free when the marker does not occur. */
export function parseSuppressions(text: string, lineAt: (offset: number) => number): Suppression[] {
  if (!text.includes(SUPPRESSION_MARKER)) return [];
  const scanner = createScanner(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text, false);
  const out: Suppression[] = [];
  let pending: Array<Omit<Suppression, 'targetLine'>> = [];
  for (let t = scanner.scan(); t !== Tok.EOF; t = scanner.scan()) {
    if (t === Tok.Trivia || t === Tok.LineBreak) continue;
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (t === Tok.LineComment || t === Tok.BlockComment) {
      const parsed = parseDirective(text, offset, length, t === Tok.BlockComment);
      if (parsed) pending.push(parsed);
      continue;
    }
    if (pending.length > 0) {
      const line = lineAt(offset);
      for (const p of pending) out.push({ ...p, targetLine: line });
      pending = [];
    }
  }
  for (const p of pending) out.push({ ...p, targetLine: undefined });
  return out;
}

/** `// es-roles-ignore a, b: why` -> codes with their offsets, and the reason. */
function parseDirective(text: string, offset: number, length: number, block: boolean): Omit<Suppression, 'targetLine'> | undefined {
  const bodyStart = offset + 2;
  const bodyEnd = block && text.startsWith('*/', offset + length - 2) ? offset + length - 2 : offset + length;
  const body = text.slice(bodyStart, bodyEnd);
  const m = DIRECTIVE.exec(body);
  if (!m) return undefined;
  const rest = body.slice(m[0].length);
  const restStart = bodyStart + m[0].length;
  const colon = rest.indexOf(':');
  const codesText = colon < 0 ? rest : rest.slice(0, colon);
  const reason = colon < 0 ? '' : rest.slice(colon + 1).trim();
  const codes: SuppressedCode[] = [];
  const word = /[^\s,]+/g;
  for (let w = word.exec(codesText); w; w = word.exec(codesText)) {
    codes.push({ code: w[0], offset: restStart + w.index, length: w[0].length });
  }
  return { codes, reason, offset, length };
}
